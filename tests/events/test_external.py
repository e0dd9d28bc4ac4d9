"""External talent at events open to everyone: register, book, cancel, agenda and .ics, join
online, feedback, reminders in their language, check-in and walk-ins by staff, the event's
Talent Pool (positions open to everyone only). At an event for the partner universities'
students they are refused with a clear message."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from icalendar import Calendar
from sqlalchemy import select

from foundry.events import attendance
from foundry.events.services import remind_registrants
from foundry.models import EventFeedback, EventRegistration, OutboxMail, SessionBooking
from foundry.models.base import utcnow
from foundry.permissions import can_register_for_event
from tests import factories
from tests.events.helpers import registered, session_at, upcoming_event

URL = "https://meet.example/external-room"


def _external_user(login_as, **kwargs):
    student = factories.external_talent(country="IN", **kwargs)
    return login_as(student.user)


def test_the_rule_external_talent_only_at_open_events(db):
    open_day = upcoming_event(open_to_everyone=True)
    partner_day = upcoming_event(open_to_everyone=False)
    external = factories.external_talent().user
    student = factories.user_with_role("student")
    company = factories.user_with_role("company")
    assert can_register_for_event(external, open_day)
    assert not can_register_for_event(external, partner_day)
    assert can_register_for_event(student, open_day) and can_register_for_event(student,
                                                                                partner_day)
    assert not can_register_for_event(company, open_day)


def test_external_talent_registers_books_and_cancels_at_an_open_event(client, login_as, db):
    event = upcoming_event(open_to_everyone=True)
    workshop = session_at(event, 1, title="Personal Branding Workshop", capacity=1)
    chat = session_at(event, 3, kind="one_to_one", title="1:1 with HarbourMind", capacity=1)
    user = _external_user(login_as)
    db.session.commit()
    assert 'href="/events/"' in client.get("/home").get_data(as_text=True)  # in the menu
    listing = client.get("/events/").get_data(as_text=True)
    assert event.name in listing
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert f"/events/{event.id}/register" in page
    response = client.post(f"/events/{event.id}/register")
    assert response.status_code == 302
    registration = db.session.scalar(select(EventRegistration))
    assert registration.student_id == user.student.id
    for session in (workshop, chat):
        assert client.post(f"/events/{event.id}/sessions/{session.id}/book").status_code == 302
    assert {b.session_id: b.status for b in db.session.scalars(select(SessionBooking))} == {
        workshop.id: "booked", chat.id: "booked"}
    agenda = client.get(f"/events/{event.id}/agenda").get_data(as_text=True)
    assert "Personal Branding Workshop" in agenda and "1:1 with HarbourMind" in agenda
    calendar = Calendar.from_ical(client.get(f"/events/{event.id}/agenda.ics").data)
    assert {str(c.get("summary")) for c in calendar.walk("VEVENT")} == {
        event.name, "Personal Branding Workshop", "1:1 with HarbourMind"}
    assert client.get(f"/events/{event.id}/registration").status_code == 200
    assert client.get(f"/events/{event.id}/registration/qr.svg").status_code == 200
    client.post(f"/events/{event.id}/sessions/{chat.id}/cancel")
    assert db.session.scalar(select(SessionBooking).where(
        SessionBooking.session_id == chat.id)) is None
    client.post(f"/events/{event.id}/cancel")
    assert db.session.scalar(select(EventRegistration)) is None


def test_external_talent_is_refused_at_a_partner_only_event(client, login_as, db):
    upcoming_event(open_to_everyone=True, name="Open Career Day")
    partner_day = upcoming_event(open_to_everyone=False, name="Campus Session HKUST")
    session = session_at(partner_day, 1)
    _external_user(login_as)
    db.session.commit()
    listing = client.get("/events/").get_data(as_text=True)
    assert "Open Career Day" in listing and "Campus Session HKUST" not in listing
    page = client.get(f"/events/{partner_day.id}").get_data(as_text=True)
    assert "for students of the partner universities only" in page
    assert f"/events/{partner_day.id}/register" not in page
    response = client.post(f"/events/{partner_day.id}/register")
    assert response.status_code == 403
    assert "for students of the partner universities only" in response.get_data(as_text=True)
    booking = client.post(f"/events/{partner_day.id}/sessions/{session.id}/book")
    assert booking.status_code == 403
    assert db.session.scalar(select(EventRegistration)) is None
    assert db.session.scalar(select(SessionBooking)) is None


def test_external_talent_join_online_only_when_booked_and_shortly_before(client, login_as, db):
    event = upcoming_event(open_to_everyone=True)
    session = session_at(event, 1, mode="online", room=None, join_url=URL)
    user = _external_user(login_as)
    join = f"/events/{event.id}/sessions/{session.id}/join"
    db.session.commit()
    not_registered = client.post(join, follow_redirects=True).get_data(as_text=True)
    assert "only for participants who booked" in not_registered and URL not in not_registered
    registration = registered(event, user.student)
    factories.SessionBookingFactory(session=session, registration=registration)
    db.session.commit()
    early = client.post(join, follow_redirects=True).get_data(as_text=True)
    assert "opens 15 minutes before the start" in early
    with mock.patch.object(attendance, "utcnow", return_value=session.starts_at):
        response = client.post(join)
    assert response.status_code == 303 and response.headers["Location"] == URL
    assert db.session.scalar(select(SessionBooking.joined_online_at)) is not None


def test_external_talent_gives_feedback(client, login_as, db):
    start = utcnow() - timedelta(hours=2)
    event = factories.EventFactory(starts_at=start, ends_at=start + timedelta(hours=6),
                                   open_to_everyone=True)
    session = session_at(event, 0, title="Insight: AI in Finance")
    user = _external_user(login_as)
    factories.SessionBookingFactory(session=session, registration=registered(event,
                                                                             user.student))
    db.session.commit()
    assert "Insight: AI in Finance" in client.get(
        f"/events/{event.id}/feedback").get_data(as_text=True)
    response = client.post(f"/events/{event.id}/feedback", data={
        "rating-overall": "4", f"rating-s{session.id}": "5"})
    assert response.status_code == 302
    assert {f.session_id: f.rating for f in db.session.scalars(select(EventFeedback))} == {
        None: 4, session.id: 5}


def test_external_talent_get_the_reminder_in_their_language(db, app):
    now = utcnow()
    start = now + timedelta(hours=20)
    event = factories.EventFactory(starts_at=start, ends_at=start + timedelta(hours=6),
                                   open_to_everyone=True)
    external = factories.external_talent()
    external.user.locale = "zh_Hant"
    registration = registered(event, external)
    factories.SessionBookingFactory(session=session_at(event, 1, title="CV Clinic"),
                                    registration=registration)
    db.session.commit()
    with app.app_context():
        assert remind_registrants(now=now) == 1
        db.session.commit()
    mail = db.session.scalar(select(OutboxMail))
    assert mail.recipient == external.user.email
    assert "CV Clinic" in mail.body and "月" in mail.body


def test_staff_check_in_and_walk_in_external_talent(client, login_as, db):
    event = factories.EventFactory(starts_at=utcnow() - timedelta(hours=1),
                                   ends_at=utcnow() + timedelta(hours=5), open_to_everyone=True)
    partner_day = factories.EventFactory(starts_at=utcnow() - timedelta(hours=1),
                                         ends_at=utcnow() + timedelta(hours=5))
    guest = factories.external_talent(full_name="Priya Guest")
    walker = factories.external_talent(full_name="Wanda Abroad")
    registration = registered(event, guest)
    login_as("admin")
    db.session.commit()
    search = client.get(f"/events/{event.id}/checkin?q=priya").get_data(as_text=True)
    assert "Priya Guest" in search and guest.external.institution in search
    html = client.post(f"/events/{event.id}/checkin", data={"registration_id": registration.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "Priya Guest is checked in" in html
    assert client.get(f"/events/{event.id}/admin").status_code == 200
    html = client.post(f"/events/{event.id}/walk-in", data={"student_id": walker.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "Wanda Abroad is registered and checked in" in html
    refused = client.post(f"/events/{partner_day.id}/walk-in", data={"student_id": walker.id},
                          follow_redirects=True).get_data(as_text=True)
    assert "for students of the partner universities only" in refused
    assert db.session.scalar(select(EventRegistration).where(
        EventRegistration.event_id == partner_day.id)) is None


def test_session_attendance_lists_external_participants(client, login_as, db):
    event = upcoming_event(open_to_everyone=True)
    session = session_at(event, 1)
    guest = factories.external_talent(full_name="Priya Guest")
    factories.SessionBookingFactory(session=session, registration=registered(event, guest))
    login_as("admin")
    db.session.commit()
    html = client.get(f"/events/{event.id}/sessions/{session.id}/attendance").get_data(
        as_text=True)
    assert "Priya Guest" in html and guest.external.institution in html


def test_external_talent_see_only_open_positions_in_the_events_talent_pool(client, login_as,
                                                                            db):
    event = upcoming_event(open_to_everyone=True)
    factories.PositionFactory(event_id=event.id, title="Open Data Role", audience="open")
    factories.PositionFactory(event_id=event.id, title="Partner Only Role",
                              audience="partner")
    _external_user(login_as)
    db.session.commit()
    pool = client.get(f"/events/{event.id}/talent-pool").get_data(as_text=True)
    assert "Open Data Role" in pool and "Partner Only Role" not in pool
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Open Data Role" in page and "Partner Only Role" not in page
    assert "1 open position" in page
    login_as("student")
    pool = client.get(f"/events/{event.id}/talent-pool").get_data(as_text=True)
    assert "Open Data Role" in pool and "Partner Only Role" in pool
