/* A searchable picker over a multi-select (progressive enhancement): <select multiple
 * data-picker> becomes a filter box, a list of checkboxes and the chosen ones as removable
 * chips. The select stays in the form (hidden) and is what is submitted, so the server sees
 * exactly what the plain select would send; without JavaScript the select works as before.
 * Keyboard: type to filter, Down moves into the list, Up/Down move between the boxes, Space
 * ticks, Escape clears the filter; each chip's button removes it. No inline script (CSP). */
(function () {
  "use strict";

  var counter = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }

  function enhance(select) {
    var base = select.id || ("picker-" + (++counter));
    var t = select.dataset;  // translated texts, written by the template
    var label = document.querySelector("label[for='" + select.id + "']");
    var wrapper = el("div", { "class": "picker", "data-picker-for": select.id });
    var chips = el("ul", { "class": "picker-chips list-unstyled", "aria-label": t.pickerChosen });
    var filter = el("input", { type: "search", id: base + "-filter", "class": "form-control form-control-sm",
                               placeholder: t.pickerPlaceholder, autocomplete: "off",
                               "aria-controls": base + "-list" });
    var help = select.getAttribute("aria-describedby");
    if (help) { filter.setAttribute("aria-describedby", help); }
    var list = el("div", { id: base + "-list", "class": "picker-list border rounded", role: "group",
                           "aria-label": t.pickerList || (label ? label.textContent.trim() : "") });
    var status = el("p", { "class": "picker-status small text-muted mb-0", "aria-live": "polite" });
    var boxes = [];

    Array.prototype.forEach.call(select.options, function (option, index) {
      var id = base + "-option-" + index;
      var row = el("div", { "class": "form-check picker-option" });
      var box = el("input", { type: "checkbox", "class": "form-check-input", id: id, value: option.value });
      box.checked = option.selected;
      box.addEventListener("change", function () { option.selected = box.checked; render(); });
      row.appendChild(box);
      row.appendChild(el("label", { "class": "form-check-label", "for": id }, option.text));
      list.appendChild(row);
      boxes.push({ box: box, row: row, option: option, text: option.text.toLowerCase() });
    });

    function visible() { return boxes.filter(function (b) { return !b.row.hidden; }); }

    function render() {
      chips.textContent = "";
      var chosen = boxes.filter(function (b) { return b.option.selected; });
      chosen.forEach(function (b) {
        var chip = el("li", { "class": "picker-chip badge text-bg-light border" });
        chip.appendChild(el("span", {}, b.option.text));
        var remove = el("button", { type: "button", "class": "btn-close ms-1",
                                    "aria-label": fill(t.pickerRemove, { name: b.option.text }) });
        remove.addEventListener("click", function () {
          b.option.selected = false;
          b.box.checked = false;
          render();
          filter.focus();
        });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
      chips.hidden = chosen.length === 0;
      status.textContent = fill(t.pickerStatus, { shown: visible().length, chosen: chosen.length });
    }

    filter.addEventListener("input", function () {
      var words = filter.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
      boxes.forEach(function (b) {
        b.row.hidden = !words.every(function (w) { return b.text.indexOf(w) !== -1; });
      });
      render();
    });
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // never submits the form
      if (event.key === "Escape" && filter.value) {
        event.preventDefault();
        filter.value = "";
        filter.dispatchEvent(new Event("input"));
      }
      if (event.key === "ArrowDown") {
        var first = visible()[0];
        if (first) { event.preventDefault(); first.box.focus(); }
      }
    });
    list.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
      var shown = visible();
      var at = shown.findIndex(function (b) { return b.box === document.activeElement; });
      if (at === -1) { return; }
      event.preventDefault();
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) { filter.focus(); } else if (next < shown.length) { shown[next].box.focus(); }
    });

    wrapper.appendChild(chips);
    wrapper.appendChild(filter);
    wrapper.appendChild(list);
    wrapper.appendChild(status);
    select.hidden = true;
    select.setAttribute("tabindex", "-1");
    select.parentNode.insertBefore(wrapper, select.nextSibling);
    if (label) { label.setAttribute("for", filter.id); }
    var helpText = help && document.getElementById(help.split(" ")[0]);
    if (helpText && t.pickerHelp) { helpText.textContent = t.pickerHelp; }
    render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[multiple][data-picker]").forEach(enhance);
  });
})();
