"""Events: registration with capacity, cancel, QR page, admin create/edit, check-in, attendance."""

from __future__ import annotations

import os
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from foundry.common.errors import DomainError
from foundry.events.queries import attendance_by_university
from foundry.events.services import check_in, register_for_event
from foundry.models import Event, EventRegistration, OutboxMail, Position, StudentProfile
from foundry.models.base import utcnow
from tests import factories


def _count(db, event_id):
    return db.session.scalar(select(func.count(EventRegistration.id))
                             .where(EventRegistration.event_id == event_id))


def _upcoming(**kwargs):
    start = utcnow() + timedelta(days=7)
    return factories.EventFactory(starts_at=start, ends_at=start + timedelta(hours=5), **kwargs)


def test_student_sees_upcoming_not_past_events(client, login_as, db):
    login_as("student")
    _upcoming(name="Fintech Drive 2026")
    past = utcnow() - timedelta(days=30)
    factories.EventFactory(name="Old Career Day", starts_at=past, ends_at=past + timedelta(hours=2))
    db.session.commit()
    page = client.get("/events/").get_data(as_text=True)
    assert "Fintech Drive 2026" in page and "Old Career Day" not in page


def test_register_shows_code_and_qr_then_twice_is_idempotent(client, login_as, db):
    user = login_as("student")
    event = _upcoming()
    db.session.commit()
    response = client.post(f"/events/{event.id}/register", follow_redirects=True)
    page = response.get_data(as_text=True)
    registration = db.session.scalar(select(EventRegistration))
    code = registration.code
    assert len(code) == 10
    assert f"{code[:5]}-{code[5:]}" in page
    assert f"/events/{event.id}/registration/qr.svg" in page
    qr = client.get(f"/events/{event.id}/registration/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert b"<svg" in qr.data and qr.headers["Cache-Control"] == "private, no-store"
    again = client.post(f"/events/{event.id}/register", follow_redirects=True)
    assert "already registered" in again.get_data(as_text=True)
    assert _count(db, event.id) == 1
    assert db.session.scalar(select(OutboxMail.recipient)) == user.email


def test_capacity_is_enforced_with_a_clear_message(client, login_as, db):
    event = _upcoming(capacity=1)
    factories.EventRegistrationFactory(event=event)
    login_as("student")
    db.session.commit()
    assert "Full" in client.get(f"/events/{event.id}").get_data(as_text=True)
    response = client.post(f"/events/{event.id}/register", follow_redirects=True)
    assert "this event is full" in response.get_data(as_text=True)
    assert _count(db, event.id) == 1


def test_service_refuses_past_event_and_full_event(db, request_ctx):
    past = utcnow() - timedelta(days=2)
    over = factories.EventFactory(starts_at=past, ends_at=past + timedelta(hours=1))
    student = factories.StudentProfileFactory()
    with pytest.raises(DomainError, match="over"):
        register_for_event(student=student, event=over)
    full = _upcoming(capacity=0)
    with pytest.raises(DomainError, match="full"):
        register_for_event(student=student, event=full)


def test_cancel_frees_the_place(client, login_as, db):
    user = login_as("student")
    event = _upcoming(capacity=1)
    factories.EventRegistrationFactory(event=event, student=user.student)
    db.session.commit()
    response = client.post(f"/events/{event.id}/cancel", follow_redirects=True)
    assert "registration is cancelled" in response.get_data(as_text=True)
    assert _count(db, event.id) == 0
    # cancelling again is harmless
    response = client.post(f"/events/{event.id}/cancel", follow_redirects=True)
    assert "were not registered" in response.get_data(as_text=True)


def test_cannot_cancel_after_check_in(client, login_as, db):
    user = login_as("student")
    event = _upcoming()
    factories.EventRegistrationFactory(event=event, student=user.student, checked_in_at=utcnow())
    db.session.commit()
    response = client.post(f"/events/{event.id}/cancel", follow_redirects=True)
    assert "already checked in" in response.get_data(as_text=True)
    assert _count(db, event.id) == 1


def test_registration_page_and_qr_only_for_own_registration(client, login_as, db):
    login_as("student")
    event = _upcoming()
    factories.EventRegistrationFactory(event=event, code="OTHERSCODE")
    db.session.commit()
    page = client.get(f"/events/{event.id}/registration", follow_redirects=True)
    assert "not registered" in page.get_data(as_text=True)
    assert "OTHER" not in page.get_data(as_text=True)
    assert client.get(f"/events/{event.id}/registration/qr.svg").status_code == 404


def _event_form(**overrides):
    data = {"name": "Microelectronics Drive", "kind": "drive", "mode": "onsite",
            "starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T17:00",
            "venue": "Science Park Conference Hall", "description": "Meet chip designers.",
            "capacity": "200"}
    data.update(overrides)
    return data


def test_admin_creates_event_with_companies_and_positions(client, login_as, db):
    login_as("admin")
    company = factories.CompanyFactory(name="ChipCo Limited")
    position = factories.PositionFactory(company=company, title="IC Design Intern")
    db.session.commit()
    data = _event_form()
    data["companies"] = [str(company.id)]
    data["positions"] = [str(position.id)]
    response = client.post("/events/new", data=data, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Event created" in page and "ChipCo Limited" in page and "IC Design Intern" in page
    db.session.expire_all()
    event_id = db.session.get(Position, position.id).event_id
    assert event_id is not None
    # Hong Kong 10:00 is stored as 02:00 UTC
    assert db.session.get(Event, event_id).starts_at == datetime(2026, 12, 10, 2, 0)
    # unlinking the position on edit clears its event
    response = client.post(f"/events/{event_id}/edit", data=_event_form(name="Renamed Drive"),
                           follow_redirects=True)
    assert "Renamed Drive" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Position, position.id).event_id is None


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"ends_at": "2026-12-10T09:00"}, "ends_at", "must end after it starts"),
    ({"venue": ""}, "venue", "Enter the venue"),
    ({"capacity": "-3"}, "capacity", "Number must be between 1 and 100000"),
    ({"name": ""}, "name", "This field is required"),
    ({"kind": "party"}, "kind", "Not a valid choice"),
    ({"starts_at": "tomorrow"}, "starts_at", "Not a valid datetime value"),
])
def test_event_form_bad_input_by_field(client, login_as, db, overrides, field, message):
    login_as("admin")
    response = client.post("/events/new", data=_event_form(**overrides))
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    assert "Meet chip designers." in page  # typed values kept
    assert db.session.scalar(select(func.count(Event.id))) == 0


