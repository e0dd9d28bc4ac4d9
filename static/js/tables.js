/* Data tables on phones: below 768 px every table in <main> is shown as stacked cards (CSS in
 * foundry.css), one card per row, each cell labelled with its column heading. This script copies
 * each column heading into data-label on its cells, so every table — including tables added later
 * — gets the labels without any markup of its own. A table opts out with class "table-keep". */
(function () {
  "use strict";

  function headings(table) {
    var row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!row) { return null; }
    var labels = [];
    Array.prototype.forEach.call(row.cells, function (cell) {
      var text = (cell.getAttribute("data-label") || cell.textContent || "").trim();
      for (var i = 0; i < (cell.colSpan || 1); i += 1) { labels.push(text); }
    });
    return labels;
  }

  function label(table) {
    var labels = headings(table);
    if (!labels) { return; }
    // The footer too: a totals row ("All universities") is a card of its own on a phone.
    var bodies = Array.prototype.slice.call(table.tBodies);
    if (table.tFoot) { bodies.push(table.tFoot); }
    bodies.forEach(function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          // A cell across the whole row is a group's heading ("Technical skill · Fintech"),
          // not a value of the first column: no label.
          var spansRow = (cell.colSpan || 1) >= labels.length && labels.length > 1;
          if (!cell.hasAttribute("data-label") && labels[column] && !spansRow) {
            cell.setAttribute("data-label", labels[column]);
          }
          column += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("table-stacked");
  }

  function labelAll() {
    document.querySelectorAll("main table.table:not(.table-keep)").forEach(label);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", labelAll);
  } else {
    labelAll();
  }
})();
