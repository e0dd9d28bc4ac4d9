"""The hybrid career day in Chromium: an admin builds the programme (two workshops, an insight
session, two companies' 1:1 slots) of an event open to everyone; a partner student (desktop,
English) and an external participant (390 px phone, 繁體中文) register and book; a full
workshop puts the second on the waiting list and the first one's cancellation promotes them;
staff check people in; after the day the report shows attendance by origin and the
applications that followed. Then the pages at 390 px and in 繁體中文."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from foundry.models import Company, Event, EventRegistration, EventSession
from foundry.models.base import utcnow
from tests import factories
from tests.browser.conftest import assert_accessible, pick, screenshot
from tests.factories import PASSWORD

HK = timedelta(hours=8)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _day() -> date:
    return (utcnow() + HK).date() + timedelta(days=10)


def _at(hour: int, minute: int = 0) -> str:
    return datetime.combine(_day(), datetime.min.time()).replace(
        hour=hour, minute=minute).strftime("%Y-%m-%dT%H:%M")


def _people(live_db):
    with live_db():
        admin = factories.UserFactory(role="admin", full_name="Staff Admin")
        first = factories.CompanyFactory(name="HarbourMind AI Limited", cluster="ai_robotics")
        second = factories.CompanyFactory(name="Ledger Labs Limited", cluster="fintech")
        ada = factories.StudentProfileFactory(user__full_name="Ada Participant")
        ben = factories.external_talent(full_name="Ben Participant", country="IN")
        return admin.email, ada.user.email, ben.user.email, first.id, second.id


def _session_form(page, title, kind, start, end, places=None, mode="On site", room="",
                  join="", speakers=""):
    page.get_by_role("link", name="Add a session").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Kind").select_option(label=kind)
    page.get_by_label("Where").select_option(label=mode)
    page.get_by_label("Starts (Hong Kong time)").fill(start)
    page.get_by_label("Ends (Hong Kong time)").fill(end)
    if places:
        page.get_by_label("Places").fill(str(places))
    page.get_by_label("Room at the venue").fill(room)
    page.get_by_label("Online join link").fill(join)
    page.get_by_label("Speakers").fill(speakers)
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text(f"Session “{title}” saved.")).to_be_visible()


def _sign_in(browser, live_server, email, **context):
    ctx = browser.new_context(locale="en-GB", **context)
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    page.goto(live_server + "/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def _session_id(live_db, title):
    with live_db() as db:
        return db.session.scalar(select(EventSession.id).where(EventSession.title == title)
                                 .order_by(EventSession.starts_at))


def test_admin_builds_participants_book_waitlist_promotes_checkin_report(
        live_server, live_db, page, sign_in, browser):
    admin, ada, ben, first_id, _second_id = _people(live_db)
    sign_in(page, admin)
    page.goto(live_server + "/events/new")
    page.get_by_label("Name").fill("AI in Action Career Day")
    page.get_by_label("Kind").select_option(label="Career day")
    page.get_by_label("Mode").select_option(label="Hybrid")
    page.get_by_label("Starts (Hong Kong time)").fill(_at(10))
    page.get_by_label("Ends (Hong Kong time)").fill(_at(18))
    page.get_by_label("Venue").fill("Hong Kong Science Park, Pak Shek Kok")
    page.get_by_label("Open to everyone", exact=False).check()
    pick(page, "companies", ["HarbourMind AI Limited", "Ledger Labs Limited"])
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_text("Event created.")).to_be_visible()
    _session_form(page, "Job Search Workshop", "Workshop", _at(10, 30), _at(11, 30), places=1,
                  room="Seminar Room 2")
    _session_form(page, "Personal Branding Workshop", "Workshop", _at(11, 45), _at(12, 45),
                  places=40, room="Seminar Room 3")
    _session_form(page, "AI in Medical Imaging", "Industry insight session", _at(13),
                  _at(13, 45), mode="Online", join="https://meet.example.com/insight",
                  speakers="Dr Ada Chan | Head of AI | HarbourMind AI")
    with live_db() as db:
        event_id = db.session.scalar(select(Event.id))
    for name in ("HarbourMind AI Limited", "Ledger Labs Limited"):
        page.goto(f"{live_server}/events/{event_id}/admin")
        page.get_by_role("link", name=name).click()
        page.get_by_role("link", name="Open 1:1 slots").click()
        page.get_by_label("First slot starts (Hong Kong time)").fill(_at(14))
        page.get_by_label("Minutes per slot").fill("10")
        page.get_by_label("Number of slots").fill("3")
        page.get_by_label("Room or booth at the venue").fill(f"Booth at {name}")
        page.get_by_role("button", name="Open slots").click()
        expect(page.get_by_text("3 1:1 slots opened.")).to_be_visible()
    page.get_by_role("link", name="Add a session").click()
    page.wait_for_url(lambda url: url.startswith(f"{live_server}/events/{event_id}/sessions/new"))
    assert_accessible(page)  # the session form
    page.goto(f"{live_server}/events/{event_id}/companies/{first_id}")
    assert_accessible(page)  # a company's part
    page.goto(f"{live_server}/events/{event_id}/admin")
    screenshot(page, "career-day-admin")
    assert_accessible(page)
    workshop = _session_id(live_db, "Job Search Workshop")
    slot = _session_id(live_db, "1:1 chat with HarbourMind AI Limited")
    other_slot = _session_id(live_db, "1:1 chat with Ledger Labs Limited")

    ada_page = _sign_in(browser, live_server, ada)
    ada_page.goto(f"{live_server}/events/{event_id}")
    ada_page.get_by_role("button", name="Register").click()
    ada_page.wait_for_url(f"{live_server}/events/{event_id}/registration")
    ada_page.goto(f"{live_server}/events/{event_id}")
    ada_page.locator(f"#s{workshop}").get_by_role("button", name="Book", exact=False).first.click()
    expect(ada_page.get_by_text("Booked: “Job Search Workshop”.")).to_be_visible()
    ada_page.locator(f"#s{slot}").get_by_role("button", name="Book this 1:1 slot").click()
    expect(ada_page.get_by_text("Booked: “1:1 chat with HarbourMind AI Limited”.")).to_be_visible()
    screenshot(ada_page, "career-day-timetable")
    assert_accessible(ada_page)

    # The external participant, on a phone in 繁體中文 (buttons found by what they post to).
    ben_page = _sign_in(browser, live_server, ben, **PHONE)
    ben_page.context.add_cookies([{"name": "locale", "value": "zh_Hant", "url": live_server}])
    ben_page.goto(f"{live_server}/events/{event_id}")
    ben_page.locator(f"form[action$='/events/{event_id}/register'] button").click()
    ben_page.wait_for_url(f"{live_server}/events/{event_id}/registration")
    ben_page.goto(f"{live_server}/events/{event_id}")
    ben_page.locator(f"#s{other_slot} button[formaction$='/book']").click()
    expect(ben_page.locator(".alert-success")).to_be_visible()
    ben_page.locator(f"#s{workshop} button[formaction$='/book']").click()
    expect(ben_page.locator(".alert-warning")).to_be_visible()  # the waiting list
    expect(ben_page.locator(f"#s{workshop} .text-bg-warning")).to_be_visible()
    assert ben_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(ben_page, "career-day-timetable-external-phone-zh_Hant")

    ada_page.locator(f"#s{workshop}").get_by_role("button", name="Cancel").first.click()
    expect(ada_page.get_by_text("Your booking of “Job Search Workshop” is cancelled.")
           ).to_be_visible()
    ben_page.goto(f"{live_server}/events/{event_id}/agenda")
    expect(ben_page.locator(f"#s{workshop} .text-bg-success")).to_be_visible()  # promoted
    expect(ben_page.locator(f"#s{other_slot} .text-bg-success")).to_be_visible()
    assert ben_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(ben_page, "career-day-agenda-external-phone-zh_Hant")
    assert_accessible(ben_page)

    with live_db() as db:
        code = {r.student.user.email: r.code
                for r in db.session.scalars(select(EventRegistration))}[ben]
    page.goto(f"{live_server}/events/{event_id}/checkin")
    page.get_by_label("Registration code").fill(code)
    page.get_by_role("button", name="Check in", exact=True).first.click()
    expect(page.get_by_text("Ben Participant is checked in.")).to_be_visible()
    page.goto(f"{live_server}/events/{event_id}/sessions/{slot}/attendance")
    page.get_by_role("button", name="Check in Ada Participant").click()
    expect(page.get_by_text("Ada Participant is checked in.")).to_be_visible()

    # The day passes: move it into the past; applications follow to a linked position.
    with live_db() as db:
        shift = timedelta(days=12)
        event = db.session.get(Event, event_id)
        for item in [event, *db.session.scalars(select(EventSession))]:
            item.starts_at, item.ends_at = item.starts_at - shift, item.ends_at - shift
        position = factories.PositionFactory(company=db.session.get(Company, first_id),
                                             event_id=event_id,
                                             title="ML Engineer Intern")
        for email, offered in ((ben, True), (ada, False)):
            profile = next(r.student for r in event.registrations
                           if r.student.user.email == email)
            factories.ApplicationFactory(position=position, student=profile,
                                         submitted_at=event.ends_at + timedelta(days=3),
                                         status="offered" if offered else "submitted",
                                         offered_at=utcnow() if offered else None)
    page.goto(f"{live_server}/events/{event_id}/report")
    tiles = page.locator(".tile")
    expect(tiles.filter(has_text="Registered")).to_contain_text("2")
    expect(tiles.filter(has_text="Attended on site")).to_contain_text("2")
    expect(tiles.filter(has_text="1:1 chats held")).to_contain_text("1")
    row = page.locator("section[aria-labelledby=app-h]").get_by_role(
        "row", name="HarbourMind AI Limited")
    expect(row).to_contain_text("2")
    expect(row.locator("td").nth(1)).to_have_text("1")  # one offer
    origin = page.locator("section[aria-labelledby=att-h] table")
    expect(origin.get_by_role("row", name="External talent")).to_contain_text("1")
    expect(origin.get_by_role("row", name="India")).to_contain_text("1")
    screenshot(page, "career-day-report")
    assert_accessible(page)


def test_career_day_pages_on_a_phone_and_in_chinese(live_server, live_db, browser):
    with live_db():
        start = utcnow().replace(second=0, microsecond=0) + timedelta(days=5)
        event = factories.EventFactory(name="AI in Action Career Day", starts_at=start,
                                       ends_at=start + timedelta(hours=8),
                                       open_to_everyone=True)
        company = factories.CompanyFactory(name="HarbourMind AI Limited")
        factories.EventCompanyFactory(event=event, company=company)
        workshop = factories.EventSessionFactory(event=event, title="Personal Branding Workshop",
                                                 capacity=1)
        factories.EventSessionFactory(event=event, kind="insight", title="AI in Medical Imaging",
                                      starts_at=start + timedelta(hours=2),
                                      ends_at=start + timedelta(hours=3), mode="both",
                                      join_url="https://meet.example.com/x")
        slots = [factories.EventSessionFactory(
            event=event, company=company, kind="one_to_one", title="1:1 chat",
            starts_at=start + timedelta(hours=4, minutes=10 * n),
            ends_at=start + timedelta(hours=4, minutes=10 * n + 10), capacity=1)
            for n in range(8)]
        student = factories.StudentProfileFactory(user__full_name="Ada Participant")
        registration = factories.EventRegistrationFactory(event=event, student=student)
        factories.SessionBookingFactory(session=workshop, registration=registration)
        factories.SessionBookingFactory(session=slots[2], registration=registration)
        guest = factories.external_talent(full_name="Priya Guest", country="IN")
        guest_registration = factories.EventRegistrationFactory(event=event, student=guest,
                                                                checked_in_at=start)
        factories.SessionBookingFactory(session=slots[3], registration=guest_registration)
        admin = factories.UserFactory(role="admin")
        event_id, email, admin_email = event.id, student.user.email, admin.email
        guest_email = guest.user.email
    participant = ((f"/events/{event_id}", "timetable"), (f"/events/{event_id}/agenda", "agenda"))
    staff = ((f"/events/{event_id}/report", "report"), (f"/events/{event_id}/admin", "admin"))
    for lang in ("en", "zh_Hant"):
        for size, context in (("desktop", {"viewport": {"width": 1280, "height": 900}}),
                              ("phone", PHONE)):
            for who, address, pages in (("", email, participant),
                                        ("-external", guest_email, participant),
                                        ("", admin_email, staff)):
                page = _sign_in(browser, live_server, address, **context)
                page.context.add_cookies([{"name": "locale", "value": lang,
                                           "url": live_server}])
                for path, name in pages:
                    page.goto(live_server + path)
                    assert page.evaluate(
                        "document.documentElement.scrollWidth <= window.innerWidth"), (path, size)
                    screenshot(page, f"career-day-{name}{who}-{size}-{lang}")
                page.context.close()
