// Community search boxes over the selects of communities/choices.py. The select holds
// only the chosen communities; a search (and, for several, a raion with «all of this
// raion») adds options to it. The select stays the form's field, so the server checks
// every choice against the person's scope as before.
(function () {
  "use strict";

  function make(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text) element.textContent = text;
    return element;
  }

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : {}; });
  }

  function setUp(select) {
    var many = select.dataset.communitySearch === "many";
    var base = select.dataset.searchUrl;
    var box = make("div", "community-search mb-2");
    var row = make("div", "d-flex flex-wrap gap-2 mb-1");
    var input = make("input", "form-control form-control-sm");
    input.type = "search";
    input.placeholder = select.dataset.labelSearch;
    input.setAttribute("aria-label", select.dataset.labelSearch);
    input.title = select.dataset.labelHint;
    row.appendChild(input);
    var raion = null;
    if (many) {
      raion = make("select", "form-select form-select-sm w-auto");
      raion.setAttribute("aria-label", select.dataset.labelRaion);
      raion.appendChild(new Option(select.dataset.labelAnyRaion, ""));
      var all = make("button", "btn btn-sm btn-outline-secondary", select.dataset.labelAll);
      all.type = "button";
      row.appendChild(raion);
      row.appendChild(all);
      fetchJson(base + "?raions=1").then(function (data) {
        (data.raions || []).forEach(function (item) {
          raion.appendChild(new Option(item.text, item.id));
        });
      });
      all.addEventListener("click", function () {
        if (!raion.value) return;
        fetchJson(base + "?raion=" + encodeURIComponent(raion.value)).then(function (data) {
          (data.results || []).forEach(choose);
        });
      });
      raion.addEventListener("change", search);
    }
    var results = make("ul", "list-group list-group-flush small");
    var chosen = make("ul", "list-unstyled d-flex flex-wrap gap-1 mt-1");
    box.appendChild(row);
    box.appendChild(results);
    select.parentNode.insertBefore(box, select);
    if (many) {
      select.hidden = true;
      box.appendChild(chosen);
      drawChosen();
    }

    function drawChosen() {
      chosen.textContent = "";
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.selected) return;
        var item = make("li", "badge text-bg-light border d-inline-flex align-items-center gap-1");
        item.appendChild(document.createTextNode(option.text));
        var remove = make("button", "btn-close btn-close-sm");
        remove.type = "button";
        remove.setAttribute("aria-label", select.dataset.labelRemove + ": " + option.text);
        remove.addEventListener("click", function () {
          option.remove();
          drawChosen();
        });
        item.appendChild(remove);
        chosen.appendChild(item);
      });
    }

    function choose(item) {
      var existing = Array.prototype.find.call(select.options, function (option) {
        return option.value === String(item.id);
      });
      if (!many) {
        Array.prototype.forEach.call(select.options, function (option) {
          if (option.value) option.remove();
        });
        existing = null;
      }
      if (!existing) {
        existing = new Option(item.text, item.id, true, true);
        select.appendChild(existing);
      }
      existing.selected = true;
      if (many) drawChosen();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    var timer = null;
    function search() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = input.value.trim();
        var params = new URLSearchParams();
        if (text) params.set("q", text);
        if (raion && raion.value) params.set("raion", raion.value);
        results.textContent = "";
        if (text.length < 2 && !(raion && raion.value && text)) return;
        fetchJson(base + "?" + params.toString()).then(function (data) {
          results.textContent = "";
          var found = data.results || [];
          if (!found.length) {
            results.appendChild(make("li", "list-group-item text-muted", select.dataset.labelNone));
          }
          found.forEach(function (item) {
            var line = make("li", "list-group-item p-0");
            var button = make("button", "btn btn-link btn-sm text-start w-100", item.text);
            button.type = "button";
            button.addEventListener("click", function () {
              choose(item);
              results.textContent = "";
              input.value = "";
            });
            line.appendChild(button);
            results.appendChild(line);
          });
        });
      }, 200);
    }
    input.addEventListener("input", search);
  }

  document.querySelectorAll("select[data-community-search]").forEach(setUp);
})();
