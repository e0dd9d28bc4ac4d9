"""Writes for events: create/edit, register and cancel (capacity enforced), check in."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.common.notify import notify
from foundry.events.booking import cancel_all_bookings
from foundry.events.queries import registration_count
from foundry.extensions import db
from foundry.models import (
    Company,
    Event,
    EventCompany,
    EventRegistration,
    EventSession,
    Position,
    StudentProfile,
)
from foundry.models.base import utcnow
from foundry.models.choices import EVENT_KINDS, EVENT_MODES, values

# No 0/O, 1/I/L: a code read aloud or typed from paper stays unambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


@dataclass
class EventDetails:
    """What the admin's event form collects."""

    name: str
    kind: str
    mode: str
    starts_at: datetime
    ends_at: datetime
    venue: str | None = None
    description: str | None = None
    capacity: int | None = None
    open_to_everyone: bool = False


def normalise_code(raw: str) -> str:
    """A typed or scanned code without spaces/dashes, upper case (ABCDE-FGHJK → ABCDEFGHJK)."""
    return re.sub(r"[^A-Za-z0-9]", "", raw or "").upper()[:32]


def format_code(code: str) -> str:
    """A code in two groups for reading: ABCDE-FGHJK."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def new_code() -> str:
    """A random registration code not used yet."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(EventRegistration.id).where(EventRegistration.code == code)) \
                is None:
            return code


def _check_details(details: EventDetails, *, event: Event | None) -> None:
    """Raise DomainError, by field, for rules the form might not have caught."""
    if not (details.name or "").strip():
        raise DomainError(_("Enter the event's name."), field="name")
    if details.kind not in values(EVENT_KINDS):
        raise DomainError(_("Choose one of the listed kinds."), field="kind")
    if details.mode not in values(EVENT_MODES):
        raise DomainError(_("Choose one of the listed modes."), field="mode")
    if details.ends_at < details.starts_at:
        raise DomainError(_("The event must end after it starts."), field="ends_at")
    if details.mode in ("onsite", "hybrid") and not (details.venue or "").strip():
        raise DomainError(_("Enter the venue of an on-site or hybrid event."), field="venue")
    if details.capacity is not None:
        if details.capacity < 0:
            raise DomainError(_("The capacity cannot be negative."), field="capacity")
        taken = registration_count(event.id) if event is not None and event.id else 0
        if details.capacity < taken:
            raise DomainError(_("%(n)s students are already registered: the capacity cannot be "
                                "lower.", n=taken), field="capacity")


def save_event(*, event: Event | None, details: EventDetails, company_ids: list[int],
               position_ids: list[int]) -> Event:
    """Create an event (event=None) or update one, with its companies and linked positions."""
    _check_details(details, event=event)
    created = event is None
    before = None if created else {"name": event.name, "starts_at": event.starts_at.isoformat(),
                                   "capacity": event.capacity}
    if created:
        event = Event(**vars(details))
        db.session.add(event)
    else:
        for key, value in vars(details).items():
            setattr(event, key, value)
    event.venue = (event.venue or "").strip() or None
    _set_companies(event, company_ids)
    db.session.flush()
    _set_positions(event, position_ids)
    record_audit("events.create" if created else "events.update", target=event,
                 details={"before": before, "after": {
                     "name": event.name, "starts_at": event.starts_at.isoformat(),
                     "capacity": event.capacity, "companies": sorted(set(company_ids)),
                     "positions": sorted(set(position_ids))}})
    return event


def _set_companies(event: Event, company_ids: list[int]) -> None:
    """Make the event's approved companies exactly these verified companies (invitations and
    requests still open are kept; a company running sessions cannot be removed)."""
    wanted = set(company_ids)
    if wanted:
        found = set(db.session.scalars(select(Company.id).where(
            Company.id.in_(wanted), Company.vetting_status == "verified")))
        if found != wanted:
            raise DomainError(_("Choose verified companies from the list."), field="companies")
    current = {link.company_id: link for link in event.companies}
    for company_id, link in current.items():
        if company_id in wanted:
            link.status = "approved"
        elif link.status == "approved":
            if event.id and db.session.scalar(select(EventSession.id).where(
                    EventSession.event_id == event.id,
                    EventSession.company_id == company_id).limit(1)) is not None:
                raise DomainError(_("%(name)s runs sessions at this event: delete them first.",
                                    name=link.company.name), field="companies")
            event.companies.remove(link)
    for company_id in sorted(wanted - current.keys()):
        event.companies.append(EventCompany(company_id=company_id, status="approved"))


