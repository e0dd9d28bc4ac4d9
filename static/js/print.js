/* Print buttons on pages without charts (e.g. the event report). */
document.querySelectorAll("[data-action='print']").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
