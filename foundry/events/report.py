"""The event report: registered vs attended (on site / online), by origin (partner university,
and external talent by country), sessions' fill rates and ratings, 1:1 chats held, and the
applications, offers and hires to the event's positions during the event and within 30 days
after it. A company's part is its own sessions (and who booked them, by origin) and positions
only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import and_, case, func, or_, select

from foundry.extensions import db
from foundry.models import (
    Application,
    Company,
    Event,
    EventFeedback,
    EventRegistration,
    EventSession,
    Position,
    SessionBooking,
    StudentProfile,
    University,
)
from foundry.models.choices import label
from foundry.models.countries import COUNTRIES
from foundry.models.talent import ExternalProfile

FOLLOW_UP = timedelta(days=30)


@dataclass
class SessionRow:
    """One session's figures."""

    id: int
    title: str
    kind: str
    company: str | None
    starts_at: object
    capacity: int | None
    booked: int
    waiting: int
    attended: int
    rating: float | None
    ratings: int

    @property
    def fill(self) -> float | None:
        """Booked ÷ places (None without a limit)."""
        return self.booked / self.capacity if self.capacity else None


@dataclass
class OriginRow:
    """Participants of one origin: a partner university (code, name) or, for external talent,
    a country (ISO code, name)."""

    external: bool
    code: str
    name: str
    registered: int
    on_site: int
    online: int

    @property
    def attended(self) -> int:
        """On site plus online only."""
        return self.on_site + self.online


@dataclass
class Report:
    """Everything the report page and its CSV show."""

    registered: int = 0
    walk_ins: int = 0
    on_site: int = 0
    online: int = 0
    by_origin: list[OriginRow] = field(default_factory=list)
    sessions: list[SessionRow] = field(default_factory=list)
    chats_held: int = 0
    applications: list[tuple[str, int, int, int]] = field(default_factory=list)
    overall_rating: float | None = None
    overall_ratings: int = 0

    @property
    def attended(self) -> int:
        """On site plus online only."""
        return self.on_site + self.online

    @property
    def partner_rows(self) -> list[OriginRow]:
        """Partner universities, by code."""
        return [row for row in self.by_origin if not row.external]

    @property
    def external_rows(self) -> list[OriginRow]:
        """External talent, by country name."""
        return [row for row in self.by_origin if row.external]

    @property
    def external_total(self) -> OriginRow | None:
        """External talent as one group (None when there were none)."""
        rows = self.external_rows
        if not rows:
            return None
        return OriginRow(True, "", "", *(sum(getattr(r, k) for r in rows)
                                         for k in ("registered", "on_site", "online")))

    @property
    def totals(self) -> tuple[int, int, int]:
        """(applications, offers, hires) over all rows."""
        return tuple(sum(row[i] for row in self.applications) for i in (1, 2, 3))


def _joined_online():
    """Registrations that opened an online session through the app."""
    return select(SessionBooking.registration_id).where(
        SessionBooking.joined_online_at.is_not(None))


def _attendance(report: Report, event_id: int) -> None:
    online = EventRegistration.id.in_(_joined_online())
    row = db.session.execute(select(
        func.count(EventRegistration.id),
        func.count(case((EventRegistration.walk_in.is_(True), 1))),
        func.count(EventRegistration.checked_in_at),
        func.count(case((and_(EventRegistration.checked_in_at.is_(None), online), 1))))
        .where(EventRegistration.event_id == event_id)).one()
    report.registered, report.walk_ins, report.on_site, report.online = row


def _per_participant(event_id: int, company_id: int | None):
    """One row per participant: student id, on site (0/1), online only (0/1). The whole event:
    every registration, on site = checked in, online = opened an online session's link and not
    checked in. A company's part: participants booked in its sessions, attended there."""
    if company_id is None:
        online = EventRegistration.id.in_(_joined_online())
        return (select(EventRegistration.student_id.label("sid"),
                       case((EventRegistration.checked_in_at.is_not(None), 1), else_=0)
                       .label("on_site"),
                       case((and_(EventRegistration.checked_in_at.is_(None), online), 1),
                            else_=0).label("online"))
                .where(EventRegistration.event_id == event_id).subquery())
    on_site = func.max(case((SessionBooking.checked_in_at.is_not(None), 1), else_=0))
    joined = func.max(case((SessionBooking.joined_online_at.is_not(None), 1), else_=0))
    return (select(EventRegistration.student_id.label("sid"), on_site.label("on_site"),
                   case((on_site == 1, 0), else_=joined).label("online"))
            .join(SessionBooking, SessionBooking.registration_id == EventRegistration.id)
            .join(EventSession, EventSession.id == SessionBooking.session_id)
            .where(EventSession.event_id == event_id, EventSession.company_id == company_id,
                   SessionBooking.status == "booked")
            .group_by(EventRegistration.id, EventRegistration.student_id).subquery())


