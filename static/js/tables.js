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
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && labels[column]) {
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
