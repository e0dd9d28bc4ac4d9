"""The dashboards in Chromium: plotly.js (served by the app, under the CSP) draws every chart,
the data tables are there for screen readers, and nothing errors in the console."""

from __future__ import annotations

from tests import factories
from tests.browser.conftest import assert_accessible, screenshot
from tests.dashboards.cohort import build_cohort

ALL_DRAWN = ("() => { const all = document.querySelectorAll('[data-figure-url]');"
             " return all.length > 0 && [...all].every(e => e.dataset.drawn"
             " || e.querySelector('.alert')); }")


def more_graduates(data, n: int = 30) -> None:
    """Enough graduates that most figures clear the privacy threshold."""
    for i in range(n):
        student = factories.StudentProfileFactory(faculty=data["eng"] if i % 3 else data["sci"])
        factories.GraduateOutcomeFactory(
            student=student, category=("employed_full_time", "further_study")[i % 2],
            annual_salary=280000 + 4000 * i, employer_company=data["park"])
        factories.InternshipFactory(student=student, company=data["park"], status="completed",
                                    return_offer=bool(i % 2))


def test_dean_dashboard_draws_every_chart(live_server, live_db, page, sign_in):
    with live_db():
        data = build_cohort()
        more_graduates(data)
        dean = factories.DeanAssignmentFactory(university=data["university"]).user
        email = dean.email
    sign_in(page, email)
    page.goto(live_server + "/dashboards/dean?cohort=2025")
    page.wait_for_function(ALL_DRAWN, timeout=30_000)
    assert page.locator(".chart svg.main-svg").count() >= 9
    assert page.locator(".chart .alert").count() == 0
    assert page.get_by_role("heading", name="Skills gap (level expected − observed)").count()
    # a data table alternative sits beside each chart, rendered on the server
    page.locator("details.data-table summary").first.click()
    assert page.locator("details.data-table table").first.is_visible()
    assert page.get_by_role("link", name="Download CSV").count() >= 9
    assert_accessible(page)
    screenshot(page, "dashboard-dean")
    page.emulate_media(media="print")
    assert page.locator("form.filters").is_hidden()
    screenshot(page, "dashboard-dean-print")


def test_every_role_dashboard_renders(live_server, live_db, page, switch_user):
    with live_db():
        data = build_cohort()
        more_graduates(data, 12)
        admin = factories.user_with_role("admin").email
        member = factories.CompanyMemberFactory(company=data["park"]).user.email
        student = data["students"][0].user.email
    for email, path in ((admin, "/dashboards/admin?cohort=2025"),
                        (member, "/dashboards/company"), (student, "/dashboards/student")):
        switch_user(page, email)
        page.goto(live_server + path)
        page.wait_for_function(ALL_DRAWN, timeout=30_000)
        assert page.locator(".chart svg.main-svg").count() >= 1
        screenshot(page, "dashboard-" + path.split("/")[2].split("?")[0])
