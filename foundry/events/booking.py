"""Booking sessions: places held under concurrent requests, no overlapping bookings, a waiting
list promoted in order when a place frees up, cancellation until the start.

Concurrency: the participant's registration row and then the session row are locked (SELECT …
FOR UPDATE on PostgreSQL) before the places are counted, so two requests for the last place —
or one participant's two requests for overlapping sessions — are served one after the other.
On SQLite a no-op write first takes its single write lock, which serialises the same way.
"""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.common.notify import notify
from foundry.events.messages import in_locale_of
from foundry.extensions import db
from foundry.models import EventRegistration, EventSession, SessionBooking
from foundry.models.base import utcnow


def booked_count(session_id: int) -> int:
    """Places taken in a session (the waiting list not counted)."""
    return db.session.scalar(select(func.count(SessionBooking.id)).where(
        SessionBooking.session_id == session_id, SessionBooking.status == "booked")) or 0


def _lock(registration: EventRegistration, session: EventSession) -> None:
    """Lock the participant, then the session (always in this order: no deadlock). SQLite has
    no row locks: a no-op write takes its database-wide write lock before anything is counted
    (a plain read would run outside the transaction and could count a place twice)."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(EventSession).where(EventSession.id == session.id)
                           .values(id=EventSession.id))
        return
    db.session.execute(select(EventRegistration.id)
                       .where(EventRegistration.id == registration.id).with_for_update())
    db.session.execute(select(EventSession.id)
                       .where(EventSession.id == session.id).with_for_update())


def clash_of(registration_id: int, session: EventSession,
             statuses: tuple[str, ...] = ("booked", "waitlisted")) -> EventSession | None:
    """Another session of this participant (booked or waiting) that overlaps `session`."""
    return db.session.scalar(
        select(EventSession).join(SessionBooking, SessionBooking.session_id == EventSession.id)
        .where(SessionBooking.registration_id == registration_id,
               SessionBooking.status.in_(statuses),
               EventSession.id != session.id,
               EventSession.starts_at < session.ends_at,
               EventSession.ends_at > session.starts_at)
        .order_by(EventSession.starts_at).limit(1))


def booking_of(registration_id: int, session_id: int) -> SessionBooking | None:
    """The participant's booking (or waiting-list place) in a session."""
    return db.session.scalar(select(SessionBooking).where(
        SessionBooking.registration_id == registration_id,
        SessionBooking.session_id == session_id))


def book_session(*, registration: EventRegistration | None, session: EventSession,
                 now: datetime | None = None) -> tuple[SessionBooking, bool]:
    """Book a place, or a waiting-list place when the session is full; returns (booking,
    created). Refused with a clear message: not registered for the event, started, overlapping
    another booking. Booking twice returns the existing booking."""
    now = now or utcnow()
    if registration is None or registration.event_id != session.event_id:
        raise DomainError(_("Register for the event first; then you can book its sessions."))
    if session.starts_at <= now:
        raise DomainError(_("“%(title)s” has started; it can no longer be booked.",
                            title=session.title))
    _lock(registration, session)
    existing = booking_of(registration.id, session.id)
    if existing is not None:
        return existing, False
    clash = clash_of(registration.id, session)
    if clash is not None:
        raise DomainError(_("“%(title)s” overlaps “%(other)s” (%(when)s), which you have "
                            "already booked. Cancel that first.", title=session.title,
                            other=clash.title, when=format_datetime(clash.starts_at, "HH:mm")))
    full = session.capacity is not None and booked_count(session.id) >= session.capacity
    booking = SessionBooking(session_id=session.id, registration_id=registration.id,
                             status="waitlisted" if full else "booked", created_at=now)
    db.session.add(booking)
    db.session.flush()
    record_audit("events.book", target=booking,
                 details={"session_id": session.id, "status": booking.status})
    return booking, True


def cancel_booking(*, registration: EventRegistration | None, session: EventSession,
                   now: datetime | None = None) -> bool:
    """Cancel a booking or waiting-list place until the session starts; a freed place goes to
    the first on the waiting list. False when there was nothing to cancel."""
    now = now or utcnow()
    if registration is None:
        return False
    if session.starts_at <= now:
        raise DomainError(_("“%(title)s” has started; the booking can no longer be cancelled.",
                            title=session.title))
    _lock(registration, session)
    booking = booking_of(registration.id, session.id)
    if booking is None:
        return False
    freed = booking.status == "booked"
    record_audit("events.unbook", target=booking, details={"session_id": session.id})
    db.session.delete(booking)
    db.session.flush()
    if freed:
        promote_waiting(session=session, now=now)
    return True


def promote_waiting(*, session: EventSession, now: datetime | None = None) -> list[SessionBooking]:
    """Give free places to the waiting list, first come first served (skipping anyone who has
    meanwhile booked an overlapping session); each promoted participant is told. The caller
    holds the session's lock."""
    now = now or utcnow()
    if session.starts_at <= now:
        return []
    free = None if session.capacity is None else session.capacity - booked_count(session.id)
    promoted: list[SessionBooking] = []
    waiting = db.session.scalars(select(SessionBooking).where(
        SessionBooking.session_id == session.id, SessionBooking.status == "waitlisted")
        .order_by(SessionBooking.created_at, SessionBooking.id))
    for booking in waiting:
        if free is not None and free <= 0:
            break
        if clash_of(booking.registration_id, session, ("booked",)) is not None:
            continue
        booking.status, booking.promoted_at = "booked", now
        promoted.append(booking)
        free = None if free is None else free - 1
    db.session.flush()
    for booking in promoted:
        record_audit("events.promote", target=booking, details={"session_id": session.id})
        _tell_promoted(booking, session)
    return promoted


def _tell_promoted(booking: SessionBooking, session: EventSession) -> None:
    """In-app notice and mail, in the participant's language."""
    student = booking.registration.student
    user = student.user if student is not None else None
    if user is None or user.deleted_at is not None:
        return
    with in_locale_of(user):
        message = _("A place came free: you are now booked for “%(title)s” on %(when)s.",
                    title=session.title,
                    when=format_datetime(session.starts_at, "d MMM y, HH:mm"))
        notify(user=user, message=message, email=True,
               link=url_for("events.agenda", event_id=session.event_id))


def cancel_all_bookings(*, registration: EventRegistration, now: datetime | None = None) -> None:
    """When a registration is cancelled: free its places (promoting the waiting lists)."""
    now = now or utcnow()
    bookings = list(db.session.scalars(select(SessionBooking).where(
        SessionBooking.registration_id == registration.id)))
    for booking in bookings:
        session = booking.session
        db.session.execute(select(EventSession.id).where(EventSession.id == session.id)
                           .with_for_update())
        freed = booking.status == "booked"
        db.session.delete(booking)
        db.session.flush()
        if freed:
            promote_waiting(session=session, now=now)
