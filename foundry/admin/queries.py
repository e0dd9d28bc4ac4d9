"""Reads for the admin console: searchable, sortable, paginated lists, eager-loaded."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, literal, or_, select, union_all
from sqlalchemy.orm import selectinload

from foundry.common.pages import RowPage
from foundry.extensions import db
from foundry.models import (
    AuditLog,
    Company,
    CompanyMember,
    DeanAssignment,
    Faculty,
    GraduateOutcome,
    Internship,
    Programme,
    Skill,
    StudentProfile,
    University,
    User,
)

PER_PAGE = 25


def like(text: str) -> str:
    """A LIKE pattern for 'contains', with the user's % and _ taken literally."""
    escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def apply_sort(stmt: Select, sort: str | None, columns: dict[str, Any], default: str) -> Select:
    """Order by a whitelisted column: 'name' ascending, '-name' descending; then by id."""
    key = (sort or default).lstrip("-")
    if key not in columns:
        sort, key = default, default.lstrip("-")
    column = columns[key]
    ordered = column.desc() if (sort or default).startswith("-") else column.asc()
    return stmt.order_by(ordered)


def paginate_rows(stmt: Select, page: int, per_page: int = PER_PAGE) -> RowPage:
    """Paginate a select of plain rows (db.paginate only returns the first column)."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    page = max(1, page)
    items = db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return RowPage(items=items, page=page, per_page=per_page, total=total or 0)


def universities_page(*, q: str, sort: str | None, page: int):
    """Universities with their faculty and student counts."""
    faculties = (select(func.count(Faculty.id)).where(Faculty.university_id == University.id)
                 .correlate(University).scalar_subquery())
    students = (select(func.count(StudentProfile.id))
                .where(StudentProfile.university_id == University.id)
                .correlate(University).scalar_subquery())
    stmt = select(University, faculties.label("faculties"), students.label("students"))
    if q:
        stmt = stmt.where(or_(func.lower(University.code).like(like(q), escape="\\"),
                              func.lower(University.name).like(like(q), escape="\\"),
                              University.name_zh.like(like(q), escape="\\")))
    stmt = apply_sort(stmt, sort, {"code": University.code, "name": University.name,
                                   "students": students}, "code")
    result = paginate_rows(stmt.options(selectinload(University.domains)), page)
    return result


def faculties_of(university: University) -> list[Faculty]:
    """A university's faculties with their programmes and student counts loaded."""
    return list(db.session.scalars(
        select(Faculty).where(Faculty.university_id == university.id)
        .options(selectinload(Faculty.programmes)).order_by(Faculty.name)))


def student_counts_by_faculty(university: University) -> dict[int, int]:
    """How many students each faculty of a university has."""
    return dict(db.session.execute(
        select(StudentProfile.faculty_id, func.count(StudentProfile.id))
        .where(StudentProfile.university_id == university.id)
        .group_by(StudentProfile.faculty_id)).all())


def programme_counts(faculty: Faculty) -> dict[int, int]:
    """How many students each programme of a faculty has."""
    return dict(db.session.execute(
        select(StudentProfile.programme_id, func.count(StudentProfile.id))
        .join(Programme, Programme.id == StudentProfile.programme_id)
        .where(Programme.faculty_id == faculty.id)
        .group_by(StudentProfile.programme_id)).all())


def skills_page(*, q: str, kind: str, status: str, sort: str | None, page: int):
    """Skills, with how often each is rated or self-assessed (their history)."""
    from foundry.models import SkillRating, StudentSkill

    ratings = (select(func.count(SkillRating.id)).where(SkillRating.skill_id == Skill.id)
               .correlate(Skill).scalar_subquery())
    selves = (select(func.count(StudentSkill.id)).where(StudentSkill.skill_id == Skill.id)
              .correlate(Skill).scalar_subquery())
    stmt = select(Skill, ratings.label("ratings"), selves.label("self_assessed"))
    if q:
        stmt = stmt.where(func.lower(Skill.name).like(like(q), escape="\\"))
    if kind:
        stmt = stmt.where(Skill.kind == kind)
    if status in ("active", "retired"):
        stmt = stmt.where(Skill.active.is_(status == "active"))
    stmt = apply_sort(stmt, sort, {"name": Skill.name, "kind": Skill.kind,
                                   "cluster": Skill.cluster, "ratings": ratings}, "name")
    return paginate_rows(stmt, page)


