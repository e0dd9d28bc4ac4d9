"""In Chromium: a graduate reports a first destination and sees it; a dean corrects one;
a student registers for an event and an admin checks them in with the code."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from foundry.models import EventCompany
from foundry.models.base import utcnow
from tests import factories
from tests.browser.conftest import assert_accessible as _assert_accessible
from tests.browser.conftest import pick, screenshot

# Nothing may overflow sideways at the default 1280 px window.
WIDE = {"width": 1280, "height": 1000}


def assert_accessible(page):
    """axe on the page, after checking nothing overflows sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"
    _assert_accessible(page)


def test_graduate_reports_a_destination_and_a_dean_corrects_it(live_server, live_db, page,
                                                                sign_in, switch_user):
    """Survey form → current record and history; the dean's list → record from the employer."""
    with live_db():
        faculty = factories.FacultyFactory(name="Faculty of Engineering",
                                           university__code="HKUST", university__name="HKUST")
        graduate = factories.user_with_role("student", faculty=faculty,
                                            user__full_name="Ada Graduate",
                                            expected_graduation=date.today() - timedelta(60))
        factories.CompanyFactory(name="Pak Shek Kok Robotics Limited")
        dean = factories.user_with_role("dean", university=faculty.university)
        emails = graduate.email, dean.email
    graduate_email, dean_email = emails
    page.set_viewport_size(WIDE)

    sign_in(page, graduate_email)
    page.goto(live_server + "/outcomes/mine")
    # Only the fields of the chosen activity are shown (the server clears the rest anyway).
    page.get_by_label("Still seeking (work or study)").check()
    expect(page.get_by_label("Employer from the directory")).to_be_hidden()
    page.get_by_label("Further study").check()
    expect(page.get_by_label("Annual salary (HKD, optional)")).to_be_hidden()
    expect(page.get_by_label("Employer, organisation or institution (if not listed)")) \
        .to_be_visible()
    page.get_by_label("Employed full-time (30+ h/week)").check()
    page.get_by_label("Employer from the directory").select_option(
        label="Pak Shek Kok Robotics Limited")
    page.get_by_label("Job title, role or programme of study").fill("Robotics Engineer")
    page.get_by_label("Location").select_option(label="Hong Kong")
    page.get_by_label("Annual salary (HKD, optional)").fill("-100")
    page.get_by_role("button", name="Save my destination").click()
    expect(page.locator("#annual_salary-error")).to_be_visible()
    assert page.get_by_label("Job title, role or programme of study").input_value() == \
        "Robotics Engineer"
    page.get_by_label("Annual salary (HKD, optional)").fill("384000")
    screenshot(page, "outcomes-graduate-form")
    assert_accessible(page)
    page.get_by_role("button", name="Save my destination").click()
    expect(page.get_by_text("your first destination is recorded")).to_be_visible()
    current = page.locator(".card", has_text="Current record")
    assert "Pak Shek Kok Robotics Limited" in current.inner_text()
    assert "HKD 384,000" in current.inner_text()
    screenshot(page, "outcomes-graduate-recorded")

    switch_user(page, dean_email)
    page.goto(live_server + "/outcomes/graduates")
    page.get_by_label("Outcome").select_option(label="Employed full-time (30+ h/week)")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(lambda url: "category=employed_full_time" in url)
    row = page.get_by_role("row").filter(has_text="Ada Graduate")
    assert "Graduate survey" in row.inner_text()
    screenshot(page, "outcomes-dean-list")
    assert_accessible(page)
    row.get_by_role("link", name="Correct").click()
    page.get_by_label("Source").select_option(label="Employer")
    page.get_by_label("Job title, role or programme of study").fill("Senior Robotics Engineer")
    assert_accessible(page)
    page.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_text("Outcome recorded.")).to_be_visible()
    history = page.locator("table", has_text="Senior Robotics Engineer")
    assert "Earlier" in history.inner_text() and "Current" in history.inner_text()
    screenshot(page, "outcomes-dean-record")


