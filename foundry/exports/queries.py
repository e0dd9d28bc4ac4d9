"""The rows of each CSV export, from the same scoped queries as the pages they mirror."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from foundry.extensions import db
from foundry.formatting import local_name
from foundry.models import (
    Application,
    AuditLog,
    Company,
    Position,
    Skill,
    StudentProfile,
    University,
    User,
)
from foundry.models.choices import (
    APPLICATION_STATUSES,
    CLUSTERS,
    LOCATIONS,
    ORIGINS,
    OUTCOME_CATEGORIES,
    OUTCOME_SOURCES,
    ROLES,
    SITES,
    SKILL_KINDS,
    VETTING_STATUSES,
    label,
)

ERASED = "(identity removed)"
STREAM_BATCH = 1000  # rows fetched at a time by the streamed exports


def _name(user: User | None) -> str:
    """A person's name, unless erased at their request."""
    return user.full_name if user is not None and user.deleted_at is None else ERASED


def count_of(stmt) -> int:
    """How many rows a statement returns (for the audit entry of a streamed export)."""
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))


def users_rows(stmt) -> tuple[list[str], Iterator[list]]:
    """The admin users list (same filters and order), read lazily while it streams."""
    headers = ["id", "full_name", "email", "role", "scope", "active", "has_password",
               "created_at", "last_login_at"]
    return headers, _user_rows(stmt)


def _user_rows(stmt) -> Iterator[list]:
    for u in db.session.scalars(stmt.execution_options(yield_per=STREAM_BATCH)):
        if u.membership:
            scope = u.membership.company.name
        elif u.dean_assignment:
            scope = u.dean_assignment.university.code + (
                f" / {u.dean_assignment.faculty.name}" if u.dean_assignment.faculty else "")
        elif u.student:  # a partner university's code, or external talent's institution
            scope = u.student.origin_place
        else:
            scope = ""
        yield [u.id, u.full_name, u.email, label(ROLES, u.role), scope,
               u.active and u.deleted_at is None, bool(u.password_hash), u.created_at,
               u.last_login_at]


def companies_rows(*, q: str, cluster: str, status: str) -> tuple[list[str], list[list]]:
    """Every company with its vetting status and member count (admins)."""
    from foundry.models import CompanyMember

    members = (select(func.count(CompanyMember.id)).where(CompanyMember.company_id == Company.id)
               .correlate(Company).scalar_subquery())
    stmt = select(Company, members)
    if q:
        stmt = stmt.where(Company.name.ilike(f"%{q}%"))
    if cluster:
        stmt = stmt.where(Company.cluster == cluster)
    if status:
        stmt = stmt.where(Company.vetting_status == status)
    headers = ["id", "name", "cluster", "site", "size_band", "startup", "park_tenant",
               "vetting_status", "vetting_reason", "website", "members", "created_at"]
    rows = [[c.id, c.name, label(CLUSTERS, c.cluster), label(SITES, c.site), c.size_band,
             c.is_startup, c.is_park_tenant, label(VETTING_STATUSES, c.vetting_status),
             c.vetting_reason, c.website, n, c.created_at]
            for c, n in db.session.execute(stmt.order_by(Company.name))]
    return headers, rows


def audit_rows(stmt) -> tuple[list[str], Iterator[list]]:
    """Audit entries as filtered on the page (newest first), read lazily while they stream."""
    headers = ["id", "created_at_utc", "actor_id", "actor_email", "action", "target_type",
               "target_id", "ip", "details"]
    # The file is what the trail held when it was asked for (not this export's own entry).
    last = db.session.scalar(select(func.max(AuditLog.id))) or 0
    return headers, _audit_rows(stmt.where(AuditLog.id <= last))


def _audit_rows(stmt) -> Iterator[list]:
    import json

    for entries in db.session.scalars(stmt.execution_options(yield_per=STREAM_BATCH)) \
            .partitions():
        ids = {e.actor_id for e in entries if e.actor_id}
        emails = dict(db.session.execute(
            select(User.id, User.email).where(User.id.in_(ids))).all()) if ids else {}
        for e in entries:
            yield [e.id, e.created_at, e.actor_id, emails.get(e.actor_id, ""), e.action,
                   e.target_type, e.target_id, e.ip,
                   json.dumps(e.details, ensure_ascii=False, default=str) if e.details else ""]


