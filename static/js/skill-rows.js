/* "Add a skill" on the position form: adds an empty skill row in the page. Without JavaScript
 * the same button submits and the server sends the form back with one more row and everything
 * typed kept. Rows are named skills-N-skill_id / skills-N-level (WTForms FieldList); a new row
 * is a copy of the first with the next index and no value or error. No inline script (CSP). */
(function () {
  "use strict";

  function renumber(row, index) {
    row.querySelectorAll("[id], [name], [for], [aria-describedby]").forEach(function (el) {
      ["id", "name", "for", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(/skills-\d+-/g, "skills-" + index + "-")); }
      });
    });
  }

  function blank(row) {
    row.querySelectorAll(".invalid-feedback").forEach(function (n) { n.remove(); });
    row.querySelectorAll("select, input").forEach(function (el) {
      el.classList.remove("is-invalid");
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
      if (el.tagName === "SELECT") { el.selectedIndex = 0; } else { el.value = ""; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var rows = document.querySelector("[data-skill-rows]");
    var button = document.querySelector("[data-add-skill-row]");
    if (!rows || !button) { return; }
    var max = parseInt(rows.getAttribute("data-max"), 10) || 30;
    // A plain button now: Enter in a text field saves the position (the form's default button).
    button.type = "button";
    button.removeAttribute("name");
    button.addEventListener("click", function () {
      var existing = rows.querySelectorAll(".skill-row");
      if (existing.length >= max) { return; }
      var row = existing[0].cloneNode(true);
      blank(row);
      renumber(row, existing.length);
      rows.appendChild(row);
      if (existing.length + 1 >= max) { button.disabled = true; }
      var select = row.querySelector("select");
      if (select) { select.focus(); }
    });
  });
})();
