/* Dashboard filters: the programme list follows the faculty as soon as the faculty changes
 * (no need to press Apply first). A programme of another faculty is hidden and, if it was the
 * chosen one, the choice goes back to "All programmes". Static file: CSP-safe. */
(function () {
  "use strict";

  function follow(faculty, programme) {
    var chosen = faculty.value;
    Array.prototype.forEach.call(programme.options, function (option) {
      var owner = option.getAttribute("data-faculty");
      var fits = !owner || !chosen || owner === chosen;
      option.hidden = !fits;
      option.disabled = !fits;
      if (!fits && option.selected) { programme.value = ""; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var faculty = document.getElementById("f-faculty");
    var programme = document.getElementById("f-programme");
    if (!faculty || !programme) { return; }
    faculty.addEventListener("change", function () { follow(faculty, programme); });
  });
})();
