"""Booking sessions: places, waiting list and promotion, overlaps, start times, concurrency."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from foundry.common.errors import DomainError
from foundry.events.booking import book_session, cancel_booking
from foundry.models import (
    EventRegistration,
    EventSession,
    Notification,
    OutboxMail,
    SessionBooking,
)
from tests import factories
from tests.events.helpers import registered, session_at, upcoming_event


def _statuses(db, session_id):
    return sorted(db.session.scalars(select(SessionBooking.status)
                                     .where(SessionBooking.session_id == session_id)))


def test_full_session_waitlists_and_cancel_promotes_the_first(db, request_ctx):
    event = upcoming_event()
    session = session_at(event, 1, capacity=1)
    first, second, third = (registered(event) for _ in range(3))
    second.student.user.locale = "zh_Hant"
    assert book_session(registration=first, session=session)[0].status == "booked"
    assert book_session(registration=second, session=session)[0].status == "waitlisted"
    assert book_session(registration=third, session=session)[0].status == "waitlisted"
    assert cancel_booking(registration=first, session=session) is True
    booking = db.session.scalar(select(SessionBooking).where(
        SessionBooking.registration_id == second.id))
    assert booking.status == "booked" and booking.promoted_at is not None
    assert _statuses(db, session.id) == ["booked", "waitlisted"]
    # told in their own language, in the app and by mail
    note = db.session.scalar(select(Notification).where(
        Notification.user_id == second.student.user_id))
    # (the sentence is translated when the lead extracts the catalogue; the date already is)
    assert "月" in note.message, note.message
    assert db.session.scalar(select(OutboxMail).where(
        OutboxMail.recipient == second.student.user.email)) is not None


def test_overlapping_booking_is_refused_with_the_other_title(db, request_ctx):
    event = upcoming_event()
    first = session_at(event, 1, title="CV Clinic")
    clash = session_at(event, 1.5, title="AI Insight")
    later = session_at(event, 2)
    registration = registered(event)
    book_session(registration=registration, session=first)
    with pytest.raises(DomainError, match="overlaps “CV Clinic”"):
        book_session(registration=registration, session=clash)
    assert book_session(registration=registration, session=later)[0].status == "booked"


def test_waiting_list_place_also_blocks_an_overlap(db, request_ctx):
    event = upcoming_event()
    full = session_at(event, 1, capacity=1)
    registered_other = registered(event)
    book_session(registration=registered_other, session=full)
    registration = registered(event)
    book_session(registration=registration, session=full)  # waiting list
    with pytest.raises(DomainError, match="overlaps"):
        book_session(registration=registration, session=session_at(event, 1.25))


def test_booking_refused_without_registration_after_start_and_for_other_event(db, request_ctx):
    event = upcoming_event()
    session = session_at(event, 1)
    with pytest.raises(DomainError, match="Register for the event first"):
        book_session(registration=None, session=session)
    other = registered(upcoming_event())
    with pytest.raises(DomainError, match="Register for the event first"):
        book_session(registration=other, session=session)
    registration = registered(event)
    with pytest.raises(DomainError, match="has started"):
        book_session(registration=registration, session=session,
                     now=session.starts_at + timedelta(minutes=1))


def test_cancel_refused_after_start(db, request_ctx):
    event = upcoming_event()
    session = session_at(event, 1)
    registration = registered(event)
    book_session(registration=registration, session=session)
    with pytest.raises(DomainError, match="can no longer be cancelled"):
        cancel_booking(registration=registration, session=session, now=session.starts_at)


def test_booking_twice_keeps_one_booking(db, request_ctx):
    event = upcoming_event()
    session = session_at(event, 1)
    registration = registered(event)
    book_session(registration=registration, session=session)
    _booking, created = book_session(registration=registration, session=session)
    assert created is False and _statuses(db, session.id) == ["booked"]


def test_cancelling_the_event_registration_frees_places(client, login_as, db):
    event = upcoming_event()
    session = session_at(event, 1, capacity=1)
    user = login_as("student")
    mine = registered(event, user.student)
    waiting = registered(event)
    db.session.flush()
    with client.application.test_request_context():
        book_session(registration=mine, session=session)
        book_session(registration=waiting, session=session)
    db.session.commit()
    client.post(f"/events/{event.id}/cancel")
    assert db.session.scalar(select(SessionBooking.status).where(
        SessionBooking.registration_id == waiting.id)) == "booked"


def test_book_and_cancel_through_the_page(client, login_as, db):
    user = login_as("student")
    event = upcoming_event()
    session = session_at(event, 1, capacity=1, title="Personal Branding")
    other = session_at(event, 1, title="Overlapping Talk")
    registered(event, user.student)
    db.session.commit()
    page = client.post(f"/events/{event.id}/sessions/{session.id}/book",
                       data={"kind": "workshop"}, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Booked: “Personal Branding”" in html
    assert page.request.args.get("kind") == "workshop"  # the filters are kept
    refused = client.post(f"/events/{event.id}/sessions/{other.id}/book",
                          follow_redirects=True).get_data(as_text=True)
    assert "overlaps “Personal Branding”" in refused
    gone = client.post(f"/events/{event.id}/sessions/{session.id}/cancel",
                       follow_redirects=True).get_data(as_text=True)
    assert "is cancelled" in gone
    assert _statuses(db, session.id) == []


def test_unregistered_student_cannot_book_and_others_get_403(client, login_as, db):
    event = upcoming_event()
    session = session_at(event, 1)
    login_as("student")
    db.session.commit()
    html = client.post(f"/events/{event.id}/sessions/{session.id}/book",
                       follow_redirects=True).get_data(as_text=True)
    assert "Register for the event first" in html
    login_as("company")
    assert client.post(f"/events/{event.id}/sessions/{session.id}/book").status_code == 403


def test_session_of_another_event_is_404(client, login_as, db):
    user = login_as("student")
    event = upcoming_event()
    registered(event, user.student)
    elsewhere = session_at(upcoming_event(), 1)
    db.session.commit()
    assert client.post(f"/events/{event.id}/sessions/{elsewhere.id}/book").status_code == 404


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"),
                    reason="the row locks that hold a session's places are PostgreSQL's")
def test_parallel_bookings_never_oversell(app, db):
    """Twelve participants book a 3-place session at the same instant: exactly 3 places are
    taken, the other 9 wait, no booking is lost."""
    event = upcoming_event()
    session = session_at(event, 1, capacity=3)
    registrations = [registered(event) for _ in range(12)]
    db.session.commit()
    ids, session_id = [r.id for r in registrations], session.id
    barrier = threading.Barrier(len(ids))
    results: list[str] = []

    def attempt(registration_id):
        with app.test_request_context():
            registration = db.session.get(EventRegistration, registration_id)
            target = db.session.get(EventSession, session_id)
            barrier.wait()
            try:
                booking, _created = book_session(registration=registration, session=target)
                status = booking.status
                db.session.commit()
                results.append(status)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["booked"] * 3 + ["waitlisted"] * 9
    assert db.session.scalar(select(func.count()).select_from(SessionBooking).where(
        SessionBooking.session_id == session_id, SessionBooking.status == "booked")) == 3
    assert db.session.scalar(select(func.count()).select_from(SessionBooking)) == 12


def test_factories_build_a_booking(db):
    booking = factories.SessionBookingFactory()
    assert booking.registration.event_id == booking.session.event_id
