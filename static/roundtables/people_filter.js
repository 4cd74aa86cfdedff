// A filter box over the register's checkboxes on the "add participants" page: typing
// hides the people whose name, position or community do not match.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[data-people-filter]");
  if (!boxes.length) return;
  var lines = Array.prototype.map.call(boxes, function (box) {
    return box.closest(".form-check") || box.parentNode;
  });
  var input = document.createElement("input");
  input.type = "search";
  input.className = "form-control form-control-sm mb-2";
  input.placeholder = boxes[0].dataset.peopleFilter;
  input.setAttribute("aria-label", boxes[0].dataset.peopleFilter);
  lines[0].parentNode.insertBefore(input, lines[0]);
  input.addEventListener("input", function () {
    var words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    lines.forEach(function (line) {
      var text = line.textContent.toLocaleLowerCase();
      line.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
    });
  });
})();
