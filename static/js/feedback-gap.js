// Skills feedback form: show gap = expected − observed as the levels are chosen.
(function () {
  "use strict";
  function describe(gap) {
    var form = document.getElementById("feedback-form");
    if (gap === null) return "–";
    if (gap > 0) return "+" + gap + " (" + form.dataset.below + ")";
    if (gap === 0) return "0 (" + form.dataset.equal + ")";
    return "−" + (-gap) + " (" + form.dataset.above + ")";
  }
  function update(row) {
    var selects = row.querySelectorAll("select[name$='-expected'], select[name$='-observed']");
    var output = row.querySelector("output[data-gap]");
    if (selects.length !== 2 || !output) return;
    var expected = parseInt(selects[0].value, 10);
    var observed = parseInt(selects[1].value, 10);
    output.textContent = describe(isNaN(expected) || isNaN(observed) ? null : expected - observed);
  }
  document.querySelectorAll("tr[data-gap-row]").forEach(function (row) {
    row.addEventListener("change", function () { update(row); });
  });
})();
