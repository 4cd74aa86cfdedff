// The attendance page: tick or clear every box at once, and count the ticks.
(function () {
  "use strict";
  var form = document.getElementById("attendance-form");
  if (!form) {
    return;
  }
  var boxes = form.querySelectorAll("input[name=attended]");
  var counter = document.getElementById("attendance-count");

  function count() {
    var ticked = 0;
    boxes.forEach(function (box) {
      if (box.checked) {
        ticked += 1;
      }
    });
    if (counter) {
      counter.textContent = counter.dataset.template
        .replace("{count}", ticked)
        .replace("{total}", boxes.length);
    }
  }

  form.querySelectorAll("[data-attendance]").forEach(function (button) {
    button.addEventListener("click", function () {
      var tick = button.dataset.attendance === "all";
      boxes.forEach(function (box) {
        box.checked = tick;
      });
      count();
    });
  });
  boxes.forEach(function (box) {
    box.addEventListener("change", count);
  });
  count();
})();
