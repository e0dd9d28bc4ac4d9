"""Reads for an event's programme: the day timetable (filtered by kind, cluster, mode), a
participant's agenda, the event's Talent Pool."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask_babel import get_timezone, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from foundry.extensions import db
from foundry.models import (
    Company,
    EventRegistration,
    EventSession,
    Position,
    SessionBooking,
    SessionSpeaker,
    User,
)
from foundry.models.choices import CLUSTERS, SESSION_KINDS, values


@dataclass(frozen=True)
class Filters:
    """The timetable's filters; unknown values mean "all"."""

    kind: str = ""
    cluster: str = ""
    mode: str = ""

    @classmethod
    def from_args(cls, args) -> Filters:
        """Read ?kind=&cluster=&mode= from the query string, ignoring anything not listed."""
        def pick(name, allowed):
            value = args.get(name, "")
            return value if value in allowed else ""
        return cls(kind=pick("kind", values(SESSION_KINDS)),
                   cluster=pick("cluster", values(CLUSTERS)),
                   mode=pick("mode", ("onsite", "online")))


@dataclass
class Item:
    """One session on the timetable with its places and the viewer's booking; `start`/`end` are
    Hong Kong HH:MM and `places` the places text, computed once (a page may list 400)."""

    session: SessionView
    booked: int = 0
    waiting: int = 0
    mine: str | None = None  # "booked" | "waitlisted" | None
    start: str = ""
    end: str = ""
    places: str = ""

    @property
    def full(self) -> bool:
        """No place left (booking now joins the waiting list)."""
        return self.session.capacity is not None and self.booked >= self.session.capacity

    @property
    def left(self) -> int | None:
        """Places left, None for no limit."""
        cap = self.session.capacity
        return None if cap is None else max(0, cap - self.booked)


@dataclass
class SlotGroup:
    """A company's 1:1 slots on one day, shown as one row of times."""

    company: str | None  # its name
    slots: list[Item] = field(default_factory=list)
    booths: bool = False  # the day's company booths, shown as one row of names

    @property
    def starts_at(self) -> datetime:
        """When the first slot starts."""
        return self.slots[0].session.starts_at


@dataclass(frozen=True)
class Speaker:
    """A speaker as the timetable shows them."""

    name: str
    title: str | None
    organisation: str | None


@dataclass
class SessionView:
    """The columns of a session the timetable shows (plain rows, not ORM objects: a career day
    lists 400 sessions and building entities costs more than the query)."""

    id: int
    kind: str
    title: str
    description: str | None
    mode: str
    starts_at: datetime
    ends_at: datetime
    room: str | None
    capacity: int | None
    company_id: int | None
    company_name: str | None
    speakers: list[Speaker] = field(default_factory=list)

    @property
    def online(self) -> bool:
        """Whether it can be joined online."""
        return self.mode in ("online", "both")

    @property
    def on_site(self) -> bool:
        """Whether it takes place at the venue."""
        return self.mode in ("onsite", "both")


def _sessions(event_id: int, filters: Filters) -> list[SessionView]:
    stmt = (select(EventSession.id, EventSession.kind, EventSession.title,
                   EventSession.description, EventSession.mode, EventSession.starts_at,
                   EventSession.ends_at, EventSession.room, EventSession.capacity,
                   EventSession.company_id, Company.name)
            .outerjoin(Company, Company.id == EventSession.company_id)
            .where(EventSession.event_id == event_id)
            .order_by(EventSession.starts_at, EventSession.id))
    if filters.kind:
        stmt = stmt.where(EventSession.kind == filters.kind)
    if filters.cluster:
        stmt = stmt.where(func.coalesce(EventSession.cluster, Company.cluster) == filters.cluster)
    if filters.mode:
        stmt = stmt.where(EventSession.mode.in_((filters.mode, "both")))
    sessions = [SessionView(*row) for row in db.session.execute(stmt)]
    by_id = {s.id: s for s in sessions}
    speakers = select(SessionSpeaker.session_id, SessionSpeaker.name, SessionSpeaker.title,
                      SessionSpeaker.organisation).join(
        EventSession, EventSession.id == SessionSpeaker.session_id).where(
        EventSession.event_id == event_id).order_by(SessionSpeaker.id)
    for session_id, *rest in db.session.execute(speakers):
        if session_id in by_id:
            by_id[session_id].speakers.append(Speaker(*rest))
    return sessions


def counts(session_ids: list[int]) -> dict[tuple[int, str], int]:
    """(session id, status) → bookings, in one grouped query."""
    if not session_ids:
        return {}
    rows = db.session.execute(
        select(SessionBooking.session_id, SessionBooking.status, func.count())
        .where(SessionBooking.session_id.in_(session_ids))
        .group_by(SessionBooking.session_id, SessionBooking.status))
    return {(sid, status): n for sid, status, n in rows}


def my_statuses(registration: EventRegistration | None) -> dict[int, str]:
    """session id → the participant's booking status."""
    if registration is None:
        return {}
    rows = db.session.execute(select(SessionBooking.session_id, SessionBooking.status)
                              .where(SessionBooking.registration_id == registration.id))
    return {session_id: status for session_id, status in rows}


