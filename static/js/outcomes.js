// First-destination form: show only the fields that apply to the chosen activity (e.g. no
// salary for further study). Progressive enhancement only: without JavaScript every field is
// shown and the server clears the ones that do not apply.
(function () {
  "use strict";
  var form = document.getElementById("outcome-form");
  if (!form) { return; }
  var relevant = JSON.parse(form.getAttribute("data-relevant") || "{}");
  var fields = ["employer_company_id", "employer_name", "job_title", "sector", "location",
                "annual_salary", "start_date"];

  function sync() {
    var checked = form.querySelector("input[name=category]:checked");
    var keep = checked ? (relevant[checked.value] || []) : fields;
    fields.forEach(function (name) {
      var input = document.getElementById(name);
      var wrapper = input && input.closest(".mb-3");
      if (wrapper) { wrapper.hidden = keep.indexOf(name) < 0; }
    });
  }

  form.querySelectorAll("input[name=category]").forEach(function (radio) {
    radio.addEventListener("change", sync);
  });
  sync();
})();
