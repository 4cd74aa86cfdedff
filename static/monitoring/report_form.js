// Live sums of each breakdown on the monitoring form, checked against the indicator's total.
// An empty total is filled in from the first breakdown the person types into (that one
// only), until they type a total themselves. No inline script: the CSP forbids it.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) {
    return;
  }
  var number = function (input) {
    var value = parseFloat((input.value || "").replace(",", "."));
    return isNaN(value) ? 0 : value;
  };
  var totals = {};
  form.querySelectorAll("[data-total]").forEach(function (input) {
    totals[input.dataset.total] = input;
    input.dataset.auto = input.value === "" ? "yes" : "no";
    input.addEventListener("input", function () {
      input.dataset.auto = "no";
      refresh();
    });
  });
  var groups = {};
  form.querySelectorAll("[data-part]").forEach(function (input) {
    (groups[input.dataset.part] = groups[input.dataset.part] || []).push(input);
    input.addEventListener("input", function () {
      var code = input.dataset.part.split(":")[0];
      var total = totals[code];
      var from = total && total.dataset.autoFrom;
      if (total && total.dataset.auto === "yes" && (!from || from === input.dataset.part)) {
        total.dataset.autoFrom = input.dataset.part;
        total.value = String(sum(groups[input.dataset.part]));
      }
      refresh();
    });
  });
  function sum(inputs) {
    return inputs.reduce(function (acc, input) { return acc + number(input); }, 0);
  }
  function refresh() {
    Object.keys(groups).forEach(function (key) {
      var label = form.querySelector('[data-sum-for="' + key + '"]');
      if (!label) {
        return;
      }
      var inputs = groups[key];
      var total = totals[key.split(":")[0]];
      var filled = inputs.some(function (input) { return input.value !== ""; });
      var value = sum(inputs);
      label.textContent = "Σ " + value;
      label.classList.remove("text-success", "text-danger");
      if (filled && total) {
        var matches = value === number(total);
        label.classList.add(matches ? "text-success" : "text-danger");
        label.textContent += matches ? " ✓" : " ≠ " + number(total);
      }
    });
  }
  refresh();
})();