def timetable(event_id: int, filters: Filters,
              registration: EventRegistration | None) -> list[tuple[date, list]]:
    """Days (Hong Kong dates) with their sessions in start order; a company's 1:1 slots of a day
    are one SlotGroup."""
    sessions = _sessions(event_id, filters)
    booked = counts([s.id for s in sessions])
    mine = my_statuses(registration)
    days: dict[date, list] = defaultdict(list)
    groups: dict[tuple[date, int | str | None], SlotGroup] = {}
    zone = get_timezone()
    places: dict[int | None, str] = {}
    local_times: dict[datetime, datetime] = {}  # slots share their times: convert each once

    def to_local(moment: datetime) -> datetime:
        if moment not in local_times:
            local_times[moment] = moment.replace(tzinfo=UTC).astimezone(zone)
        return local_times[moment]

    for session in sessions:
        item = Item(session, booked.get((session.id, "booked"), 0),
                    booked.get((session.id, "waitlisted"), 0), mine.get(session.id))
        local = to_local(session.starts_at)
        item.start = local.strftime("%H:%M")
        item.end = to_local(session.ends_at).strftime("%H:%M")
        if item.left not in places:
            places[item.left] = _places_text(item.left)
        item.places = places[item.left]
        day = local.date()
        if session.kind in ("one_to_one", "booth"):
            key = (day, session.company_id if session.kind == "one_to_one" else "booths")
            if key not in groups:
                groups[key] = SlotGroup(session.company_name, booths=session.kind == "booth")
                days[day].append(groups[key])
            groups[key].slots.append(item)
        else:
            days[day].append(item)
    return sorted(days.items())


def _places_text(left: int | None) -> str:
    if left is None:
        return _("Open")
    if left == 0:
        return _("Full")
    return ngettext("%(num)d place left", "%(num)d places left", left)


def agenda(registration: EventRegistration) -> list[tuple[SessionBooking, EventSession]]:
    """The participant's bookings and waiting-list places, in time order."""
    return list(db.session.execute(
        select(SessionBooking, EventSession)
        .join(EventSession, EventSession.id == SessionBooking.session_id)
        .where(SessionBooking.registration_id == registration.id)
        .options(joinedload(EventSession.company), selectinload(EventSession.speakers))
        .order_by(EventSession.starts_at, EventSession.id)).tuples())


def session_bookings(session_id: int) -> list[SessionBooking]:
    """A session's bookings then waiting list, with participants (for staff and its company)."""
    from foundry.models import StudentProfile

    return list(db.session.scalars(
        select(SessionBooking).where(SessionBooking.session_id == session_id)
        .options(joinedload(SessionBooking.registration).joinedload(EventRegistration.student)
                 .joinedload(StudentProfile.user),
                 joinedload(SessionBooking.registration).joinedload(EventRegistration.student)
                 .joinedload(StudentProfile.university),
                 joinedload(SessionBooking.registration).joinedload(EventRegistration.student)
                 .joinedload(StudentProfile.external))
        .order_by(SessionBooking.status, SessionBooking.created_at, SessionBooking.id)))


def talent_pool_stmt(event_id: int, *, q: str = "", cluster: str = "",
                     students_only: bool = True, open_only: bool = False):
    """The event's Talent Pool: positions its companies linked, searchable by title, company
    or description, filterable by cluster (students see open positions of verified
    companies; external talent, `open_only`, only those open to everyone)."""
    stmt = (select(Position).join(Company, Company.id == Position.company_id)
            .where(Position.event_id == event_id).options(joinedload(Position.company))
            .order_by(Company.name, Position.title, Position.id))
    if students_only:
        stmt = stmt.where(Position.status == "open", Company.vetting_status == "verified")
    if open_only:
        stmt = stmt.where(Position.audience == "open")
    if cluster in values(CLUSTERS):
        stmt = stmt.where(Position.cluster == cluster)
    q = q.strip().lower()[:100]
    if q:
        like = f"%{q}%"
        stmt = stmt.where(or_(func.lower(Position.title).like(like),
                              func.lower(Company.name).like(like),
                              func.lower(Position.description).like(like)))
    return stmt


def walk_in_candidates(event_id: int, q: str, limit: int = 20):
    """Students matching a search who are not registered for the event (walk-ins)."""
    from foundry.models import StudentProfile

    q = q.strip().lower()
    if not q:
        return []
    like = f"%{q}%"
    registered = select(EventRegistration.student_id).where(
        EventRegistration.event_id == event_id)
    return list(db.session.scalars(
        select(StudentProfile).join(User, User.id == StudentProfile.user_id)
        .where(User.deleted_at.is_(None), StudentProfile.id.not_in(registered),
               or_(func.lower(User.full_name).like(like), func.lower(User.email).like(like),
                   func.lower(StudentProfile.student_number).like(like)))
        .options(joinedload(StudentProfile.user), joinedload(StudentProfile.university),
                 joinedload(StudentProfile.external))
        .order_by(User.full_name).limit(limit)))


