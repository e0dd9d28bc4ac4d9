// Sign-up: narrow the faculty and programme lists to the university of the typed e-mail and
// the chosen faculty. Progressive enhancement only: without JavaScript every option is shown
// and the server checks the choice against the e-mail's university.
(function () {
  "use strict";
  var form = document.getElementById("signup-form");
  if (!form) { return; }
  var email = form.querySelector("#email");
  var faculty = form.querySelector("#faculty_id");
  var programme = form.querySelector("#programme_id");

  function domainOf(value) {
    var at = value.lastIndexOf("@");
    return at < 0 ? "" : value.slice(at + 1).trim().toLowerCase();
  }

  function showOption(option, visible) {
    option.hidden = !visible;
    option.disabled = !visible;
  }

  function syncGroups(select) {
    select.querySelectorAll("optgroup").forEach(function (group) {
      var any = Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
      group.hidden = !any;
    });
  }

  function filterFaculties() {
    var domain = domainOf(email.value);
    var known = domain && faculty.querySelector('option[data-domains~="' + CSS.escape(domain) + '"]');
    faculty.querySelectorAll("option[data-domains]").forEach(function (option) {
      var mine = (option.getAttribute("data-domains") || "").split(" ").indexOf(domain) >= 0;
      showOption(option, !known || mine);
      if (option.selected && option.hidden) { faculty.value = ""; }
    });
    syncGroups(faculty);
    filterProgrammes();
  }

  function filterProgrammes() {
    if (!programme) { return; }
    var chosen = faculty.value;
    programme.querySelectorAll("option[data-faculty]").forEach(function (option) {
      showOption(option, !chosen || option.getAttribute("data-faculty") === chosen);
      if (option.selected && option.hidden) { programme.value = ""; }
    });
    syncGroups(programme);
  }

  email.addEventListener("change", filterFaculties);
  email.addEventListener("input", filterFaculties);
  faculty.addEventListener("change", filterProgrammes);
  filterFaculties();
})();
