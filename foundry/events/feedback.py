"""After the event: participants and companies rate each session they took part in (1–5,
with a comment) and the event overall."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from foundry.common.errors import DomainError
from foundry.extensions import db
from foundry.models import Event, EventFeedback, EventRegistration, EventSession, SessionBooking
from foundry.models.base import utcnow
from foundry.permissions import company_id_of, student_of


def sessions_to_rate(user, event: Event) -> list[EventSession] | None:
    """The sessions this user may rate — a participant's booked ones, a company's own — that
    have started; None when the user has no part in the event."""
    now = utcnow()
    student = student_of(user)
    if student is not None:
        registration = db.session.scalar(select(EventRegistration).where(
            EventRegistration.event_id == event.id, EventRegistration.student_id == student.id))
        if registration is None:
            return None
        return list(db.session.scalars(
            select(EventSession).join(SessionBooking, SessionBooking.session_id == EventSession.id)
            .where(SessionBooking.registration_id == registration.id,
                   SessionBooking.status == "booked", EventSession.starts_at <= now)
            .order_by(EventSession.starts_at)))
    company_id = company_id_of(user)
    if company_id is None:
        return None
    from foundry.events.sessions import approved_participation

    if approved_participation(event.id, company_id) is None:
        return None
    return list(db.session.scalars(select(EventSession).where(
        EventSession.event_id == event.id, EventSession.company_id == company_id,
        EventSession.starts_at <= now).order_by(EventSession.starts_at)))


def existing_feedback(user, event: Event) -> dict[int | None, EventFeedback]:
    """The user's feedback so far, by session id (None: overall)."""
    return {f.session_id: f for f in db.session.scalars(select(EventFeedback).where(
        EventFeedback.event_id == event.id, EventFeedback.user_id == user.id))}


def save_feedback(*, user, event: Event, answers: dict[int | None, tuple[int, str | None]],
                  allowed: list[EventSession]) -> int:
    """Store (or update) ratings; answers maps session id (None: overall) → (rating, comment).
    Refused before the event starts or for a session the user did not take part in."""
    if event.starts_at > utcnow():
        raise DomainError(_("Feedback opens when the event has started."))
    allowed_ids = {s.id for s in allowed}
    if any(sid is not None and sid not in allowed_ids for sid in answers):
        raise DomainError(_("You can only rate sessions you took part in."))
    have = existing_feedback(user, event)
    for session_id, (rating, comment) in answers.items():
        if not 1 <= rating <= 5:
            raise DomainError(_("Ratings go from 1 to 5."))
        entry = have.get(session_id)
        if entry is None:
            entry = EventFeedback(event_id=event.id, session_id=session_id, user_id=user.id,
                                  rating=rating)
            db.session.add(entry)
        entry.rating, entry.comment = rating, (comment or "").strip()[:2000] or None
    db.session.flush()
    return len(answers)


def has_part(user, event: Event) -> bool:
    """Whether the user can give feedback on the event at all."""
    return sessions_to_rate(user, event) is not None
