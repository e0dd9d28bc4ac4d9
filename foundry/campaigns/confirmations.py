"""Employer confirmation: a company member confirms or denies that a graduate who named the
company as employer (current outcome, an employed category) works there."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, and_, select
from sqlalchemy.orm import selectinload

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.extensions import db
from foundry.models import EmploymentConfirmation, GraduateOutcome, StudentProfile, User
from foundry.models.base import utcnow
from foundry.models.campaigns import CONFIRMATION_STATUSES
from foundry.models.choices import EMPLOYED_CATEGORIES


class NotClaimed(DomainError):
    """The graduate's current outcome does not name this company (refused as not found)."""


def claimed_stmt(company_id: int) -> Select:
    """Current outcomes naming the company as employer (unanswered first)."""
    o, s, c = GraduateOutcome, StudentProfile, EmploymentConfirmation
    return (select(o).options(selectinload(o.student).selectinload(s.user),
                              selectinload(o.student).selectinload(s.university))
            .join(s, s.id == o.student_id)
            .join(User, User.id == s.user_id)
            .outerjoin(c, and_(c.outcome_id == o.id, c.company_id == company_id))
            .where(o.employer_company_id == company_id, o.is_current.is_(True),
                   o.category.in_(EMPLOYED_CATEGORIES), User.deleted_at.is_(None))
            .order_by(c.id.is_not(None), o.outcome_date.desc(), o.id.desc()))


def confirmations_of(outcome_ids: list[int]) -> dict[int, EmploymentConfirmation]:
    """The confirmations of these outcome records, by outcome id."""
    if not outcome_ids:
        return {}
    rows = db.session.scalars(select(EmploymentConfirmation).where(
        EmploymentConfirmation.outcome_id.in_(outcome_ids)))
    return {row.outcome_id: row for row in rows}


def decide_employment(*, outcome_id: int, company_id: int, decision: str,
                      actor: User) -> EmploymentConfirmation:
    """Record the company's confirm/deny on the graduate's current record (changeable)."""
    if decision not in CONFIRMATION_STATUSES:
        raise DomainError(_("Choose “Confirm” or “Deny”."))
    outcome = db.session.get(GraduateOutcome, outcome_id)
    if (outcome is None or not outcome.is_current or outcome.employer_company_id != company_id
            or outcome.category not in EMPLOYED_CATEGORIES
            or outcome.student.user is None or outcome.student.user.deleted_at is not None):
        raise NotClaimed(_("This graduate has not named your company as their employer."))
    entry = db.session.scalar(select(EmploymentConfirmation).where(
        EmploymentConfirmation.outcome_id == outcome.id))
    if entry is None:
        entry = EmploymentConfirmation(outcome_id=outcome.id, company_id=company_id,
                                       status=decision)
        db.session.add(entry)
    entry.status, entry.decided_by_id, entry.decided_at = decision, actor.id, utcnow()
    db.session.flush()
    record_audit(f"employment.{decision}", target=outcome, actor=actor,
                 details={"student_id": outcome.student_id, "company_id": company_id})
    return entry
