"""Join links (only for booked participants, only shortly before the start), online attendance,
check-in per session, walk-ins, the agenda and its .ics file, day-before reminders."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from icalendar import Calendar
from sqlalchemy import select

from foundry.events import attendance
from foundry.events.services import remind_registrants
from foundry.models import EventRegistration, Notification, OutboxMail, SessionBooking
from foundry.models.base import utcnow
from tests import factories
from tests.events.helpers import registered, session_at, upcoming_event

URL = "https://meet.example/room-42"


def _online(event, hour=1, **kwargs):
    return session_at(event, hour, mode="online", room=None, join_url=URL, **kwargs)


def test_join_link_only_for_booked_participants_and_only_shortly_before(client, login_as, db):
    event = upcoming_event()
    session = _online(event)
    user = login_as("student")
    registration = registered(event, user.student)
    factories.SessionBookingFactory(session=session, registration=registration)
    db.session.commit()
    join = f"/events/{event.id}/sessions/{session.id}/join"
    early = client.post(join, follow_redirects=True).get_data(as_text=True)
    assert "opens 15 minutes before the start" in early and URL not in early
    agenda = client.get(f"/events/{event.id}/agenda").get_data(as_text=True)
    assert URL not in agenda
    soon = session.starts_at - timedelta(minutes=10)
    with mock.patch.object(attendance, "utcnow", return_value=soon):
        response = client.post(join)
    assert response.status_code == 303 and response.headers["Location"] == URL
    booking = db.session.scalar(select(SessionBooking))
    assert booking.joined_online_at == soon


def test_join_refused_to_someone_who_did_not_book(client, login_as, db):
    event = upcoming_event()
    session = _online(event, capacity=5)
    user = login_as("student")
    registered(event, user.student)
    db.session.commit()
    soon = session.starts_at - timedelta(minutes=5)
    with mock.patch.object(attendance, "utcnow", return_value=soon):
        response = client.post(f"/events/{event.id}/sessions/{session.id}/join",
                               follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "only for participants who booked" in html and URL not in html
    login_as("company")
    assert client.post(f"/events/{event.id}/sessions/{session.id}/join").status_code == 403


def test_staff_check_in_to_a_session_also_checks_in_to_the_event(client, login_as, db):
    event = upcoming_event()
    session = session_at(event, 1)
    booking = factories.SessionBookingFactory(session=session,
                                              registration=registered(event))
    waiting = factories.SessionBookingFactory(session=session, registration=registered(event),
                                              status="waitlisted")
    login_as("admin")
    db.session.commit()
    page = f"/events/{event.id}/sessions/{session.id}/attendance"
    assert booking.registration.student.user.full_name in client.get(page).get_data(as_text=True)
    html = client.post(page, data={"booking_id": booking.id},
                       follow_redirects=True).get_data(as_text=True)
    assert "is checked in" in html
    db.session.refresh(booking)
    assert booking.checked_in_at is not None
    assert booking.registration.checked_in_at is not None
    refused = client.post(page, data={"booking_id": waiting.id},
                          follow_redirects=True).get_data(as_text=True)
    assert "waiting list" in refused
    bogus = client.post(page, data={"booking_id": "999999"},
                        follow_redirects=True).get_data(as_text=True)
    assert "not for this session" in bogus


def test_attendee_list_is_not_for_other_participants(client, login_as, db):
    event = upcoming_event()
    session = session_at(event, 1)
    user = login_as("student")
    registered(event, user.student)
    db.session.commit()
    assert client.get(f"/events/{event.id}/sessions/{session.id}/attendance"
                      ).status_code == 403


def test_walk_in_is_registered_and_checked_in_in_one_step(client, login_as, db):
    event = upcoming_event(capacity=1)
    registered(event)
    walker = factories.StudentProfileFactory(user__full_name="Wally Walker")
    login_as("admin")
    db.session.commit()
    search = client.get(f"/events/{event.id}/checkin?q=wally").get_data(as_text=True)
    assert "Wally Walker" in search and "Register and check in" in search
    html = client.post(f"/events/{event.id}/walk-in", data={"student_id": walker.id, "q": "x"},
                       follow_redirects=True).get_data(as_text=True)
    assert "registered and checked in" in html
    registration = db.session.scalar(select(EventRegistration).where(
        EventRegistration.student_id == walker.id))
    assert registration.walk_in and registration.checked_in_at is not None
    bad = client.post(f"/events/{event.id}/walk-in", data={"student_id": "abc"},
                      follow_redirects=True).get_data(as_text=True)
    assert "Choose a student" in bad


def test_agenda_and_ics_list_the_booked_sessions(client, login_as, db):
    event = upcoming_event()
    booked = session_at(event, 1, title="Branding Workshop")
    full = session_at(event, 3, title="Popular Talk", capacity=1)
    factories.SessionBookingFactory(session=full, registration=registered(event))
    user = login_as("student")
    registration = registered(event, user.student)
    factories.SessionBookingFactory(session=booked, registration=registration)
    factories.SessionBookingFactory(session=full, registration=registration, status="waitlisted")
    db.session.commit()
    page = client.get(f"/events/{event.id}/agenda").get_data(as_text=True)
    assert "Branding Workshop" in page and "Popular Talk" in page and "Waiting list" in page
    response = client.get(f"/events/{event.id}/agenda.ics")
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    summaries = {str(c.get("summary")) for c in calendar.walk("VEVENT")}
    assert summaries == {event.name, "Branding Workshop"}  # the waiting list is not in it
    starts = {str(c.get("summary")): c.decoded("dtstart") for c in calendar.walk("VEVENT")}
    assert starts["Branding Workshop"].replace(tzinfo=None) == booked.starts_at
    assert URL.encode() not in response.data


def test_agenda_ics_for_an_unregistered_student_is_404(client, login_as, db):
    event = upcoming_event()
    login_as("student")
    db.session.commit()
    assert client.get(f"/events/{event.id}/agenda.ics").status_code == 404


def test_day_before_reminders_in_the_recipients_language_once(db, app):
    now = utcnow()
    start = now + timedelta(hours=20)
    event = factories.EventFactory(starts_at=start, ends_at=start + timedelta(hours=6))
    session = session_at(event, 1, title="CV Clinic", room="Room 3")
    english = registered(event)
    chinese = registered(event)
    chinese.student.user.locale = "zh_Hant"
    factories.SessionBookingFactory(session=session, registration=chinese)
    later = upcoming_event()  # a week away: no reminder yet
    registered(later)
    db.session.commit()
    with app.app_context():  # as a scheduled job runs it: no request
        assert remind_registrants(now=now) == 2
        db.session.commit()
        assert remind_registrants(now=now) == 0  # a re-run sends nothing twice
    mails = {m.recipient: m for m in db.session.scalars(select(OutboxMail))}
    assert set(mails) == {english.student.user.email, chinese.student.user.email}
    body = mails[chinese.student.user.email].body
    assert "CV Clinic" in body and "Room 3" in body and "月" in body  # 繁體中文 dates
    assert f"/events/{event.id}/agenda" in body
    assert db.session.scalar(select(Notification).where(
        Notification.user_id == english.student.user_id)).link == f"/events/{event.id}/agenda"


def test_a_session_booked_after_the_event_reminder_gets_its_own(db, app):
    now = utcnow()
    start = now + timedelta(hours=2)
    event = factories.EventFactory(starts_at=start, ends_at=start + timedelta(hours=6))
    registration = registered(event)
    registration.reminded_at = now - timedelta(hours=10)
    factories.SessionBookingFactory(session=session_at(event, 2, title="Late Talk"),
                                    registration=registration)
    db.session.commit()
    with app.app_context():
        assert remind_registrants(now=now) == 1
        db.session.commit()
    assert "Late Talk" in db.session.scalar(select(OutboxMail.body))


def test_joining_a_session_without_a_place_limit_records_attendance(client, login_as, db):
    event = upcoming_event()
    session = _online(event, capacity=None)
    user = login_as("student")
    registration = registered(event, user.student)
    db.session.commit()
    during = session.starts_at + timedelta(minutes=5)
    with mock.patch.object(attendance, "utcnow", return_value=during):
        response = client.post(f"/events/{event.id}/sessions/{session.id}/join")
    assert response.status_code == 303 and response.headers["Location"] == URL
    booking = db.session.scalar(select(SessionBooking))
    assert booking.registration_id == registration.id and booking.joined_online_at == during
    after = session.ends_at + timedelta(minutes=1)
    with mock.patch.object(attendance, "utcnow", return_value=after):
        html = client.post(f"/events/{event.id}/sessions/{session.id}/join",
                           follow_redirects=True).get_data(as_text=True)
    assert "This session is over." in html
