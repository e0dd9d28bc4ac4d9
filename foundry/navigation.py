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
        ("dashboards.student", _l("My progress")),
    ),
    "external": (
        ("main.home", _l("Home")),
        ("positions.pool", _l("Talent Pool")),
        ("programmes.index", _l("Programmes")),
        ("applications.mine", _l("Applications")),
        ("internships.mine", _l("Internships")),
        ("events.index", _l("Events")),
    ),
    "reviewer": (
        ("main.home", _l("Home")),
        ("programmes.review_home", _l("Reviews")),
    ),
    "company": (
        ("main.home", _l("Home")),
        ("positions.company_list", _l("Positions")),
        ("applications.pipeline", _l("Applicants")),
        ("internships.company_list", _l("Interns")),
        ("feedback.overdue", _l("Feedback")),
        ("mentoring.index", _l("Mentoring")),
        ("dashboards.company", _l("Dashboard")),
    ),
    "dean": (
        ("main.home", _l("Home")),
        ("dashboards.dean", _l("Placement dashboard")),
        ("outcomes.staff_list", _l("Graduate outcomes")),
        ("campaigns.index", _l("Surveys")),
        ("reports.first_destination", _l("Reports")),
        ("imports.index", _l("Imports")),
    ),
    "admin": (
        ("main.home", _l("Home")),
        ("dashboards.admin", _l("Cross-university view")),
        ("companies.admin_list", _l("Companies")),
        ("admin.users", _l("Users")),
        ("events.admin_list", _l("Events")),
        (_l("Manage"), (
            ("programmes.admin_list", _l("Programmes (GIP, drives)")),
            ("programmes.review_home", _l("My reviews")),
            ("admin.universities", _l("Universities and faculties")),
            ("admin.skills", _l("Skills taxonomy")),
            ("auth.invitations", _l("Invitations")),
            ("admin.identity_providers", _l("Sign-in providers")),
            ("admin.employers", _l("Free-text employers")),
            ("outcomes.staff_list", _l("Graduate outcomes")),
            ("campaigns.index", _l("Survey campaigns")),
            ("reports.first_destination", _l("First-destination reports")),
            ("internships.admin_list", _l("Internships")),
            ("feedback.overdue", _l("Overdue feedback")),
            ("mentoring.admin_list", _l("Mentoring pairs")),
            ("imports.index", _l("Imports")),
            ("admin.mail", _l("Outgoing mail")),
            ("admin.audit", _l("Audit trail")),
        )),
    ),
}

# Extra links in the user's own drop-down menu, by role (before "My account").
USER_MENU = {
    "external": (
        ("talent.profile", _l("My profile")),
        ("positions.my_skills", _l("My skills")),
        ("cvs.library", _l("My CVs")),
    ),
    "student": (
        ("account.student_details", _l("My details")),
        ("programmes.index", _l("Programmes (GIP)")),
        ("positions.my_skills", _l("My skills")),
        ("cvs.library", _l("My CVs")),
        ("mentoring.mentee_profile", _l("Mentee profile")),
        ("outcomes.mine", _l("My first destination")),
    ),
    "company": (
        ("companies.profile", _l("Company profile")),
        ("employment.index", _l("Graduates who work here")),
        ("mentoring.mentor_profile", _l("Mentor profile")),
        ("events.index", _l("Career days and events")),
    ),
}
