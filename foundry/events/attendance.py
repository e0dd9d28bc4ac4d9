"""Attendance: staff check people in to sessions; online sessions count whoever opens the join
link through the app; walk-ins are registered and checked in in one step."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.events.booking import booking_of
from foundry.extensions import db
from foundry.models import Event, EventRegistration, EventSession, SessionBooking, StudentProfile
from foundry.models.base import utcnow

JOIN_OPENS_BEFORE = timedelta(minutes=15)  # the join link shows from this long before the start


def join_link_open(session: EventSession, now: datetime | None = None) -> bool:
    """Whether the session's online join link may be shown now (shortly before it starts, until
    it ends)."""
    now = now or utcnow()
    return bool(session.online and session.join_url
                and session.starts_at - JOIN_OPENS_BEFORE <= now < session.ends_at)


def may_join(registration: EventRegistration | None, session: EventSession,
             booking: SessionBooking | None) -> bool:
    """Registered participants join a session they booked, or one without a place limit."""
    if registration is None or registration.event_id != session.event_id:
        return False
    if booking is not None:
        return booking.status == "booked"
    return session.capacity is None


def join_online(*, registration: EventRegistration | None, session: EventSession,
                now: datetime | None = None) -> str:
    """Record online attendance and return the join link; refused with a clear message for a
    non-participant, a session not booked, or outside the join window."""
    now = now or utcnow()
    booking = booking_of(registration.id, session.id) if registration is not None else None
    if not may_join(registration, session, booking):
        raise DomainError(_("The join link is only for participants who booked this session."))
    if not session.online or not session.join_url:
        raise DomainError(_("This session has no online link."))
    if not join_link_open(session, now):
        raise DomainError(_("The join link opens %(minutes)s minutes before the start.",
                            minutes=int(JOIN_OPENS_BEFORE.total_seconds() // 60))
                          if now < session.starts_at else _("This session is over."))
    if booking is None:  # a session without a place limit: attendance makes the booking
        booking = SessionBooking(session_id=session.id, registration_id=registration.id,
                                 status="booked", created_at=now)
        db.session.add(booking)
    if booking.joined_online_at is None:
        booking.joined_online_at = now
        db.session.flush()
        record_audit("events.join_online", target=booking, details={"session_id": session.id})
    return session.join_url


def check_in_to_session(*, session: EventSession, booking_id: int, staff) -> tuple[
        SessionBooking, bool]:
    """Check a booked participant in to a session on site; returns (booking, already). Checking
    in to a session also checks them in to the event."""
    booking = db.session.get(SessionBooking, booking_id)
    if booking is None or booking.session_id != session.id:
        raise DomainError(_("That booking is not for this session."))
    if booking.status != "booked":
        raise DomainError(_("This participant is on the waiting list, not booked."))
    if booking.checked_in_at is not None:
        return booking, True
    now = utcnow()
    booking.checked_in_at = now
    registration = booking.registration
    if registration.checked_in_at is None:
        registration.checked_in_at, registration.checked_in_by_id = now, staff.id
    db.session.flush()
    record_audit("events.session_checkin", target=booking, actor=staff,
                 details={"session_id": session.id})
    return booking, False


def register_walk_in(*, event: Event, student: StudentProfile, staff) -> EventRegistration:
    """Register someone who arrived at the venue and check them in, in one step (a walk-in is
    at the door: the place limit for advance registration does not turn them away)."""
    from foundry.events.services import check_may_take_part, new_code

    now = utcnow()
    if event.ends_at < now:
        raise DomainError(_("This event is over."))
    check_may_take_part(student, event)
    registration = db.session.scalar(select(EventRegistration).where(
        EventRegistration.event_id == event.id, EventRegistration.student_id == student.id))
    if registration is None:
        registration = EventRegistration(event_id=event.id, student_id=student.id,
                                         code=new_code(), walk_in=True)
        db.session.add(registration)
    if registration.checked_in_at is None:
        registration.checked_in_at, registration.checked_in_by_id = now, staff.id
    db.session.flush()
    record_audit("events.walk_in", target=registration, actor=staff,
                 details={"event_id": event.id})
    return registration