def test_capacity_cannot_drop_below_registrations(client, login_as, db):
    login_as("admin")
    event = _upcoming(capacity=10)
    factories.EventRegistrationFactory.create_batch(3, event=event)
    db.session.commit()
    page = client.post(f"/events/{event.id}/edit",
                       data=_event_form(capacity="2")).get_data(as_text=True)
    assert 'id="capacity-error"' in page and "3 students are already registered" in page


def test_checkin_by_code_then_again_then_unknown(client, login_as, db):
    admin = login_as("admin")
    event = _upcoming()
    registration = factories.EventRegistrationFactory(event=event, code="ABCDEFGHJK",
                                                      student__user__full_name="Chan Tai Man")
    other = factories.EventRegistrationFactory(code="ZZZZZZZZZZ")
    db.session.commit()
    response = client.post(f"/events/{event.id}/checkin", data={"code": " abcde-fghjk "},
                           follow_redirects=True)
    assert "Chan Tai Man is checked in" in response.get_data(as_text=True)
    db.session.refresh(registration)
    assert registration.checked_in_at is not None and registration.checked_in_by_id == admin.id
    response = client.post(f"/events/{event.id}/checkin", data={"code": "ABCDEFGHJK"},
                           follow_redirects=True)
    assert "was already checked in" in response.get_data(as_text=True)
    response = client.post(f"/events/{event.id}/checkin", data={"code": "NOSUCHCODE"})
    assert response.status_code == 200
    assert "No registration has the code NOSUCHCODE" in response.get_data(as_text=True)
    response = client.post(f"/events/{event.id}/checkin", data={"code": other.code})
    assert "is for another event" in response.get_data(as_text=True)
    db.session.refresh(other)
    assert other.checked_in_at is None


def test_checkin_by_search(client, login_as, db):
    login_as("admin")
    event = _upcoming()
    registration = factories.EventRegistrationFactory(
        event=event, student__user__full_name="Wong Siu Ming", student__student_number="55501")
    factories.EventRegistrationFactory(event=event, student__user__full_name="Lee Ka Yan")
    db.session.commit()
    page = client.get(f"/events/{event.id}/checkin?q=5550").get_data(as_text=True)
    assert "Wong Siu Ming" in page and "Lee Ka Yan" not in page
    response = client.post(f"/events/{event.id}/checkin",
                           data={"registration_id": registration.id, "q": "5550"},
                           follow_redirects=True)
    assert "Wong Siu Ming is checked in" in response.get_data(as_text=True)
    # a registration of another event is refused
    stranger = factories.EventRegistrationFactory()
    db.session.commit()
    response = client.post(f"/events/{event.id}/checkin",
                           data={"registration_id": stranger.id}, follow_redirects=True)
    assert "not for this event" in response.get_data(as_text=True)


