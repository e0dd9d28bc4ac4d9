"""'Add a skill' on the position form adds a row in the page (no reload, nothing lost); a
position is saved with more than three skills."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import Position
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot


def test_add_a_skill_adds_a_row_in_the_page(live_server, live_db, page, sign_in):
    with live_db() as db:
        member = factories.CompanyMemberFactory().user
        skills = [factories.SkillFactory(name=f"Skill {c}") for c in "ABCDE"]
        db.session.flush()
        email, names = member.email, [s.name for s in skills]
    sign_in(page, email)
    page.goto(live_server + "/company/positions/new")
    page.get_by_label("Title").fill("Robotics Intern")
    page.get_by_label("Description").fill("Build robots.")
    rows = page.locator("[data-skill-rows] .skill-row")
    assert rows.count() == 3
    page.evaluate("() => { window.notReloaded = true; }")
    for _ in range(2):
        page.get_by_role("button", name="Add a skill").click()
    assert rows.count() == 5
    assert page.evaluate("() => window.notReloaded === true")  # added in the page
    assert page.get_by_label("Title").input_value() == "Robotics Intern"
    new_select = rows.nth(4).locator("select").first
    assert new_select.get_attribute("name") == "skills-4-skill_id"
    assert page.evaluate("() => document.activeElement.name") == "skills-4-skill_id"  # focus
    for index, name in enumerate(names):
        rows.nth(index).locator("select").nth(0).select_option(label=name)
        rows.nth(index).locator("select").nth(1).select_option(index=2)
    assert_accessible(page)
    screenshot(page, "position-skill-rows")
    page.get_by_role("button", name="Save position").click()
    page.wait_for_url(lambda url: "/company/positions/new" not in url)
    with live_db() as db:
        position = db.session.scalar(select(Position).where(Position.title == "Robotics Intern"))
        assert sorted(s.skill.name for s in position.skills) == names


def test_enter_saves_the_position_without_javascript(live_server, live_db, browser, sign_in):
    """Without JavaScript "Add a skill" is a submit button; Enter in the title must still save
    the position (the form's first submit button is a hidden "Save position")."""
    with live_db() as db:
        email = factories.CompanyMemberFactory().user.email
        db.session.flush()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                  java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, email)
        page.goto(live_server + "/company/positions/new")
        page.get_by_label("Title").fill("Saved by Enter")
        page.get_by_label("Description").fill("No script needed.")
        page.get_by_label("Title").press("Enter")
        page.wait_for_url(lambda url: "/company/positions/new" not in url)
    finally:
        context.close()
    with live_db() as db:
        assert db.session.scalar(select(Position.id).where(Position.title == "Saved by Enter"))