def users_stmt(*, q: str, role: str, status: str, sort: str | None) -> Select:
    """Users matching a search (name or e-mail), role and status, with their scope loaded."""
    stmt = select(User).options(
        selectinload(User.membership).selectinload(CompanyMember.company),
        selectinload(User.dean_assignment).selectinload(DeanAssignment.university),
        selectinload(User.dean_assignment).selectinload(DeanAssignment.faculty),
        selectinload(User.student).selectinload(StudentProfile.university),
        selectinload(User.student).selectinload(StudentProfile.external))
    if q:
        stmt = stmt.where(or_(func.lower(User.full_name).like(like(q), escape="\\"),
                              User.email.like(like(q), escape="\\")))
    if role:
        stmt = stmt.where(User.role == role)
    if status == "active":
        stmt = stmt.where(User.active.is_(True), User.deleted_at.is_(None))
    elif status == "inactive":
        stmt = stmt.where(or_(User.active.is_(False), User.deleted_at.is_not(None)))
    return apply_sort(stmt, sort, {"name": User.full_name, "email": User.email,
                                   "role": User.role, "created": User.created_at,
                                   "last_login": User.last_login_at}, "name")


def employers_page(*, q: str, sort: str | None, page: int) -> RowPage:
    """Free-text employer names (outcomes and internships not linked to the directory), grouped
    by name ignoring case, with how many records use each."""
    key_o = func.lower(func.trim(GraduateOutcome.employer_name))
    key_i = func.lower(func.trim(Internship.company_name))
    both = union_all(
        select(key_o.label("key"), GraduateOutcome.employer_name.label("name"),
               literal(1).label("o"), literal(0).label("i"))
        .where(GraduateOutcome.employer_company_id.is_(None),
               GraduateOutcome.employer_name.is_not(None)),
        select(key_i.label("key"), Internship.company_name.label("name"),
               literal(0).label("o"), literal(1).label("i"))
        .where(Internship.company_id.is_(None), Internship.company_name.is_not(None)),
    ).subquery()
    total = (func.sum(both.c.o) + func.sum(both.c.i)).label("total")
    stmt = select(both.c.key, func.min(both.c.name).label("name"),
                  func.sum(both.c.o).label("outcomes"), func.sum(both.c.i).label("internships"),
                  total).group_by(both.c.key)
    if q:
        stmt = stmt.where(both.c.key.like(like(q), escape="\\"))
    stmt = apply_sort(stmt, sort, {"name": both.c.key, "total": total}, "-total")
    return paginate_rows(stmt.order_by(both.c.key), page)


def company_choices() -> list[tuple[int, str]]:
    """(id, name) of every directory company, by name."""
    return list(db.session.execute(select(Company.id, Company.name).order_by(Company.name)))


def audit_stmt(*, actor: str, action: str, target_type: str, since: date | None,
               until: date | None, target_id: int | None = None) -> Select:
    """Audit entries matching the filters, newest first."""
    stmt = select(AuditLog)
    if actor:
        if re.fullmatch(r"[0-9]{1,9}", actor):  # an id (isdigit() would let '²' through)
            stmt = stmt.where(AuditLog.actor_id == int(actor))
        else:
            ids = select(User.id).where(or_(User.email.like(like(actor), escape="\\"),
                                            func.lower(User.full_name).like(like(actor),
                                                                            escape="\\")))
            stmt = stmt.where(AuditLog.actor_id.in_(ids))
    if action:
        stmt = stmt.where(AuditLog.action.like(action.strip().lower().replace("*", "%") + "%"))
    if target_type:
        stmt = stmt.where(AuditLog.target_type == target_type)
    if target_id is not None:
        stmt = stmt.where(AuditLog.target_id == target_id)
    if since:
        stmt = stmt.where(AuditLog.created_at >= datetime.combine(since, time.min))
    if until:
        stmt = stmt.where(AuditLog.created_at < datetime.combine(until + timedelta(days=1),
                                                                 time.min))
    return stmt.order_by(AuditLog.created_at.desc(), AuditLog.id.desc())


def audit_filter_choices() -> tuple[list[str], list[str]]:
    """Distinct actions and target types (for the filter selects)."""
    actions = db.session.scalars(select(AuditLog.action).distinct().order_by(AuditLog.action))
    targets = db.session.scalars(select(AuditLog.target_type).distinct()
                                 .where(AuditLog.target_type.is_not(None))
                                 .order_by(AuditLog.target_type))
    return list(actions), list(targets)


def users_by_id(ids) -> dict[int, User]:
    """The users with these ids, in one query."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