def _by_origin(event_id: int, company_id: int | None) -> list[OriginRow]:
    """Registered (or, for a company, booked) vs attended on site / online only, by partner
    university and, for external talent, by country: one grouped query."""
    per = _per_participant(event_id, company_id)
    rows = db.session.execute(
        select(University.code, University.name, ExternalProfile.country,
               func.count(), func.sum(per.c.on_site), func.sum(per.c.online))
        .select_from(per)
        .join(StudentProfile, StudentProfile.id == per.c.sid)
        .outerjoin(University, University.id == StudentProfile.university_id)
        .outerjoin(ExternalProfile, ExternalProfile.student_id == StudentProfile.id)
        .group_by(University.code, University.name, ExternalProfile.country))
    partner, external = [], []
    for code, name, country, registered, on_site, online in rows:
        if code is not None:
            partner.append(OriginRow(False, code, name, registered, on_site or 0, online or 0))
        else:
            external.append(OriginRow(True, country or "", label(COUNTRIES, country) or "–",
                                      registered, on_site or 0, online or 0))
    return sorted(partner, key=lambda r: r.code) + sorted(external, key=lambda r: r.name)


def _sessions(report: Report, event_id: int, company_id: int | None) -> None:
    attended = or_(SessionBooking.checked_in_at.is_not(None),
                   SessionBooking.joined_online_at.is_not(None))
    bookings = (select(SessionBooking.session_id,
                       func.count(case((SessionBooking.status == "booked", 1))).label("booked"),
                       func.count(case((SessionBooking.status == "waitlisted", 1))).label("wait"),
                       func.count(case((attended, 1))).label("attended"))
                .group_by(SessionBooking.session_id).subquery())
    ratings = (select(EventFeedback.session_id, func.avg(EventFeedback.rating).label("avg"),
                      func.count(EventFeedback.id).label("n"))
               .where(EventFeedback.session_id.is_not(None))
               .group_by(EventFeedback.session_id).subquery())
    stmt = (select(EventSession.id, EventSession.title, EventSession.kind, Company.name,
                   EventSession.starts_at, EventSession.capacity,
                   func.coalesce(bookings.c.booked, 0), func.coalesce(bookings.c.wait, 0),
                   func.coalesce(bookings.c.attended, 0), ratings.c.avg,
                   func.coalesce(ratings.c.n, 0))
            .outerjoin(Company, Company.id == EventSession.company_id)
            .outerjoin(bookings, bookings.c.session_id == EventSession.id)
            .outerjoin(ratings, ratings.c.session_id == EventSession.id)
            .where(EventSession.event_id == event_id)
            .order_by(EventSession.starts_at, EventSession.id))
    if company_id is not None:
        stmt = stmt.where(EventSession.company_id == company_id)
    report.sessions = [SessionRow(*r[:9], float(r[9]) if r[9] is not None else None, r[10])
                       for r in db.session.execute(stmt)]
    report.chats_held = sum(r.attended for r in report.sessions if r.kind == "one_to_one")


def _applications(report: Report, event: Event, company_id: int | None) -> None:
    stmt = (select(Company.name, func.count(Application.id),
                   func.count(Application.offered_at), func.count(Application.accepted_at))
            .join(Position, Position.id == Application.position_id)
            .join(Company, Company.id == Position.company_id)
            .where(Position.event_id == event.id, Application.submitted_at >= event.starts_at,
                   Application.submitted_at <= event.ends_at + FOLLOW_UP)
            .group_by(Company.name).order_by(func.count(Application.id).desc(), Company.name))
    if company_id is not None:
        stmt = stmt.where(Position.company_id == company_id)
    report.applications = [tuple(r) for r in db.session.execute(stmt)]


def event_report(event: Event, *, company_id: int | None = None) -> Report:
    """The whole report (admins) or a company's own part (company_id given)."""
    report = Report()
    if company_id is None:
        _attendance(report, event.id)
        avg, n = db.session.execute(select(func.avg(EventFeedback.rating),
                                           func.count(EventFeedback.id))
                                    .where(EventFeedback.event_id == event.id,
                                           EventFeedback.session_id.is_(None))).one()
        report.overall_rating, report.overall_ratings = (float(avg) if avg else None), n
    report.by_origin = _by_origin(event.id, company_id)
    if company_id is not None:
        report.registered = sum(row.registered for row in report.by_origin)
    _sessions(report, event.id, company_id)
    _applications(report, event, company_id)
    return report


def report_csv_rows(event: Event, report: Report, *, whole: bool) -> list[list]:
    """The report as CSV rows: one section after another, each with its header."""
    rows: list[list] = [["Event", event.name], []]
    if whole:
        rows += [["Attendance", "count"], ["registered", report.registered],
                 ["walk-ins", report.walk_ins], ["attended on site", report.on_site],
                 ["attended online only", report.online], ["attended", report.attended],
                 ["overall rating", round(report.overall_rating, 2)
                  if report.overall_rating else ""], []]
    rows += [["Origin", "country or university", "registered" if whole else "booked",
              "attended on site", "attended online only"]]
    rows += [["external talent" if r.external else "partner university", r.code, r.registered,
              r.on_site, r.online] for r in report.by_origin]
    total = report.external_total
    if total is not None:
        rows.append(["external talent", "all", total.registered, total.on_site, total.online])
    rows.append([])
    rows += [["Session", "kind", "company", "starts (UTC)", "places", "booked", "waiting list",
              "attended", "fill rate", "rating", "ratings"]]
    rows += [[s.title, s.kind, s.company or "", s.starts_at.isoformat(), s.capacity or "",
              s.booked, s.waiting, s.attended,
              f"{s.fill:.0%}" if s.fill is not None else "",
              round(s.rating, 2) if s.rating is not None else "", s.ratings]
             for s in report.sessions]
    rows += [[], ["1:1 chats held", report.chats_held], [],
             ["Company", "applications (event + 30 days)", "offers", "hires"]]
    rows += [list(r) for r in report.applications]
    return rows
