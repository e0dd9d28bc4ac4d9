// The import job page while the job runs: poll its state, move the bar, reload when done.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = box.querySelector(".progress");
  var fill = box.querySelector(".progress-bar");
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        bar.setAttribute("aria-valuenow", job.progress);
        fill.style.width = job.progress + "%";
        fill.textContent = job.progress + " %";
        if (job.running) { window.setTimeout(poll, 1000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
