"""Reads for internship pages, each scoped to the viewer by the caller's arguments."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload

from foundry.extensions import db
from foundry.models import Company, Internship, StudentProfile
from foundry.models.choices import INTERNSHIP_STATUSES, values

PER_PAGE = 25


def _with_people(stmt):
    """Eager-load what the internship tables show (company, intern, feedback)."""
    return stmt.options(joinedload(Internship.company),
                        joinedload(Internship.student).joinedload(StudentProfile.user),
                        selectinload(Internship.feedback))


def student_internships(student: StudentProfile) -> list[Internship]:
    """The student's own internships, newest first."""
    stmt = (select(Internship).where(Internship.student_id == student.id)
            .order_by(Internship.start_date.desc(), Internship.id.desc()))
    return list(db.session.scalars(_with_people(stmt)).unique())


def company_internships(company_id: int, *, page: int):
    """A company's internships, those waiting for its confirmation first."""
    pending_first = case((Internship.status == "pending", 0), else_=1)
    stmt = (select(Internship).where(Internship.company_id == company_id)
            .order_by(pending_first, Internship.start_date.desc(), Internship.id.desc()))
    return db.paginate(_with_people(stmt), page=page, per_page=PER_PAGE, error_out=False)


REVIEW = "review"  # the admins' queue: pending, confirmed by a supervisor off the company domain


def all_internships(*, status: str | None, page: int):
    """Every internship (admins), optionally of one status, pending first."""
    pending_first = case((Internship.status == "pending", 0), else_=1)
    stmt = select(Internship).order_by(pending_first, Internship.start_date.desc(),
                                       Internship.id.desc())
    if status == REVIEW:
        stmt = stmt.where(Internship.status == "pending",
                          Internship.supervisor_confirmed_at.is_not(None))
    elif status in values(INTERNSHIP_STATUSES):
        stmt = stmt.where(Internship.status == status)
    return db.paginate(_with_people(stmt), page=page, per_page=PER_PAGE, error_out=False)


def load_internship(internship_id: int) -> Internship | None:
    """One internship with what its detail page shows."""
    stmt = _with_people(select(Internship).where(Internship.id == internship_id)).options(
        joinedload(Internship.position), joinedload(Internship.confirmed_by),
        joinedload(Internship.student).joinedload(StudentProfile.university))
    return db.session.scalars(stmt).unique().one_or_none()


def verified_companies() -> list[tuple[int, str]]:
    """(id, name) of verified directory companies, for the student's company select."""
    return list(db.session.execute(
        select(Company.id, Company.name).where(Company.vetting_status == "verified")
        .order_by(Company.name)).tuples())


def directory_companies() -> list[tuple[int, str]]:
    """(id, name) of every directory company, for an admin linking a typed name."""
    return list(db.session.execute(select(Company.id, Company.name).order_by(Company.name))
                .tuples())


def review_evidence(internship: Internship) -> dict:
    """What an admin weighs before confirming an internship its supervisor confirmed from an
    address off the company's domains: that address, the company's own domains, and whether
    the student has used the address before (as their own or for another internship)."""
    from foundry.companies.services import company_email_domains

    email = internship.supervisor_email or ""
    return {
        "supervisor_email": email,
        "supervisor_domain": email.rpartition("@")[2],
        "company_domains": sorted(company_email_domains(internship.company))
        if internship.company else [],
        "confirmed_at": internship.supervisor_confirmed_at,
        "same_address_other_internships": db.session.scalar(
            select(func.count()).select_from(Internship).where(
                Internship.supervisor_email == email, Internship.id != internship.id)) or 0,
        "address_is_students_own": internship.student.user is not None
        and internship.student.user.email == email,
    }
