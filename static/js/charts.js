/* Talent Foundry dashboards: draw every chart container on the page.
 * Each container has data-figure-url (the figure's JSON, built on the server from the same
 * published table as the data table next to it). No inline scripts: CSP-friendly. */
(function () {
  "use strict";

  var CONFIG = {
    responsive: true,
    displaylogo: false,
    modeBarButtonsToRemove: ["lasso2d", "select2d", "autoScale2d"],
    toImageButtonOptions: { format: "png", scale: 2 }
  };

  function showProblem(container, message) {
    container.textContent = "";
    var p = document.createElement("p");
    p.className = "alert alert-warning small mb-0";
    p.textContent = message;
    container.appendChild(p);
  }

  function draw(container) {
    var url = container.getAttribute("data-figure-url");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (figure) {
        container.textContent = "";
        // On the page the section heading already names the chart: keep the figure's own title
        // for the PNG download only, so the page does not say it twice.
        var title = figure.layout.title && figure.layout.title.text;
        var config = Object.assign({}, CONFIG, {
          toImageButtonOptions: Object.assign({}, CONFIG.toImageButtonOptions,
                                              { filename: title || "chart" })
        });
        if (title) { figure.layout.title = Object.assign({}, figure.layout.title, { text: "" }); }
        return window.Plotly.newPlot(container, figure.data, figure.layout, config);
      })
      .then(function () { container.setAttribute("data-drawn", "true"); })
      .catch(function () {
        showProblem(container, "The chart could not be drawn. The same figures are in the data table below.");
      });
  }

  function resizeAll() {
    document.querySelectorAll("[data-drawn]").forEach(function (el) {
      window.Plotly.Plots.resize(el);
    });
  }

  // On A4 a legend at the right or a colour bar's title would be clipped ("30+ h/wee",
  // "Gap (le"): for printing, legends go under the plot and colour-bar titles run sideways.
  var printing = false;

  function legendBelow(el) {
    // The legend goes under the whole figure (container coordinates), and the figure grows by
    // the legend's rows so the plot keeps its size and nothing overlaps the axis title.
    var items = (el.data || []).filter(function (t) { return t.showlegend !== false; }).length;
    var extra = 24 * Math.ceil(items / 3) + 12;
    var full = el._fullLayout || {};
    return window.Plotly.relayout(el, {
      "legend.orientation": "h", "legend.x": 0, "legend.xanchor": "left",
      "legend.yref": "container", "legend.y": 0, "legend.yanchor": "bottom",
      "margin.b": ((full.margin && full.margin.b) || 60) + extra,
      height: (full.height || 400) + extra
    });
  }

  function layoutForPrint(print) {
    if (print === printing) { return; }
    printing = print;
    document.querySelectorAll("[data-drawn]").forEach(function (el) {
      if (print && !el._screen) {
        el._screen = { legend: Object.assign({}, el.layout.legend || {}),
                       margin: Object.assign({}, el.layout.margin || {}),
                       height: el.layout.height };
      }
      (el.data || []).forEach(function (trace, index) {
        if (trace.type === "heatmap") {
          window.Plotly.restyle(el, { "colorbar.title.side": print ? "right" : "top" }, [index]);
        }
      });
      var resized = window.Plotly.Plots.resize(el);
      Promise.resolve(resized).then(function () {
        if (print) { return legendBelow(el); }
        var screen = el._screen || {};
        return window.Plotly.relayout(el, { legend: screen.legend || {},
                                            margin: screen.margin || {}, height: screen.height });
      }).then(function () { el.setAttribute("data-print-layout", print ? "true" : "false"); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Plotly) {
      document.querySelectorAll("[data-figure-url]").forEach(function (el) {
        showProblem(el, "Charts are unavailable. The same figures are in the data tables.");
      });
      return;
    }
    document.querySelectorAll("[data-figure-url]").forEach(draw);
    document.querySelectorAll("[data-action='print']").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    if (window.matchMedia) {
      window.matchMedia("print").addEventListener("change", function (query) {
        layoutForPrint(query.matches);
      });
    }
    window.addEventListener("beforeprint", function () { layoutForPrint(true); });
    window.addEventListener("afterprint", function () { layoutForPrint(false); });
    window.addEventListener("resize", function () { if (!printing) { resizeAll(); } });
  });
})();
