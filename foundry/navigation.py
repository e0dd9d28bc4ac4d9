"""The navigation of each role: (endpoint, label). Links whose endpoint is not registered are
left out, so a feature appears in the menu as soon as its blueprint is registered."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

NAVIGATION = {
    "student": (
        ("main.home", _l("Home")),
        ("positions.pool", _l("Talent Pool")),
        ("applications.mine", _l("Applications")),
        ("internships.mine", _l("Internships")),
        ("mentoring.index", _l("Mentoring")),
        ("events.index", _l("Events")),
        ("outcomes.mine", _l("My destination")),
        ("dashboards.student", _l("My progress")),
    ),
    "company": (
        ("main.home", _l("Home")),
        ("positions.company_list", _l("Positions")),
        ("applications.pipeline", _l("Applicants")),
        ("internships.company_list", _l("Interns")),
        ("mentoring.index", _l("Mentoring")),
        ("dashboards.company", _l("Dashboard")),
    ),
    "dean": (
        ("main.home", _l("Home")),
        ("dashboards.dean", _l("Placement dashboard")),
        ("outcomes.staff_list", _l("Graduate outcomes")),
        ("imports.index", _l("Imports")),
    ),
    "admin": (
        ("main.home", _l("Home")),
        ("dashboards.admin", _l("Cross-university view")),
        ("companies.admin_list", _l("Companies")),
        ("admin.users", _l("Users")),
        ("admin.universities", _l("Universities")),
        ("admin.skills", _l("Skills")),
        ("events.admin_list", _l("Events")),
        ("outcomes.staff_list", _l("Outcomes")),
        ("mentoring.admin_list", _l("Mentoring")),
        ("imports.index", _l("Imports")),
        ("admin.audit", _l("Audit trail")),
    ),
}
