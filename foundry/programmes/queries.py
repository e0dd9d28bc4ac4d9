"""Reads on programmes: lists, the screening list (filters, sort, pages), reviewer queues."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from foundry.extensions import db
from foundry.models import (
    Company,
    CompanyMember,
    ExternalProfile,
    Position,
    Programme,
    ProgrammeApplication,
    ProgrammePreference,
    ProgrammeReview,
    ProgrammeReviewer,
    StudentProfile,
    TalentProgramme,
    University,
    User,
)
from foundry.models.choices import PROGRAMME_FINAL
from foundry.models.countries import origin_for_country

PER_PAGE = 50


@dataclass(frozen=True)
class ScreeningFilters:
    """The screening list's filters and sort, as read from the URL."""

    q: str | None = None
    origin: str | None = None
    country: str | None = None
    university_id: int | None = None
    degree: str | None = None
    cluster: str | None = None
    position_id: int | None = None
    stage: str | None = None
    min_score: int | None = None
    visa: str | None = None  # "yes" / "no"
    reviews: str | None = None  # "needed" / "complete"
    sort: str = "submitted"


def all_programmes() -> list[tuple[TalentProgramme, int]]:
    """Every programme with its number of applications, newest window first."""
    counts = (select(ProgrammeApplication.programme_id, func.count().label("n"))
              .group_by(ProgrammeApplication.programme_id).subquery())
    rows = db.session.execute(
        select(TalentProgramme, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.programme_id == TalentProgramme.id)
        .order_by(TalentProgramme.closes_on.desc().nulls_last(), TalentProgramme.name)).all()
    return [(p, n) for p, n in rows]


def open_to(student: StudentProfile, today: date) -> list[TalentProgramme]:
    """Programmes taking applications today that this person may apply to."""
    eligible = ["both", "external" if student.external is not None else "partner"]
    return list(db.session.scalars(
        select(TalentProgramme).where(
            TalentProgramme.opens_on <= today, TalentProgramme.closes_on >= today,
            TalentProgramme.eligibility.in_(eligible)).order_by(TalentProgramme.closes_on)))


def applications_of(student: StudentProfile) -> list[ProgrammeApplication]:
    """This person's programme applications, newest first."""
    return list(db.session.scalars(
        select(ProgrammeApplication).where(ProgrammeApplication.student_id == student.id)
        .options(selectinload(ProgrammeApplication.programme))
        .order_by(ProgrammeApplication.submitted_at.desc())))


def load_application(programme_id: int, application_id: int) -> ProgrammeApplication | None:
    """One application of a programme, with its person, preferences and reviews."""
    return db.session.scalar(
        select(ProgrammeApplication).where(ProgrammeApplication.id == application_id,
                                           ProgrammeApplication.programme_id == programme_id)
        .options(selectinload(ProgrammeApplication.preferences)
                 .selectinload(ProgrammePreference.position).selectinload(Position.company),
                 selectinload(ProgrammeApplication.reviews)
                 .selectinload(ProgrammeReview.reviewer),
                 selectinload(ProgrammeApplication.student).selectinload(StudentProfile.user)))


def _needs_people(f: ScreeningFilters) -> bool:
    """Whether the filters or the sort read the person (name, university, external profile)."""
    return bool(f.q or f.origin or f.country or f.university_id or f.degree or f.visa
                or f.sort == "name")


