"""The admin event form's searchable picker for companies and positions: filter, tick by
keyboard or mouse, chosen ones as removable chips, saved as the plain multi-select would; it
fits a phone, and without JavaScript the multi-select still works."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import Event, EventCompany
from tests import factories
from tests.browser.conftest import assert_accessible, screenshot

NAMES = ["Pearl Bio Limited", "Harbour Ledger Limited", "Kowloon Robotics Limited"]


def _admin_and_companies(live_db):
    with live_db() as db:
        admin = factories.UserFactory(role="admin", full_name="Ada Admin")
        companies = {name: factories.CompanyFactory(name=name) for name in NAMES}
        for n in range(25):
            factories.CompanyFactory(name=f"Filler Tech {n:02d} Limited")
        factories.PositionFactory(company=companies["Pearl Bio Limited"],
                                  title="Bioinformatics Intern")
        db.session.flush()
        return admin.email, {name: c.id for name, c in companies.items()}


def _fill_event(page, name):
    page.get_by_label("Name").fill(name)
    page.get_by_label("Starts (Hong Kong time)").fill("2027-03-10T10:00")
    page.get_by_label("Ends (Hong Kong time)").fill("2027-03-10T17:00")
    page.get_by_label("Venue").fill("Science Park Conference Hall")


def _linked(live_db, name):
    with live_db() as db:
        event = db.session.scalar(select(Event).where(Event.name == name))
        return sorted(db.session.scalars(select(EventCompany.company_id)
                                         .where(EventCompany.event_id == event.id)))


def test_picker_filters_ticks_and_removes_with_the_keyboard(live_server, live_db, page,
                                                             sign_in):
    email, ids = _admin_and_companies(live_db)
    sign_in(page, email)
    page.goto(live_server + "/events/new")
    assert page.locator("select#companies").is_hidden()
    # the label now names the filter box
    box = page.get_by_role("searchbox", name="Participating companies")
    box.fill("pearl")
    picker = page.locator("[data-picker-for='companies']")
    assert picker.locator(".picker-option:visible").count() == 1
    box.press("ArrowDown")
    page.keyboard.press("Space")
    chip = picker.get_by_role("button", name="Remove Pearl Bio Limited")
    chip.wait_for()
    box.fill("harbour ledger")
    box.press("Enter")  # never submits the form
    picker.get_by_label("Harbour Ledger Limited").check()
    box.press("Escape")
    assert picker.locator(".picker-option:visible").count() == 28
    assert "28 shown · 2 chosen" in picker.inner_text()
    chip.focus()
    page.keyboard.press("Enter")  # removes Pearl, focus back in the filter
    assert page.evaluate("() => document.activeElement.id") == "companies-filter"
    assert picker.get_by_role("button", name="Remove Pearl Bio Limited").count() == 0
    chosen = "s => [...s.selectedOptions].map(o => o.value)"
    assert page.eval_on_selector("select#companies", chosen) == [
        str(ids["Harbour Ledger Limited"])]
    assert_accessible(page)
    screenshot(page, "event-picker")
    _fill_event(page, "Fintech Drive")
    page.get_by_role("button", name="Save event").click()
    page.get_by_text("Event created").wait_for()
    assert _linked(live_db, "Fintech Drive") == [ids["Harbour Ledger Limited"]]


def test_picker_fits_a_phone(live_server, live_db, browser, sign_in):
    email, _ids = _admin_and_companies(live_db)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    sign_in(page, email)
    page.goto(live_server + "/events/new")
    page.get_by_role("searchbox", name="Participating companies").fill("limited")
    for name in NAMES:
        page.locator("[data-picker-for='companies']").get_by_label(name).check()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "event-picker-phone")
    context.close()


def test_without_javascript_the_multi_select_still_works(live_server, live_db, browser,
                                                          sign_in):
    email, ids = _admin_and_companies(live_db)
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  java_script_enabled=False)
    page = context.new_page()
    sign_in(page, email)
    page.goto(live_server + "/events/new")
    assert page.locator("[data-picker-for]").count() == 0
    page.locator("select#companies").select_option(
        [str(ids["Pearl Bio Limited"]), str(ids["Kowloon Robotics Limited"])])
    _fill_event(page, "Plain Drive")
    page.get_by_role("button", name="Save event").click()
    page.get_by_text("Event created").wait_for()
    assert _linked(live_db, "Plain Drive") == sorted(
        [ids["Pearl Bio Limited"], ids["Kowloon Robotics Limited"]])
    context.close()