def universities_rows() -> tuple[list[str], list[list]]:
    """Universities with their domains and faculty count."""
    universities = db.session.scalars(select(University).options(
        selectinload(University.domains), selectinload(University.faculties))
        .order_by(University.code))
    headers = ["code", "name", "name_zh", "email_domains", "faculties"]
    rows = [[u.code, u.name, u.name_zh, " ".join(d.domain for d in u.domains),
             "; ".join(local_name(f) for f in u.faculties)] for u in universities]
    return headers, rows


def skills_rows() -> tuple[list[str], list[list]]:
    """The skills taxonomy, retired skills included."""
    headers = ["id", "name", "name_zh", "kind", "cluster", "active", "description"]
    rows = [[s.id, s.name, s.name_zh, label(SKILL_KINDS, s.kind), label(CLUSTERS, s.cluster),
             s.active,
             s.description] for s in db.session.scalars(select(Skill).order_by(Skill.name))]
    return headers, rows


def outcomes_rows(students: list[StudentProfile], outcomes: dict, *,
                  with_salary: bool = False) -> tuple[list[str], list]:
    """Graduates in the viewer's scope with their current outcome (as on the staff list).
    An individual salary is a salary figure resting on one graduate: admins only."""
    headers = ["university", "faculty", "student_number", "full_name", "cohort",
               "graduation", "category", "employer", "job_title", "annual_salary_hkd",
               "location", "outcome_date", "source"]
    rows = []
    for s in students:
        o = outcomes.get(s.id)
        employer = (o.employer_company.name if o and o.employer_company else
                    (o.employer_name if o else None))
        rows.append([s.university.code if s.university else "",
                     local_name(s.faculty), s.student_number, _name(s.user),
                     s.cohort_year, s.graduation_date,
                     label(OUTCOME_CATEGORIES, o.category) if o else "",
                     employer, o.job_title if o else None, o.annual_salary if o else None,
                     label(LOCATIONS, o.location) if o and o.location else "",
                     o.outcome_date if o else None,
                     label(OUTCOME_SOURCES, o.source) if o else ""])
    if not with_salary:
        column = headers.index("annual_salary_hkd")
        headers = headers[:column] + headers[column + 1:]
        rows = [row[:column] + row[column + 1:] for row in rows]
    return headers, rows


def applicants_rows(*, company_id: int, position_id: int | None,
                    status: str | None) -> tuple[list[str], list[list]]:
    """A company's applicants (never another company's), newest first."""
    stmt = (select(Application).join(Application.position)
            .where(Position.company_id == company_id)
            .options(joinedload(Application.position),
                     joinedload(Application.student).joinedload(StudentProfile.user),
                     joinedload(Application.student).joinedload(StudentProfile.university),
                     joinedload(Application.student).joinedload(StudentProfile.faculty),
                     joinedload(Application.student).joinedload(StudentProfile.programme),
                     joinedload(Application.student).joinedload(StudentProfile.external)))
    if position_id:
        stmt = stmt.where(Application.position_id == position_id)
    if status:
        stmt = stmt.where(Application.status == status)
    stmt = stmt.order_by(Application.submitted_at.desc(), Application.id.desc())
    headers = ["application_id", "submitted_at", "position", "status", "full_name",
               "university", "faculty", "programme", "graduation", "origin", "country",
               "needs_visa"]
    rows = [[a.id, a.submitted_at, a.position.title, label(APPLICATION_STATUSES, a.status),
             _name(a.student.user), a.student.origin_place,
             local_name(a.student.faculty) or None, local_name(a.student.programme) or None,
             a.student.graduation_date, label(ORIGINS, a.student.origin),
             a.student.external.country if a.student.external else None,
             a.student.external.needs_visa if a.student.external else None]
            for a in db.session.scalars(stmt).unique()]
    return headers, rows


def my_applications_rows(student: StudentProfile) -> tuple[list[str], list[list]]:
    """A student's own applications."""
    stmt = (select(Application).where(Application.student_id == student.id)
            .options(joinedload(Application.position).joinedload(Position.company))
            .order_by(Application.submitted_at.desc(), Application.id.desc()))
    headers = ["submitted_at", "position", "company", "status", "updated_at"]
    rows = [[a.submitted_at, a.position.title, a.position.company.name,
             label(APPLICATION_STATUSES, a.status), a.updated_at]
            for a in db.session.scalars(stmt)]
    return headers, rows