def _filtered(programme: TalentProgramme, f: ScreeningFilters, *, people: bool = True):
    """The screening statement without order or paging; the person's tables are joined only
    when `people` (counting 3,000 rows without four joins each is what keeps the list fast)."""
    pa, sp, ep = ProgrammeApplication, StudentProfile, ExternalProfile
    stmt = select(pa).where(pa.programme_id == programme.id)
    if people:
        stmt = (stmt.join(sp, sp.id == pa.student_id)
                .join(User, User.id == sp.user_id, isouter=True)
                .outerjoin(ep, ep.student_id == sp.id)
                .outerjoin(University, University.id == sp.university_id))
    if f.q:
        like = f"%{f.q.strip()}%"
        stmt = stmt.where(or_(User.full_name.ilike(like), ep.institution.ilike(like),
                              University.code.ilike(like)))
    if f.origin == "partner":
        stmt = stmt.where(sp.university_id.is_not(None))
    elif f.origin == "hong_kong":
        stmt = stmt.where(ep.country == "HK")
    elif f.origin == "mainland":
        stmt = stmt.where(ep.country == "CN")
    elif f.origin == "overseas":
        stmt = stmt.where(ep.country.not_in(("HK", "CN")))
    if f.country:
        stmt = stmt.where(ep.country == f.country)
    if f.university_id:
        stmt = stmt.where(sp.university_id == f.university_id)
    if f.degree:
        partner_degree = (select(Programme.degree_level).where(Programme.id == sp.programme_id)
                          .scalar_subquery())
        stmt = stmt.where(or_(ep.degree_level == f.degree,
                              and_(ep.id.is_(None), partner_degree == f.degree)))
    if f.cluster or f.position_id:
        pref = select(ProgrammePreference.id).join(
            Position, Position.id == ProgrammePreference.position_id).where(
            ProgrammePreference.application_id == pa.id)
        if f.cluster:
            pref = pref.where(Position.cluster == f.cluster)
        if f.position_id:
            pref = pref.where(ProgrammePreference.position_id == f.position_id)
        stmt = stmt.where(exists(pref))
    if f.stage:
        stmt = stmt.where(pa.stage == f.stage)
    if f.min_score:
        stmt = stmt.where(pa.mean_score >= f.min_score)
    if f.visa == "yes":
        stmt = stmt.where(ep.needs_visa.is_(True))
    elif f.visa == "no":
        stmt = stmt.where(or_(ep.id.is_(None), ep.needs_visa.is_(False)))
    if f.reviews == "needed":
        stmt = stmt.where(pa.review_count < programme.reviews_needed,
                          pa.stage.not_in(PROGRAMME_FINAL))
    elif f.reviews == "complete":
        stmt = stmt.where(pa.review_count >= programme.reviews_needed)
    return stmt


SORTS = {
    "submitted": lambda pa: (pa.submitted_at, pa.id),
    "match": lambda pa: (pa.best_match.desc().nulls_last(), pa.id),
    "score": lambda pa: (pa.mean_score.desc().nulls_last(), pa.id),
    "spread": lambda pa: (pa.score_spread.desc().nulls_last(), pa.id),
    "reviews": lambda pa: (pa.review_count, pa.submitted_at, pa.id),
    "name": lambda pa: (User.full_name, pa.id),
}


@dataclass(frozen=True)
class ScreeningRow:
    """One line of the screening list (plain values: 3,000 ORM objects would be slow)."""

    id: int
    name: str | None
    stage: str
    best_match: int | None
    review_count: int
    mean_score: float | None
    score_spread: float | None
    university: str | None
    institution: str | None
    country: str | None
    needs_visa: bool | None
    preferences: list[tuple[int, str, int | None]]  # (rank, position title, match score)

    @property
    def origin(self) -> str:
        """partner, hong_kong, mainland or overseas."""
        if self.country is None:
            return "partner"
        return origin_for_country(self.country)


