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

  // Below this width (a phone) the figure is laid out for a narrow screen: legends above the plot
  // in rows, long category labels wrapped and shortened, the colour bar thin, smaller type.
  var NARROW = 576;

  function wrapLabel(text, width, lines) {
    text = String(text);
    var out = [], line = "";
    // Chinese has no spaces: cut it into pieces of half the width (each character is wide).
    var cjk = /[\u2e80-\u9fff\uf900-\ufaff]/.test(text) && !/\s/.test(text);
    var words = cjk ? text.match(new RegExp(".{1," + Math.ceil(width / 2) + "}", "g")) : text.split(/\s+/);
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) { out.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { out.push(line); }
    if (out.length > lines) {
      out = out.slice(0, lines);
      out[lines - 1] = out[lines - 1].slice(0, width - 1) + "…";
    }
    return out.map(function (l) { return l.length > width + 2 ? l.slice(0, width) + "…" : l; }).join("<br>");
  }

  function categoriesOf(data, letter) {
    var seen = [], index = {};
    data.forEach(function (trace) {
      var values = trace[letter];
      if (!Array.isArray(values)) { return; }
      values.forEach(function (v) {
        if (typeof v === "string" && !index.hasOwnProperty(v)) { index[v] = true; seen.push(v); }
      });
    });
    return seen;
  }

  function phoneLayout(figure, width) {
    var layout = JSON.parse(JSON.stringify(figure.layout));
    var data = JSON.parse(JSON.stringify(figure.data));
    if (width >= NARROW) { return { data: data, layout: layout }; }
    layout.font = Object.assign({}, layout.font, { size: 11 });
    layout.margin = Object.assign({}, layout.margin, { l: 4, r: 4 });
    var named = data.filter(function (t) { return t.showlegend !== false && t.name; });
    if (layout.showlegend !== false && named.length > 1) {
      // The legend above the plot across the whole width, one or two entries a row (two when
      // the names are short), and the figure made taller to hold it.
      var longest = Math.max.apply(null, named.map(function (t) { return String(t.name).length; }));
      var columns = longest * 6 + 30 < width / 2 ? 2 : 1;
      layout.legend = Object.assign({}, layout.legend, {
        orientation: "h", xref: "container", yref: "container", x: 0, xanchor: "left", y: 1,
        yanchor: "top", font: { size: 10 }, entrywidth: Math.floor((width - 20) / columns),
        entrywidthmode: "pixels"
      });
      layout.height = (layout.height || 380) + Math.ceil(named.length / columns) * 19;
      layout.margin.t = 20;
    }
    var heatmap = data.some(function (t) { return t.type === "heatmap"; });
    ["x", "y"].forEach(function (letter) {
      var axis = layout[letter + "axis"] = Object.assign({}, layout[letter + "axis"]);
      var categories = categoriesOf(data, letter);
      if (!categories.length || categories.every(function (c) { return c.length <= 10; })) { return; }
      var room = Math.floor((width - (heatmap ? 200 : 80)) / categories.length / 7);
      var upright = letter === "x" && room < 9;  // too many columns: turn the labels
      var chars = letter === "y" ? 16 : (upright ? 14 : room);
      axis.tickmode = "array";
      axis.tickvals = categories;
      axis.ticktext = categories.map(function (c) { return wrapLabel(c, chars, 2); });
      axis.tickangle = upright ? -60 : 0;
      // The axis title repeats what the labels say; on a phone its room goes to the labels.
      if (letter === "y" || heatmap) { axis.title = { text: "" }; }
    });
    data.forEach(function (trace) {
      if (trace.type === "heatmap") {
        trace.colorbar = Object.assign({}, trace.colorbar, { thickness: 10, xpad: 4 });
        if (trace.colorbar.title) {
          trace.colorbar.title = Object.assign({}, trace.colorbar.title, { side: "top" });
        }
        trace.texttemplate = "";  // the numbers do not fit in phone-sized cells; tap for them
      }
    });
    return { data: data, layout: layout };
  }

  function plot(container, figure, config) {
    var width = container.clientWidth || window.innerWidth;
    var fitted = phoneLayout(figure, width);
    container.setAttribute("data-narrow", width < NARROW ? "true" : "false");
    // On a phone the tool bar would sit on the legend; the data table below has the figures.
    var options = Object.assign({}, config, { displayModeBar: width >= NARROW });
    return window.Plotly.react(container, fitted.data, fitted.layout, options);
  }

  function showProblem(container, message) {
    container.textContent = "";
    var p = document.createElement("p");
    p.className = "alert alert-warning small mb-0";
    p.textContent = message;
    container.appendChild(p);
  }

  // Each figure is in the page, in a JSON block beside its container (no request); a figure
  // missing there (an older page) is asked for at its data-figure-url.
  function request(container) {
    var block = container.nextElementSibling;
    if (block && block.classList.contains("figure-data")) {
      try { return Promise.resolve(JSON.parse(block.textContent)); } catch (e) { /* fetch */ }
    }
    var url = container.getAttribute("data-figure-url");
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      });
  }

  function draw(container) {
    return request(container)
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
        container._foundry = { figure: figure, config: config };
        return plot(container, figure, config);
      })
      .then(function () {
        container.setAttribute("data-drawn", "true");
        if (printing) { printLayoutOf(container, true); }  // drawn while printing
      })
      .catch(function () {
        showProblem(container, "The chart could not be drawn. The same figures are in the data table below.");
      });
  }

  function resizeAll() {
    document.querySelectorAll("[data-drawn]").forEach(function (el) {
      var narrow = (el.clientWidth < NARROW) ? "true" : "false";
      if (el._foundry && el.getAttribute("data-narrow") !== narrow) {
        plot(el, el._foundry.figure, el._foundry.config);  // crossed the phone width: re-lay out
      } else {
        window.Plotly.Plots.resize(el);
      }
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
    if (print) { drawRest(); }  // a printout holds every chart, scrolled to or not
    document.querySelectorAll("[data-drawn]").forEach(function (el) {
      printLayoutOf(el, print);
    });
  }

  function printLayoutOf(el, print) {
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
  }

  // Charts on the first screen are drawn at once; the others only after that screen has been
  // painted, then one at a time, each in its own task: first those that come near the screen,
  // then the rest when the browser is idle. So the first screen never waits for charts nobody
  // sees yet (each takes a slice of a slow phone's CPU), and scrolling or typing is never
  // blocked for longer than one chart.
  var rest = [];
  var queue = [];
  var busy = false;
  var observer = null;
  var idle = window.requestIdleCallback || function (callback) { return setTimeout(callback, 50); };

  function afterPaint(callback) {
    // the next frame (with the charts just drawn) is painted first, then a new task starts
    var next = function () { setTimeout(callback, 0); };
    if (window.requestAnimationFrame && document.visibilityState !== "hidden") {
      window.requestAnimationFrame(next);
    } else {
      next();
    }
  }

  function take(el) {
    var index = rest.indexOf(el);
    if (index < 0) { return false; }
    rest.splice(index, 1);
    if (observer) { observer.unobserve(el); }
    return true;
  }

  function pump() {
    if (busy || !queue.length) { return; }
    busy = true;
    draw(queue.shift()).then(function () {
      afterPaint(function () { busy = false; pump(); });
    });
  }

  function drawSoon(el) {
    if (take(el)) { queue.push(el); pump(); }
  }

  function drawWhenIdle() {
    idle(function () {
      if (!rest.length) { return; }
      if (!busy && !queue.length) { drawSoon(rest[0]); }
      drawWhenIdle();
    }, { timeout: 1000 });
  }

  function drawRest() {
    rest.slice().forEach(function (el) { if (take(el)) { draw(el); } });
    queue.splice(0).forEach(draw);
  }

  function drawLater() {
    if (window.IntersectionObserver) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) { if (entry.isIntersecting) { drawSoon(entry.target); } });
      }, { rootMargin: "400px 0px" });
      rest.forEach(function (el) { observer.observe(el); });
    }
    drawWhenIdle();
  }

  function drawAll() {
    var first = [];
    document.querySelectorAll("[data-figure-url]").forEach(function (el) {
      (el.getBoundingClientRect().top < window.innerHeight ? first : rest).push(el);
    });
    Promise.all(first.map(draw)).then(function () { afterPaint(drawLater); });
  }

  function start() {
    if (!window.Plotly) {
      document.querySelectorAll("[data-figure-url]").forEach(function (el) {
        showProblem(el, "Charts are unavailable. The same figures are in the data tables.");
      });
      return;
    }
    drawAll();
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
    var timer = null;
    window.addEventListener("resize", function () {
      if (printing) { return; }
      clearTimeout(timer);
      timer = setTimeout(resizeAll, 200);
    });
  }

  // Loaded with defer (after plotly.js): the page is parsed by now, so draw at once.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
