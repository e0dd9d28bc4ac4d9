"""A mentor and a mentee in Chromium: both opt in, the student requests, the mentor accepts,
the mentor logs a session and the student sees it; the admin sees the pair."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from foundry.models import MentorCluster, MentorProfile, StudentCluster
from tests import factories
from tests.browser.conftest import screenshot


def assert_accessible(page) -> None:
    """axe-core (WCAG 2 A/AA) on the page's <main>: at 1280 px the long student and admin menus
    push the navbar's language button out of the dark bar (a base-layout issue, reported to the
    coordinator), so the shared header is left to tests/browser/test_accessibility.py."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]},
               "resultTypes": ["violations"]}
    violations = Axe().run(page, context="main", options=options).response["violations"]
    assert [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}"
            for v in violations] == []


def test_mentor_and_mentee_log_a_session(live_server, live_db, page, sign_in, switch_user):
    """Opt-in → suggestion with its reason → request → accept → session seen by both."""
    with live_db():
        mentor_user = factories.CompanyMemberFactory(
            user__full_name="Grace Mentor", company__name="Harbour Fintech Limited").user
        student_user = factories.user_with_role("student", user__full_name="Sam Student")
        admin_user = factories.user_with_role("admin")
        emails = mentor_user.email, student_user.email, admin_user.email
    mentor_email, student_email, admin_email = emails

    # The mentor opts in: fintech, two places.
    sign_in(page, mentor_email)
    page.goto(live_server + "/mentoring/")
    page.get_by_role("link", name="Become a mentor").click()
    page.get_by_label("Expertise").fill("Payments and risk models at a Science Park start-up.")
    page.get_by_label("Fintech").check()
    page.get_by_label("How many mentees at a time").fill("2")
    assert_accessible(page)
    screenshot(page, "mentoring-mentor-profile")
    page.get_by_role("button", name="Save mentor profile").click()
    expect(page.get_by_text("Your mentor profile was saved.")).to_be_visible()

    # The student opts in, follows fintech, sees why Grace is suggested and asks her.
    switch_user(page, student_email)
    page.goto(live_server + "/mentoring/")
    page.get_by_role("link", name="Open my mentee profile").click()
    page.get_by_label("I would like a mentor").check()
    page.get_by_label("What I want from mentoring").fill("Break into fintech.")
    page.get_by_label("Fintech").check()
    screenshot(page, "mentoring-mentee-profile")
    page.get_by_role("button", name="Save mentee profile").click()
    card = page.get_by_role("article").filter(has_text="Grace Mentor")
    assert "shared clusters: Fintech" in card.inner_text()
    screenshot(page, "mentoring-student-suggestions")
    assert_accessible(page)
    card.get_by_text("Ask Grace Mentor to mentor me").click()
    assert card.get_by_label("What would you like to work on?").input_value() == \
        "Break into fintech."
    card.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request was sent to Grace Mentor.")).to_be_visible()
    expect(page.get_by_text("Requested", exact=True)).to_be_visible()

    # The mentor accepts from the list and logs a session.
    switch_user(page, mentor_email)
    page.goto(live_server + "/mentoring/")
    assert page.get_by_text("Break into fintech.").is_visible()
    screenshot(page, "mentoring-mentor-requests")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", name="Grace Mentor mentoring Sam Student")).to_be_visible()
    expect(page.get_by_text("The pair is now “Active”.")).to_be_visible()
    page.get_by_label("Minutes").fill("700")
    page.get_by_label("Topics").fill("Fintech interview practice")
    page.get_by_role("button", name="Log session").click()
    expect(page.get_by_text("Minutes must be between 1 and 600.")).to_be_visible()
    screenshot(page, "mentoring-pair-session-error")
    assert page.get_by_label("Topics").input_value() == "Fintech interview practice"
    page.get_by_label("Minutes").fill("50")
    page.get_by_label("Mode").select_option(label="In person")
    page.get_by_label("Notes").fill("Walked through a payments case study.")
    page.get_by_role("button", name="Log session").click()
    expect(page.get_by_text("The session was logged.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "mentoring-pair-mentor")

    # The student sees it, cannot edit it, and logs their own.
    switch_user(page, student_email)
    page.goto(live_server + "/mentoring/")
    page.get_by_role("link", name="Grace Mentor").click()
    row = page.get_by_role("row").filter(has_text="Fintech interview practice")
    assert "50" in row.inner_text() and "Grace Mentor" in row.inner_text()
    assert row.get_by_role("link", name="Edit").count() == 0
    screenshot(page, "mentoring-pair-student")
    page.get_by_role("link", name="Mentoring", exact=True).first.click()
    expect(page.get_by_role("row").filter(has_text="Grace Mentor").get_by_text("Active")) \
        .not_to_have_count(0)
    screenshot(page, "mentoring-student-index")

    # The admin sees the active pair in the list.
    switch_user(page, admin_email)
    page.goto(live_server + "/mentoring/admin")
    row = page.get_by_role("row").filter(has_text="Grace Mentor")
    assert "Sam Student" in row.inner_text() and "Active" in row.inner_text()
    screenshot(page, "mentoring-admin-list")
    assert_accessible(page)
    with live_db() as db:
        profile = db.session.execute(select(MentorProfile)).scalar_one()
        assert [c.cluster for c in profile.clusters] == ["fintech"]
        assert len(db.session.scalars(select(StudentCluster)).all()) == 1
        assert len(db.session.scalars(select(MentorCluster)).all()) == 1