def test_student_registers_and_admin_checks_in_by_code(live_server, live_db, page, sign_in,
                                                       switch_user):
    """Register → code and QR on the registration page → the admin types the code."""
    start = utcnow() + timedelta(days=10)
    with live_db():
        company = factories.CompanyFactory(name="Harbour AI Limited")
        event = factories.EventFactory(name="AI in Action Career Day", starts_at=start,
                                       ends_at=start + timedelta(hours=6), capacity=300,
                                       description="Meet 150+ AI companies.")
        event.companies.append(EventCompany(company_id=company.id))
        factories.PositionFactory(company=company, title="Computer Vision Intern", event=event)
        student = factories.user_with_role("student", user__full_name="Sam Student")
        admin = factories.user_with_role("admin")
        ids = event.id, student.email, admin.email
    event_id, student_email, admin_email = ids
    page.set_viewport_size(WIDE)

    sign_in(page, student_email)
    page.goto(live_server + "/events/")
    screenshot(page, "events-index")
    assert_accessible(page)
    page.get_by_role("link", name="AI in Action Career Day").click()
    expect(page.get_by_text("Computer Vision Intern")).to_be_visible()
    screenshot(page, "events-detail")
    assert_accessible(page)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered")).to_be_visible()
    code = page.locator("#checkin-code").inner_text().strip()
    assert len(code) == 11 and code[5] == "-"
    qr = page.get_by_role("img", name=f"QR code of your check-in code {code}")
    # the QR image is a request of its own: wait until it has loaded
    page.wait_for_function("() => { const i = document.querySelector('img.qr-code');"
                           " return i && i.complete && i.naturalWidth > 0; }")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(page, "events-my-registration")
    assert_accessible(page)

    switch_user(page, admin_email)
    page.goto(live_server + f"/events/{event_id}/checkin")
    page.get_by_label("Registration code").fill("NOPE-NOPE1")
    page.keyboard.press("Enter")
    expect(page.locator("#code-error")).to_be_visible()
    page.get_by_label("Registration code").fill(code.lower())
    page.keyboard.press("Enter")  # what a barcode scanner does after typing
    expect(page.get_by_text("Sam Student is checked in.")).to_be_visible()
    page.get_by_label("Registration code").fill(code)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Sam Student was already checked in.")).to_be_visible()
    screenshot(page, "events-checkin")
    assert_accessible(page)
    page.goto(live_server + f"/events/{event_id}/admin")
    row = page.get_by_role("row").filter(has_text="Sam Student")
    assert "Checked in" in row.inner_text()
    screenshot(page, "events-admin-detail")
    assert_accessible(page)


def test_admin_creates_an_event(live_server, live_db, page, sign_in):
    """The event form with companies and positions, in Hong Kong time."""
    with live_db():
        company = factories.CompanyFactory(name="ChipCo Limited")
        factories.PositionFactory(company=company, title="IC Design Intern")
        admin_email = factories.user_with_role("admin").email
    page.set_viewport_size(WIDE)
    sign_in(page, admin_email)
    page.goto(live_server + "/events/admin")
    page.get_by_role("link", name="New event").click()
    page.get_by_label("Name").fill("Microelectronics Drive")
    page.get_by_label("Kind").select_option(label="Themed recruitment drive")
    page.get_by_label("Mode").select_option(label="On site")
    page.get_by_label("Starts (Hong Kong time)").fill("2027-03-10T10:00")
    page.get_by_label("Ends (Hong Kong time)").fill("2027-03-10T09:00")
    pick(page, "companies", ["ChipCo Limited"])
    pick(page, "positions", ["ChipCo Limited — IC Design Intern"])
    page.get_by_role("button", name="Save event").click()
    expect(page.locator("#ends_at-error")).to_be_visible()
    page.get_by_label("Ends (Hong Kong time)").fill("2027-03-10T17:00")
    page.get_by_label("Venue").fill("Science Park, Conference Hall 1")
    screenshot(page, "events-new")
    assert_accessible(page)
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_text("Event created.")).to_be_visible()
    expect(page.get_by_text("Wed 10 Mar 2027, 10:00")).to_be_visible()
    assert "IC Design Intern" in page.content()
