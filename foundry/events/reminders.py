"""The day-before reminder: each participant gets one message (in-app and mail, in their own
language) naming the event and the sessions they booked that start within the next day.
Run by the scheduled job through foundry.events.services.remind_registrants."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from foundry.auth.tokens import external_url
from foundry.common.mail import queue_mail
from foundry.common.notify import notify
from foundry.events.messages import in_locale_of
from foundry.extensions import db
from foundry.models import Event, EventRegistration, EventSession, SessionBooking, StudentProfile

AHEAD = timedelta(days=1)


def _due(now: datetime) -> tuple[list[EventRegistration], dict[int, list[SessionBooking]]]:
    """Registrations whose event starts within a day, and booked sessions starting within a
    day, not reminded yet (a re-run sends nothing twice)."""
    horizon = now + AHEAD
    registrations = list(db.session.scalars(
        select(EventRegistration).join(Event, Event.id == EventRegistration.event_id)
        .where(EventRegistration.reminded_at.is_(None), Event.starts_at > now,
               Event.starts_at <= horizon)
        .options(joinedload(EventRegistration.event))))
    bookings: dict[int, list[SessionBooking]] = defaultdict(list)
    for booking in db.session.scalars(
            select(SessionBooking).join(EventSession, EventSession.id == SessionBooking.session_id)
            .where(SessionBooking.status == "booked", SessionBooking.reminded_at.is_(None),
                   EventSession.starts_at > now, EventSession.starts_at <= horizon)
            .options(joinedload(SessionBooking.session))
            .order_by(EventSession.starts_at)):
        bookings[booking.registration_id].append(booking)
    return registrations, bookings


def _line(session: EventSession) -> str:
    place = session.room or ""
    if session.online:
        place = (place + " + " if place else "") + _("online")
    return f"{format_datetime(session.starts_at, 'HH:mm')} {session.title} ({place})"


def send_reminders(*, now: datetime) -> int:
    """Write the reminders (the caller commits); returns how many participants were told."""
    registrations, bookings = _due(now)
    by_id = {r.id: r for r in registrations}
    missing = set(bookings) - set(by_id)
    if missing:
        by_id.update({r.id: r for r in db.session.scalars(select(EventRegistration).where(
            EventRegistration.id.in_(missing)).options(joinedload(EventRegistration.event)))})
    told = 0
    for registration in by_id.values():
        student = db.session.get(StudentProfile, registration.student_id)
        user = student.user if student is not None else None
        mine = bookings.get(registration.id, [])
        for booking in mine:
            booking.reminded_at = now
        if registration in registrations:
            registration.reminded_at = now
        if user is None or user.deleted_at is not None:
            continue
        event = registration.event
        with in_locale_of(user):
            message = _("Reminder: %(event)s starts %(when)s (Hong Kong time).",
                        event=event.name,
                        when=format_datetime(min([event.starts_at] + [
                            b.session.starts_at for b in mine if b.session.starts_at > now]),
                            "EEE d MMM, HH:mm"))
            link = url_for("events.agenda", event_id=event.id)
            notify(user=user, message=message, link=link)
            lines = [_line(b.session) for b in mine]
            body = message + "\n\n" + ((_("Your sessions:") + "\n" + "\n".join(lines) + "\n\n")
                                       if lines else "") + _("Your agenda and check-in code:") \
                + "\n" + external_url("events.agenda", event_id=event.id)
            queue_mail(to=user.email, subject=_("Talent Foundry: %(event)s tomorrow",
                                                event=event.name), body=body)
        told += 1
    db.session.flush()
    return told
