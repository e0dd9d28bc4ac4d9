"""Reads for graduate outcomes: a graduate's history, and the staff list scoped by viewer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from foundry.extensions import db
from foundry.models import Company, Faculty, GraduateOutcome, StudentProfile, User
from foundry.models.choices import OUTCOME_CATEGORIES, values
from foundry.permissions import dean_scope, is_admin, scope_students


def current_outcome(student_id: int, *, for_update: bool = False) -> GraduateOutcome | None:
    """The graduate's current outcome, if any (locked for update when about to replace it)."""
    stmt = select(GraduateOutcome).where(GraduateOutcome.student_id == student_id,
                                         GraduateOutcome.is_current.is_(True))
    if for_update:
        stmt = stmt.with_for_update()
    return db.session.scalar(stmt)


def outcome_history(student_id: int) -> list[tuple[GraduateOutcome, str | None]]:
    """Every outcome recorded for the graduate, newest first: (outcome, recorder's name)."""
    return list(db.session.execute(
        select(GraduateOutcome, User.full_name)
        .outerjoin(User, User.id == GraduateOutcome.recorded_by_id)
        .where(GraduateOutcome.student_id == student_id)
        .options(joinedload(GraduateOutcome.employer_company))
        .order_by(GraduateOutcome.recorded_at.desc(), GraduateOutcome.id.desc())
    ).tuples())


def current_outcomes_of(student_ids: list[int]) -> dict[int, GraduateOutcome]:
    """The current outcome of each of these students, by student id (one query)."""
    if not student_ids:
        return {}
    rows = db.session.scalars(
        select(GraduateOutcome).where(GraduateOutcome.student_id.in_(student_ids),
                                      GraduateOutcome.is_current.is_(True))
        .options(joinedload(GraduateOutcome.employer_company)))
    return {row.student_id: row for row in rows}


def directory_companies() -> list[tuple[int, str]]:
    """(id, name) of verified directory companies, for the employer select."""
    return list(db.session.execute(
        select(Company.id, Company.name).where(Company.vetting_status == "verified")
        .order_by(Company.name)
    ).tuples())


@dataclass
class GraduateFilters:
    """The staff list's filters, as typed in the query string."""

    q: str = ""
    cohort: int | None = None
    faculty_id: int | None = None
    category: str = ""  # a category value, "none" for graduates without a record, or ""

    @classmethod
    def from_args(cls, args) -> GraduateFilters:
        """The filters from a query string (unknown categories are ignored)."""
        category = args.get("category", "")
        if category not in ("none", *values(OUTCOME_CATEGORIES)):
            category = ""
        return cls(q=args.get("q", "")[:100], cohort=args.get("cohort", type=int),
                   faculty_id=args.get("faculty", type=int), category=category)


def graduates_stmt(viewer: User, filters: GraduateFilters, today: date | None = None) -> Select:
    """Graduated students the viewer may see (filtered on their current outcome, if any)."""
    today = today or date.today()
    graduation = func.coalesce(StudentProfile.actual_graduation,
                               StudentProfile.expected_graduation)
    stmt = (
        select(StudentProfile)
        .outerjoin(GraduateOutcome, and_(GraduateOutcome.student_id == StudentProfile.id,
                                         GraduateOutcome.is_current.is_(True)))
        .outerjoin(User, User.id == StudentProfile.user_id)
        # Partner-university graduates only: external talent have no university or cohort.
        .where(graduation <= today, StudentProfile.university_id.is_not(None))
        .options(joinedload(StudentProfile.user), joinedload(StudentProfile.faculty),
                 selectinload(StudentProfile.university))
    )
    stmt = scope_students(stmt, viewer)
    if filters.q:
        like = f"%{filters.q.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(User.full_name).like(like),
                              func.lower(User.email).like(like),
                              func.lower(StudentProfile.student_number).like(like)))
    if filters.cohort:
        stmt = stmt.where(StudentProfile.cohort_year == filters.cohort)
    if filters.faculty_id:
        stmt = stmt.where(StudentProfile.faculty_id == filters.faculty_id)
    if filters.category == "none":
        stmt = stmt.where(GraduateOutcome.id.is_(None))
    elif filters.category:
        stmt = stmt.where(GraduateOutcome.category == filters.category)
    return stmt.order_by(StudentProfile.cohort_year.desc(), User.full_name, StudentProfile.id)


def faculties_for(viewer: User) -> list[Faculty]:
    """Faculties the viewer may filter by (a dean's own university, or faculty, only)."""
    stmt = select(Faculty).options(joinedload(Faculty.university))
    if not is_admin(viewer):
        scope = dean_scope(viewer)
        if scope is None:
            return []
        stmt = stmt.where(Faculty.university_id == scope[0])
        if scope[1] is not None:
            stmt = stmt.where(Faculty.id == scope[1])
    return list(db.session.scalars(stmt.order_by(Faculty.university_id, Faculty.name)))


def cohorts_for(viewer: User) -> list[int]:
    """Cohort years present among the students the viewer may see, newest first."""
    # External talent have no cohort (and are nobody's graduates).
    stmt = scope_students(select(StudentProfile.cohort_year).distinct()
                          .where(StudentProfile.cohort_year.is_not(None)), viewer)
    return sorted(db.session.scalars(stmt), reverse=True)
