"""Admin writes about people and employers: role and scope changes, deactivation, and merging a
free-text employer name into a directory company. Audited; never commit."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.dashboards.facts_hook import mark_changed
from foundry.extensions import db
from foundry.models import (
    Company,
    CompanyMember,
    DeanAssignment,
    Faculty,
    GraduateOutcome,
    Internship,
    University,
    User,
)


def _scope_of(user: User) -> dict[str, Any]:
    """A user's role and scope, for the audit trail."""
    membership, dean = user.membership, user.dean_assignment
    return {"role": user.role,
            "company_id": membership.company_id if membership else None,
            "university_id": dean.university_id if dean else None,
            "faculty_id": dean.faculty_id if dean else None}


def _other_active_admins(user: User) -> int:
    return db.session.scalar(select(func.count(User.id)).where(
        User.role == "admin", User.active, User.deleted_at.is_(None), User.id != user.id)) or 0


def change_role(*, user: User, role: str, by: User, company: Company | None = None,
                university: University | None = None, faculty: Faculty | None = None) -> User:
    """Give a staff account a new role or scope (company for members, university and optional
    faculty for deans). Student accounts keep their role; nobody changes their own role; the
    last active admin stays an admin."""
    if user.role == "student" or role == "student":
        raise DomainError(_("Student accounts keep the student role; invite a separate "
                            "account instead."), field="role")
    if role not in ("company", "dean", "admin"):
        raise DomainError(_("Choose a role."), field="role")
    if user.id == by.id and role != user.role:
        raise DomainError(_("You cannot change your own role."), field="role")
    if user.role == "admin" and role != "admin" and _other_active_admins(user) == 0:
        raise DomainError(_("This is the last active admin."), field="role")
    if role == "company" and company is None:
        raise DomainError(_("Choose the company this member acts for."), field="company")
    if role == "dean" and university is None:
        raise DomainError(_("Choose the dean's university."), field="university")
    if role == "dean" and faculty is not None and faculty.university_id != university.id:
        raise DomainError(_("That faculty belongs to another university."), field="faculty")
    before = _scope_of(user)
    if role != "company" and user.membership is not None:
        db.session.delete(user.membership)
        user.membership = None
    if role != "dean" and user.dean_assignment is not None:
        db.session.delete(user.dean_assignment)
        user.dean_assignment = None
    db.session.flush()
    if role == "company":
        if user.membership is None:
            user.membership = CompanyMember(user_id=user.id, company_id=company.id)
        user.membership.company_id = company.id
    if role == "dean":
        if user.dean_assignment is None:
            user.dean_assignment = DeanAssignment(user_id=user.id, university_id=university.id)
        user.dean_assignment.university_id = university.id
        user.dean_assignment.faculty_id = faculty.id if faculty else None
    user.role = role
    db.session.flush()
    after = _scope_of(user)
    if after != before:
        record_audit("admin.user_role_changed", target=user,
                     details={"before": before, "after": after})
    return user


def set_user_active(*, user: User, active: bool, by: User) -> User:
    """Deactivate (cannot sign in; data kept) or reactivate an account."""
    if user.id == by.id and not active:
        raise DomainError(_("You cannot deactivate your own account."))
    if not active and user.role == "admin" and _other_active_admins(user) == 0:
        raise DomainError(_("This is the last active admin."))
    if user.deleted_at is not None:
        raise DomainError(_("This account was erased at the student's request."))
    if user.active == active:
        return user
    user.active = active
    db.session.flush()
    record_audit("admin.user_reactivated" if active else "admin.user_deactivated",
                 target=user, details={"before": {"active": not active},
                                       "after": {"active": active}, "email": user.email})
    return user


def merge_employer(*, name: str, company: Company) -> dict[str, int]:
    """Point every outcome and internship naming this employer (letter case and spaces
    ignored) at a directory company and clear the free text: one transaction, audited."""
    key = name.strip().lower()
    if not key:
        raise DomainError(_("Choose an employer name."), field="name")
    named_outcome = func.lower(func.trim(GraduateOutcome.employer_name)) == key
    named_internship = func.lower(func.trim(Internship.company_name)) == key
    students = set(db.session.scalars(select(GraduateOutcome.student_id).where(named_outcome)))
    students |= set(db.session.scalars(select(Internship.student_id).where(named_internship)))
    mark_changed(db.session(), students=students)  # bulk updates: refresh their facts
    outcomes = db.session.execute(
        update(GraduateOutcome)
        .where(named_outcome, GraduateOutcome.employer_company_id.is_(None))
        .values(employer_company_id=company.id, employer_name=None)
        .execution_options(synchronize_session=False)).rowcount
    internships = db.session.execute(
        update(Internship)
        .where(named_internship, Internship.company_id.is_(None))
        .values(company_id=company.id, company_name=None)
        .execution_options(synchronize_session=False)).rowcount
    if not outcomes and not internships:
        raise DomainError(_("No record names this employer any more."), field="name")
    record_audit("admin.employer_merged", target=company,
                 details={"name": name, "company": company.name, "outcomes": outcomes,
                          "internships": internships})
    return {"outcomes": outcomes, "internships": internships}
