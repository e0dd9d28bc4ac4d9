/* Ask before an irreversible step. A form (or its submit button) with data-confirm="question"
 * opens the page's accessible dialog (#confirm-dialog in base.html: role="dialog", focus moved
 * in and given back, Escape cancels) instead of submitting at once; data-confirm-action names the
 * confirming button (default: the button's own text). Without JavaScript the form submits as
 * before. No inline script and no window.confirm(), so the strict CSP holds. */
(function () {
  "use strict";

  var dialogEl, modal, pending = null;

  function textOf(el) {
    var clone = el.cloneNode(true);
    clone.querySelectorAll(".visually-hidden").forEach(function (n) { n.remove(); });
    return clone.textContent.trim();
  }

  function ask(form, submitter) {
    var source = submitter && submitter.hasAttribute("data-confirm") ? submitter : form;
    dialogEl.querySelector("[data-confirm-message]").textContent = source.getAttribute("data-confirm");
    var ok = dialogEl.querySelector("[data-confirm-ok]");
    ok.textContent = source.getAttribute("data-confirm-action") || (submitter ? textOf(submitter) : ok.getAttribute("data-default"));
    var danger = submitter && /danger/.test(submitter.className);
    ok.className = "btn " + (danger ? "btn-danger" : "btn-primary");
    pending = { form: form, submitter: submitter };
    modal.show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    dialogEl = document.getElementById("confirm-dialog");
    if (!dialogEl || !window.bootstrap) { return; }
    modal = new window.bootstrap.Modal(dialogEl);
    dialogEl.addEventListener("shown.bs.modal", function () {
      dialogEl.querySelector("[data-confirm-cancel]").focus();
    });
    dialogEl.querySelector("[data-confirm-ok]").addEventListener("click", function () {
      var job = pending;
      pending = null;
      modal.hide();
      if (!job) { return; }
      job.form.setAttribute("data-confirmed", "true");
      if (job.submitter && job.submitter.name) {  // keep the pressed button's own value
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = job.submitter.name;
        hidden.value = job.submitter.value;
        job.form.appendChild(hidden);
      }
      job.form.submit();
    });
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var submitter = event.submitter || null;
      var asks = form.hasAttribute("data-confirm") || (submitter && submitter.hasAttribute("data-confirm"));
      if (!asks || form.getAttribute("data-confirmed") === "true") { return; }
      event.preventDefault();
      ask(form, submitter);
    }, true);
  });
})();