def test_empty_code_is_refused_by_the_field(client, login_as, db):
    login_as("admin")
    event = _upcoming()
    db.session.commit()
    page = client.post(f"/events/{event.id}/checkin", data={"code": ""}).get_data(as_text=True)
    assert 'id="code-error"' in page


def test_attendance_by_university_counts(db, request_ctx):
    event = _upcoming()
    staff = factories.UserFactory(role="admin")
    hku = factories.FacultyFactory(university__code="HKU")
    ust = factories.FacultyFactory(university__code="HKUST")
    regs = [factories.EventRegistrationFactory(event=event, student__faculty=hku)
            for _ in range(3)]
    regs.append(factories.EventRegistrationFactory(event=event, student__faculty=ust))
    factories.EventRegistrationFactory(student__faculty=hku)  # another event
    check_in(event=event, staff=staff, code=regs[0].code)
    check_in(event=event, staff=staff, code=regs[3].code)
    rows = attendance_by_university(event.id)
    assert [(r.code, r.registered, r.checked_in) for r in rows] == [("HKU", 3, 1),
                                                                   ("HKUST", 1, 1)]


def test_admin_event_page_shows_attendance(client, login_as, db):
    login_as("admin")
    event = _upcoming()
    factory = factories.FacultyFactory(university__code="CityU")
    factories.EventRegistrationFactory(event=event, student__faculty=factory,
                                       checked_in_at=utcnow())
    db.session.commit()
    page = client.get(f"/events/{event.id}/admin").get_data(as_text=True)
    assert "Attendance by university" in page and "CityU" in page and "100 %" in page


@pytest.mark.parametrize("role", ["student", "company", "dean"])
def test_non_admins_cannot_manage_events(client, login_as, db, role):
    login_as(role)
    event = _upcoming()
    db.session.commit()
    for url in ("/events/admin", "/events/new", f"/events/{event.id}/edit",
                f"/events/{event.id}/admin", f"/events/{event.id}/checkin"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/events/{event.id}/checkin", data={"code": "X"}).status_code == 403


@pytest.mark.parametrize("role", ["company", "dean", "admin"])
def test_only_students_register(client, login_as, db, role):
    login_as(role)
    event = _upcoming()
    db.session.commit()
    assert client.post(f"/events/{event.id}/register").status_code == 403
    assert _count(db, event.id) == 0


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"),
                    reason="the row lock that serialises last-place registrations is PostgreSQL's")
def test_two_students_racing_for_the_last_place(app, db):
    """Both requests start together; the event row lock lets exactly one take the place."""
    event = _upcoming(capacity=1)
    students = factories.StudentProfileFactory.create_batch(2)
    db.session.commit()
    event_id, ids = event.id, [s.id for s in students]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def attempt(student_id):
        with app.test_request_context():
            student = db.session.get(StudentProfile, student_id)
            target = db.session.get(Event, event_id)
            barrier.wait()
            try:
                register_for_event(student=student, event=target)
                db.session.commit()
                results.append("registered")
            except DomainError:
                db.session.rollback()
                results.append("full")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(results) == ["full", "registered"]
    assert _count(db, event_id) == 1


def test_past_event_page_offers_no_registration(client, login_as, db):
    login_as("student")
    past = utcnow() - timedelta(days=3)
    event = factories.EventFactory(starts_at=past, ends_at=past + timedelta(hours=2))
    db.session.commit()
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "This event is over." in page
    assert f"/events/{event.id}/register" not in page


def test_event_form_reports_every_mistake_at_once(client, login_as, db):
    """Issue 14: the missing venue was only reported once the dates were right."""
    login_as("admin")
    page = client.post("/events/new", data=_event_form(
        name="", venue="", ends_at="2026-12-10T09:00", capacity="0")).get_data(as_text=True)
    assert 'id="name-error"' in page
    assert 'id="ends_at-error"' in page and "end after it starts" in page
    assert 'id="venue-error"' in page and "Enter the venue" in page
    assert 'id="capacity-error"' in page
