"""Reads for events: upcoming lists, a student's registration, check-in search, attendance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from foundry.extensions import db
from foundry.models import (
    Company,
    Event,
    EventCompany,
    EventRegistration,
    Position,
    StudentProfile,
    University,
    User,
)
from foundry.models.base import utcnow


@dataclass(frozen=True)
class AttendanceRow:
    """Registrations and check-ins of one university's students at one event."""

    university_id: int
    code: str
    name: str
    registered: int
    checked_in: int


def attendance_by_university(event_id: int) -> list[AttendanceRow]:
    """Per university: how many of its students registered for the event and checked in.

    Raw counts for admins and dashboards; a page outside the admin role must suppress small
    cells itself (DOMAIN.md, Privacy)."""
    rows = db.session.execute(
        select(University.id, University.code, University.name,
               func.count(EventRegistration.id), func.count(EventRegistration.checked_in_at))
        .join(StudentProfile, StudentProfile.university_id == University.id)
        .join(EventRegistration, EventRegistration.student_id == StudentProfile.id)
        .where(EventRegistration.event_id == event_id)
        .group_by(University.id, University.code, University.name)
        .order_by(University.code)
    )
    return [AttendanceRow(*row) for row in rows]


def registration_count(event_id: int) -> int:
    """How many students hold a registration for the event."""
    return db.session.scalar(select(func.count(EventRegistration.id))
                             .where(EventRegistration.event_id == event_id)) or 0


def registration_counts(event_ids: list[int]) -> dict[int, int]:
    """Registrations per event, for a page of events (one query)."""
    if not event_ids:
        return {}
    rows = db.session.execute(
        select(EventRegistration.event_id, func.count(EventRegistration.id))
        .where(EventRegistration.event_id.in_(event_ids))
        .group_by(EventRegistration.event_id))
    return {event_id: count for event_id, count in rows}


def checked_in_count(event_id: int) -> int:
    """How many registered students have checked in."""
    return db.session.scalar(select(func.count(EventRegistration.id)).where(
        EventRegistration.event_id == event_id,
        EventRegistration.checked_in_at.is_not(None))) or 0


def upcoming_events_stmt(now: datetime | None = None, *, open_only: bool = False) -> Select:
    """Events that have not ended yet, soonest first (`open_only`: those open to everyone)."""
    stmt = select(Event).where(Event.ends_at >= (now or utcnow()))
    if open_only:
        stmt = stmt.where(Event.open_to_everyone.is_(True))
    return stmt.order_by(Event.starts_at, Event.id)


def all_events_stmt() -> Select:
    """Every event, newest start first (the admin list)."""
    return select(Event).order_by(Event.starts_at.desc(), Event.id.desc())


def registration_of(student_id: int, event_id: int) -> EventRegistration | None:
    """The student's registration for the event, if any."""
    return db.session.scalar(select(EventRegistration).where(
        EventRegistration.student_id == student_id, EventRegistration.event_id == event_id))


def registrations_of_student(student_id: int, event_ids: list[int]) -> dict[int, EventRegistration]:
    """The student's registrations among these events, by event id."""
    if not event_ids:
        return {}
    rows = db.session.scalars(select(EventRegistration).where(
        EventRegistration.student_id == student_id, EventRegistration.event_id.in_(event_ids)))
    return {row.event_id: row for row in rows}


def event_companies(event_id: int) -> list[str]:
    """Names of the companies taking part in the event (approved), by name (names only: a
    career day has 150)."""
    return list(db.session.scalars(
        select(Company.name).join(EventCompany, EventCompany.company_id == Company.id)
        .where(EventCompany.event_id == event_id, EventCompany.status == "approved")
        .order_by(Company.name)))


def event_positions(event_id: int, *, visible_to_students: bool, open_only: bool = False,
                    limit: int | None = None) -> list[Position]:
    """Positions linked to the event (for students: open positions of verified companies;
    `open_only` for external talent: those open to everyone), the first `limit` of them."""
    stmt = (select(Position).join(Position.company).where(Position.event_id == event_id)
            .options(joinedload(Position.company)).order_by(Company.name, Position.title))
    if visible_to_students:
        stmt = stmt.where(Position.status == "open", Company.vetting_status == "verified")
    if open_only:
        stmt = stmt.where(Position.audience == "open")
    return list(db.session.scalars(stmt.limit(limit)))


def registrations_stmt(event_id: int, q: str = "") -> Select:
    """The event's registrations with student, user and university; optionally searched by
    name, e-mail or student number."""
    stmt = (select(EventRegistration)
            .join(EventRegistration.student)
            .outerjoin(User, User.id == StudentProfile.user_id)
            .where(EventRegistration.event_id == event_id)
            .options(joinedload(EventRegistration.student).joinedload(StudentProfile.user),
                     joinedload(EventRegistration.student)
                     .joinedload(StudentProfile.university),
                     joinedload(EventRegistration.student)
                     .joinedload(StudentProfile.external))
            .order_by(User.full_name, EventRegistration.id))
    q = q.strip().lower()
    if q:
        like = f"%{q}%"
        stmt = stmt.where(or_(func.lower(User.full_name).like(like),
                              func.lower(User.email).like(like),
                              func.lower(StudentProfile.student_number).like(like)))
    return stmt


def company_choices() -> list[tuple[int, str]]:
    """Verified companies that can take part in events."""
    return list(db.session.execute(
        select(Company.id, Company.name).where(Company.vetting_status == "verified")
        .order_by(Company.name)).tuples())


def position_choices(event_id: int | None) -> list[tuple[int, str]]:
    """Positions that can be linked: open or draft ones, plus those already linked."""
    cond = Position.status.in_(("open", "draft"))
    if event_id is not None:
        cond = or_(cond, Position.event_id == event_id)
    rows = db.session.execute(
        select(Position.id, Company.name, Position.title).join(Position.company).where(cond)
        .order_by(Company.name, Position.title))
    return [(pid, f"{company} — {title}") for pid, company, title in rows]


def event_with_companies(event_id: int) -> Event | None:
    """An event with its participating companies loaded."""
    return db.session.scalar(select(Event).where(Event.id == event_id).options(
        selectinload(Event.companies).joinedload(EventCompany.company)))


def registration_for(user, event_id: int) -> EventRegistration | None:
    """The signed-in participant's registration for the event — a partner student's or
    external talent's — (None for anyone else)."""
    from foundry.permissions import student_of

    student = student_of(user)
    return registration_of(student.id, event_id) if student is not None else None


def event_positions_count(event_id: int, *, open_only: bool = False) -> int:
    """Open positions of verified companies in the event's Talent Pool (`open_only`: those
    open to everyone, what external talent see)."""
    stmt = (select(func.count(Position.id)).join(Position.company)
            .where(Position.event_id == event_id, Position.status == "open",
                   Company.vetting_status == "verified"))
    if open_only:
        stmt = stmt.where(Position.audience == "open")
    return db.session.scalar(stmt) or 0


def participations(event_id: int) -> list[EventCompany]:
    """Every company's participation in the event (any status), by company name."""
    return list(db.session.scalars(
        select(EventCompany).join(EventCompany.company).where(EventCompany.event_id == event_id)
        .options(joinedload(EventCompany.company)).order_by(Company.name)))