@dataclass(frozen=True)
class ScreeningPage:
    """A page of rows with what the pagination macro reads."""

    items: list[ScreeningRow]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """Number of pages."""
        return max(1, -(-self.total // self.per_page))

    has_prev = property(lambda self: self.page > 1)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1 if self.page > 1 else None)
    next_num = property(lambda self: self.page + 1 if self.page < self.pages else None)


def screening(programme: TalentProgramme, filters: ScreeningFilters, *,
              page: int) -> ScreeningPage:
    """One page of the programme's applications, filtered and sorted: four queries (count,
    the page's ids, their rows, their preferences) whatever the page size."""
    pa, sp, ep = ProgrammeApplication, StudentProfile, ExternalProfile
    stmt = _filtered(programme, filters, people=_needs_people(filters))
    total = db.session.scalar(stmt.with_only_columns(func.count(pa.id))) or 0
    page = max(1, min(page, max(1, -(-total // PER_PAGE))))
    order = SORTS.get(filters.sort, SORTS["submitted"])(pa)
    ids = list(db.session.scalars(stmt.with_only_columns(pa.id).order_by(*order)
                                  .limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    found = {row[0]: row for row in db.session.execute(
        select(pa.id, User.full_name, pa.stage, pa.best_match, pa.review_count,
               pa.mean_score, pa.score_spread, University.code, ep.institution, ep.country,
               ep.needs_visa)
        .join(sp, sp.id == pa.student_id).join(User, User.id == sp.user_id, isouter=True)
        .outerjoin(ep, ep.student_id == sp.id)
        .outerjoin(University, University.id == sp.university_id)
        .where(pa.id.in_(ids)))} if ids else {}
    rows = [found[i] for i in ids]
    prefs: dict[int, list] = {row[0]: [] for row in rows}
    if prefs:
        for app_id, rank, title, score in db.session.execute(
                select(ProgrammePreference.application_id, ProgrammePreference.rank,
                       Position.title, ProgrammePreference.match_score)
                .join(Position, Position.id == ProgrammePreference.position_id)
                .where(ProgrammePreference.application_id.in_(list(prefs)))
                .order_by(ProgrammePreference.application_id, ProgrammePreference.rank)):
            prefs[app_id].append((rank, title, score))
    items = [ScreeningRow(*row, preferences=prefs[row[0]]) for row in rows]
    return ScreeningPage(items=items, page=page, per_page=PER_PAGE, total=total)


def matching_ids(programme: TalentProgramme, filters: ScreeningFilters) -> list[int]:
    """The ids of every application the filters select (for "select all that match")."""
    stmt = _filtered(programme, filters, people=_needs_people(filters)).with_only_columns(
        ProgrammeApplication.id)
    return list(db.session.scalars(stmt))


def of_programme(programme: TalentProgramme, ids: list[int], *,
                 with_preferences: bool = False) -> list[ProgrammeApplication]:
    """The programme's applications with these ids (others' ids are simply not found), with
    their people; `with_preferences` also loads the positions, companies and members (for
    forwarding)."""
    if not ids:
        return []
    options = [selectinload(ProgrammeApplication.student).selectinload(StudentProfile.user)]
    if with_preferences:
        options.append(selectinload(ProgrammeApplication.preferences)
                       .selectinload(ProgrammePreference.position)
                       .selectinload(Position.company).selectinload(Company.members)
                       .selectinload(CompanyMember.user))
    return list(db.session.scalars(
        select(ProgrammeApplication).where(ProgrammeApplication.programme_id == programme.id,
                                           ProgrammeApplication.id.in_(ids))
        .options(*options)))


def stage_counts(programme: TalentProgramme) -> dict[str, int]:
    """Applications by current stage."""
    return dict(db.session.execute(
        select(ProgrammeApplication.stage, func.count())
        .where(ProgrammeApplication.programme_id == programme.id)
        .group_by(ProgrammeApplication.stage)).all())


def needing_reviews(programme: TalentProgramme) -> int:
    """Open applications with fewer scored reviews than the programme needs."""
    return db.session.scalar(select(func.count()).where(
        ProgrammeApplication.programme_id == programme.id,
        ProgrammeApplication.stage.not_in(PROGRAMME_FINAL),
        ProgrammeApplication.review_count < programme.reviews_needed)) or 0


def reviewer_programmes(user: User) -> list[TalentProgramme]:
    """Programmes this user reviews."""
    return list(db.session.scalars(
        select(TalentProgramme).join(ProgrammeReviewer)
        .where(ProgrammeReviewer.user_id == user.id).order_by(TalentProgramme.name)))


def review_queue(programme: TalentProgramme, reviewer: User, *, limit: int = 50):
    """Open applications this reviewer has neither scored nor declared a conflict on, those
    with the fewest reviews first."""
    done = select(ProgrammeReview.id).where(
        ProgrammeReview.application_id == ProgrammeApplication.id,
        ProgrammeReview.reviewer_id == reviewer.id)
    return list(db.session.scalars(
        select(ProgrammeApplication).where(
            ProgrammeApplication.programme_id == programme.id,
            ProgrammeApplication.stage.in_(("submitted", "screened")), ~exists(done))
        .options(selectinload(ProgrammeApplication.student).selectinload(StudentProfile.user),
                 selectinload(ProgrammeApplication.student)
                 .selectinload(StudentProfile.external),
                 selectinload(ProgrammeApplication.student)
                 .selectinload(StudentProfile.university))
        .order_by(ProgrammeApplication.review_count, ProgrammeApplication.submitted_at)
        .limit(limit)))


def position_choices(programme: TalentProgramme) -> list[tuple[int, str]]:
    """The programme's positions as (id, "title — company")."""
    rows = db.session.execute(
        select(Position.id, Position.title, Company.name).join(Position.company)
        .where(Position.programme_id == programme.id).order_by(Position.title)).all()
    return [(r.id, f"{r.title} — {r.name}") for r in rows]


def university_choices() -> list[tuple[int, str]]:
    """Partner universities by code."""
    return [(r.id, r.code) for r in db.session.execute(
        select(University.id, University.code).order_by(University.code))]
