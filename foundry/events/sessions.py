"""Writes for an event's programme: sessions (with speakers) and a company's 1:1 slots."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.events.booking import booked_count, promote_waiting
from foundry.extensions import db
from foundry.models import (
    Event,
    EventCompany,
    EventRepresentative,
    EventSession,
    SessionBooking,
    SessionSpeaker,
)
from foundry.models.choices import COMPANY_SESSION_KINDS, SESSION_KINDS, SESSION_PLACES, values

MAX_SLOTS = 48  # one request opens at most this many 1:1 slots


@dataclass
class SessionDetails:
    """What the session form collects (times already in UTC)."""

    kind: str
    title: str
    mode: str
    starts_at: datetime
    ends_at: datetime
    description: str | None = None
    cluster: str | None = None
    room: str | None = None
    join_url: str | None = None
    capacity: int | None = None
    host_id: int | None = None
    speakers: list[tuple[str, str | None, str | None]] = field(default_factory=list)


def approved_participation(event_id: int, company_id: int) -> EventCompany | None:
    """The company's participation in the event, when an admin has approved it."""
    return db.session.scalar(select(EventCompany).where(
        EventCompany.event_id == event_id, EventCompany.company_id == company_id,
        EventCompany.status == "approved"))


def representative_ids(event_id: int, company_id: int) -> set[int]:
    """User ids of the company's named representatives at the event."""
    return set(db.session.scalars(
        select(EventRepresentative.user_id)
        .join(EventCompany, EventCompany.id == EventRepresentative.event_company_id)
        .where(EventCompany.event_id == event_id, EventCompany.company_id == company_id)))


def _check(details: SessionDetails, *, event: Event, company_id: int | None,
           session: EventSession | None) -> None:
    """Every rule of a session, by field."""
    if details.kind not in values(SESSION_KINDS):
        raise DomainError(_("Choose one of the listed kinds."), field="kind")
    if company_id is not None and details.kind not in COMPANY_SESSION_KINDS:
        raise DomainError(_("A company opens booths, group sessions and 1:1 chats; workshops "
                            "and insight sessions are the organisers'."), field="kind")
    if details.mode not in values(SESSION_PLACES):
        raise DomainError(_("Choose one of the listed modes."), field="mode")
    if details.ends_at <= details.starts_at:
        raise DomainError(_("The session must end after it starts."), field="ends_at")
    if details.starts_at < event.starts_at or details.ends_at > event.ends_at:
        raise DomainError(_("The session must lie within the event: %(start)s – %(end)s.",
                            start=format_datetime(event.starts_at, "d MMM y, HH:mm"),
                            end=format_datetime(event.ends_at, "d MMM y, HH:mm")),
                          field="starts_at")
    if details.mode in ("onsite", "both") and not details.room:
        raise DomainError(_("Enter the room of a session held on site."), field="room")
    if details.mode in ("online", "both") and not details.join_url:
        raise DomainError(_("Enter the join link of a session held online."), field="join_url")
    if details.join_url and not details.join_url.startswith(("https://", "http://")):
        raise DomainError(_("The join link must start with https://."), field="join_url")
    if details.capacity is not None and session is not None and session.id:
        taken = booked_count(session.id)
        if details.capacity < taken:
            raise DomainError(_("%(n)s places are already booked: the capacity cannot be "
                                "lower.", n=taken), field="capacity")
    if details.host_id is not None and company_id is not None and \
            details.host_id not in representative_ids(event.id, company_id):
        raise DomainError(_("Choose one of the company's representatives."), field="host_id")


def save_session(*, event: Event, session: EventSession | None, company_id: int | None,
                 details: SessionDetails) -> EventSession:
    """Create or update a session; raising capacity gives the new places to the waiting list."""
    if company_id is not None and approved_participation(event.id, company_id) is None:
        raise DomainError(_("The company's participation in this event is not approved yet."))
    details.room = (details.room or "").strip() or None
    details.join_url = (details.join_url or "").strip() or None
    _check(details, event=event, company_id=company_id, session=session)
    created = session is None
    if created:
        session = EventSession(event_id=event.id, company_id=company_id)
        db.session.add(session)
    else:
        db.session.execute(select(EventSession.id).where(EventSession.id == session.id)
                           .with_for_update())
    for name in ("kind", "title", "mode", "starts_at", "ends_at", "description", "cluster",
                 "room", "join_url", "capacity", "host_id"):
        setattr(session, name, getattr(details, name))
    session.speakers = [SessionSpeaker(name=n, title=t, organisation=o)
                        for n, t, o in details.speakers]
    db.session.flush()
    if not created:
        promote_waiting(session=session)
    record_audit("events.session_create" if created else "events.session_update",
                 target=session, details={"event_id": event.id, "title": session.title})
    return session


def delete_session(*, session: EventSession) -> None:
    """Remove a session that nobody has booked (booked sessions are cancelled by editing)."""
    if db.session.scalar(select(SessionBooking.id).where(
            SessionBooking.session_id == session.id).limit(1)) is not None:
        raise DomainError(_("Participants have booked “%(title)s”: it cannot be deleted.",
                            title=session.title))
    record_audit("events.session_delete", target=session, details={"title": session.title})
    db.session.delete(session)
    db.session.flush()


def open_slots(*, event: Event, company_id: int, first_start: datetime, count: int,
               minutes: int, host_id: int | None, mode: str, room: str | None,
               join_url: str | None, title: str) -> list[EventSession]:
    """Open `count` back-to-back 1:1 slots of `minutes` each, one participant per slot."""
    if not 1 <= count <= MAX_SLOTS:
        raise DomainError(_("Open between 1 and %(n)s slots at a time.", n=MAX_SLOTS),
                          field="count")
    slots = []
    for i in range(count):
        start = first_start + timedelta(minutes=minutes * i)
        details = SessionDetails(kind="one_to_one", title=title, mode=mode, starts_at=start,
                                 ends_at=start + timedelta(minutes=minutes), room=room,
                                 join_url=join_url, capacity=1, host_id=host_id)
        slots.append(save_session(event=event, session=None, company_id=company_id,
                                  details=details))
    return slots