def _set_positions(event: Event, position_ids: list[int]) -> None:
    """Link exactly these positions to the event (positions carry the event_id)."""
    wanted = set(position_ids)
    positions = list(db.session.scalars(select(Position).where(Position.id.in_(wanted)))) \
        if wanted else []
    if len(positions) != len(wanted):
        raise DomainError(_("Choose positions from the list."), field="positions")
    for position in db.session.scalars(select(Position).where(Position.event_id == event.id)):
        if position.id not in wanted:
            position.event_id = None
    for position in positions:
        position.event_id = event.id


def check_may_take_part(student: StudentProfile, event: Event) -> None:
    """External talent take part only in events open to everyone (the same rule as
    permissions.can_register_for_event, for a profile: staff registering a walk-in)."""
    if student.external is not None and not event.open_to_everyone:
        raise DomainError(_("This event is for students of the partner universities only."))


def register_for_event(*, student: StudentProfile, event: Event,
                       now: datetime | None = None) -> tuple[EventRegistration, bool]:
    """Register the student; returns (registration, created). Registering twice returns the
    existing registration. Capacity is counted inside the transaction, with the event row
    locked on PostgreSQL, so two last-place registrations cannot both succeed."""
    now = now or utcnow()
    existing = db.session.scalar(select(EventRegistration).where(
        EventRegistration.event_id == event.id, EventRegistration.student_id == student.id))
    if existing is not None:
        return existing, False
    if event.ends_at < now:
        raise DomainError(_("This event is over; registration is closed."))
    check_may_take_part(student, event)
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
    if event.capacity is not None and registration_count(event.id) >= event.capacity:
        raise DomainError(_("Sorry, this event is full (%(n)s places).", n=event.capacity))
    registration = EventRegistration(event_id=event.id, student_id=student.id, code=new_code())
    db.session.add(registration)
    db.session.flush()
    record_audit("events.register", target=registration, details={"event_id": event.id})
    if student.user is not None:
        notify(user=student.user, email=True,
               message=lambda: _("You are registered for %(name)s. Your check-in code: "
                                 "%(code)s", name=event.name,
                                 code=format_code(registration.code)),
               link=url_for("events.my_registration", event_id=event.id))
    return registration, True


def cancel_registration(*, student: StudentProfile, event: Event,
                        now: datetime | None = None) -> bool:
    """Cancel the student's registration (frees the place); False if there was none."""
    now = now or utcnow()
    registration = db.session.scalar(select(EventRegistration).where(
        EventRegistration.event_id == event.id, EventRegistration.student_id == student.id))
    if registration is None:
        return False
    if registration.checked_in_at is not None:
        raise DomainError(_("You have already checked in; the registration cannot be cancelled."))
    if event.starts_at <= now:
        raise DomainError(_("The event has started; the registration can no longer be "
                            "cancelled."))
    record_audit("events.cancel", target=registration, details={"event_id": event.id})
    cancel_all_bookings(registration=registration, now=now)
    db.session.delete(registration)
    db.session.flush()
    return True


def check_in(*, event: Event, staff, code: str | None = None,
             registration_id: int | None = None) -> tuple[EventRegistration, bool]:
    """Check a registered student in by code or by registration; returns (registration,
    already_checked_in). Unknown codes and other events' codes are refused with a message."""
    if code is not None:
        normalised = normalise_code(code)
        if not normalised:
            raise DomainError(_("Enter or scan a registration code."), field="code")
        registration = db.session.scalar(select(EventRegistration).where(
            EventRegistration.code == normalised))
        if registration is None:
            raise DomainError(_("No registration has the code %(code)s.", code=normalised),
                              field="code")
        if registration.event_id != event.id:
            raise DomainError(_("The code %(code)s is for another event: %(name)s.",
                                code=normalised, name=registration.event.name), field="code")
    else:
        registration = db.session.get(EventRegistration, registration_id or 0)
        if registration is None or registration.event_id != event.id:
            raise DomainError(_("That registration is not for this event."))
    if registration.checked_in_at is not None:
        return registration, True
    registration.checked_in_at = utcnow()
    registration.checked_in_by_id = staff.id
    db.session.flush()
    record_audit("events.checkin", target=registration, actor=staff,
                 details={"event_id": event.id})
    return registration, False


def remind_registrants(*, now: datetime | None = None) -> int:
    """The day-before reminder (called by the scheduled job): every participant of an event or
    booked session starting within a day gets one in-app notice and one mail, in their own
    language, listing their booked sessions. Idempotent; the caller commits. Returns how many
    participants were reminded."""
    from foundry.events.reminders import send_reminders

    return send_reminders(now=now or utcnow())


def remind_registrants_job(*, now: datetime) -> dict[str, int]:
    """remind_registrants as the scheduled job runs it: its count for the audit trail."""
    return {"reminded": remind_registrants(now=now)}
