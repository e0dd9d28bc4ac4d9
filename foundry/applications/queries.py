"""Reads on applications, scoped to the student or the company viewing them."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from foundry.admin.queries import like  # the one 'contains' pattern
from foundry.extensions import db
from foundry.models import (
    Application,
    Internship,
    Position,
    PositionSkill,
    ProgrammeApplication,
    StudentProfile,
    User,
)
from foundry.positions.queries import skills_match_score

PER_PAGE = 25


def mine(student: StudentProfile) -> list[Application]:
    """A student's applications, newest first, with position and company loaded."""
    return list(db.session.scalars(
        select(Application).where(Application.student_id == student.id)
        .options(joinedload(Application.position).joinedload(Position.company))
        .order_by(Application.submitted_at.desc(), Application.id.desc())))


def internships_by_application(student: StudentProfile) -> dict[int, Internship]:
    """The internships a student's accepted offers created, by application id."""
    rows = db.session.scalars(select(Internship).where(
        Internship.student_id == student.id, Internship.application_id.is_not(None)))
    return {row.application_id: row for row in rows}


def skills_match():
    """An application's skills match, 0–100 (positions.queries.skills_match_score: NULL when
    the position requires no skill). A SQL expression correlated on Application."""
    return skills_match_score(Application.position_id, Application.student_id,
                              correlate=Application)


PIPELINE_SORTS = ("newest", "oldest", "name", "match")


def pipeline(*, company_id: int, position_id: int | None, status: str | None, page: int,
             q: str | None = None, sort: str = "newest"):
    """One page of a company's applicants (never another company's): filtered by position,
    status and a name or e-mail search, sorted newest / oldest first, by name or best match."""
    stmt = (select(Application).join(Application.position)
            .join(StudentProfile, StudentProfile.id == Application.student_id)
            .outerjoin(User, User.id == StudentProfile.user_id)
            .where(Position.company_id == company_id)
            .options(joinedload(Application.position),
                     joinedload(Application.student).joinedload(StudentProfile.user),
                     joinedload(Application.student).joinedload(StudentProfile.university),
                     joinedload(Application.student).joinedload(StudentProfile.external),
                     selectinload(Application.programme_application)
                     .selectinload(ProgrammeApplication.programme)))
    if position_id:
        stmt = stmt.where(Application.position_id == position_id)
    if status:
        stmt = stmt.where(Application.status == status)
    if q:
        stmt = stmt.where(or_(func.lower(User.full_name).like(like(q), escape="\\"),
                              func.lower(User.email).like(like(q), escape="\\")))
    order = {"oldest": (Application.submitted_at.asc(), Application.id.asc()),
             "name": (func.lower(User.full_name).asc(), Application.id.asc()),
             "match": (skills_match().desc().nulls_last(), Application.submitted_at.desc())}
    stmt = stmt.order_by(*order.get(sort, (Application.submitted_at.desc(),
                                            Application.id.desc())))
    return db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)


def match_of(ids: list[int]) -> dict[int, int | None]:
    """{application id: skills match 0–100 or None} for these applications (one query)."""
    if not ids:
        return {}
    rows = db.session.execute(select(Application.id, skills_match())
                              .where(Application.id.in_(ids))).all()
    return {aid: None if score is None else int(score) for aid, score in rows}


def company_position_choices(company_id: int) -> list[tuple[int, str]]:
    """A company's positions for the pipeline filter."""
    rows = db.session.execute(select(Position.id, Position.title)
                              .where(Position.company_id == company_id)
                              .order_by(Position.title)).all()
    return [(row.id, row.title) for row in rows]


def of_company(*, company_id: int, ids: list[int]) -> list[Application]:
    """Applications among ids that belong to this company's positions (others are dropped)."""
    if not ids:
        return []
    return list(db.session.scalars(
        select(Application).join(Application.position)
        .where(Application.id.in_(ids), Position.company_id == company_id)
        .options(joinedload(Application.student).joinedload(StudentProfile.user))
        .order_by(Application.id)))


def load_application(application_id: int) -> Application | None:
    """One application with its student, position, company and required skills."""
    return db.session.scalar(
        select(Application).where(Application.id == application_id)
        .options(joinedload(Application.student).joinedload(StudentProfile.user),
                 joinedload(Application.position).joinedload(Position.company),
                 joinedload(Application.position).selectinload(Position.skills)
                 .joinedload(PositionSkill.skill)))
