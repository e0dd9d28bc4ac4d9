"""Programme operations for the admin dashboard: one aggregate query per list.

Admins see everything, so nothing here is suppressed; lists are capped and carry the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import and_, func, or_, select

from foundry.dashboards.cache import cached
from foundry.dashboards.metrics import count_if
from foundry.extensions import db
from foundry.feedback.queries import feedback_overdue
from foundry.models import (
    Company,
    EventRegistration,
    Internship,
    MentoringSession,
    MentorProfile,
    Mentorship,
    StudentProfile,
    University,
    User,
)
from foundry.models.base import utcnow
from foundry.models.choices import MENTORSHIP_INACTIVE_DAYS

LIST_LIMIT = 10


@dataclass
class Operations:
    """The four operations lists with their totals."""

    pending: list = field(default_factory=list)
    pending_total: int = 0
    overdue: list = field(default_factory=list)
    overdue_total: int = 0
    inactive: list = field(default_factory=list)
    inactive_total: int = 0
    attendance: list = field(default_factory=list)


def pending_companies() -> tuple[list, int]:
    """Companies waiting for vetting, oldest first: (rows, total)."""
    total = func.count().over()
    rows = db.session.execute(
        select(Company.id, Company.name, Company.cluster, Company.created_at, total)
        .where(Company.vetting_status == "pending")
        .order_by(Company.created_at, Company.id).limit(LIST_LIMIT)).all()
    return [tuple(r[:4]) for r in rows], (rows[0][4] if rows else 0)


def overdue_feedback() -> tuple[list, int]:
    """Per company: internships whose feedback is overdue (the one rule in feedback.queries)."""
    n = func.count(Internship.id)
    rows = db.session.execute(
        select(Company.id, Company.name, n, func.min(Internship.end_date),
               func.sum(n).over())
        .join(Company, Company.id == Internship.company_id)
        .where(feedback_overdue())
        .group_by(Company.id, Company.name).order_by(n.desc(), Company.name)
        .limit(LIST_LIMIT)).all()
    return [tuple(r[:4]) for r in rows], int(rows[0][4]) if rows else 0


def inactive_mentorships() -> tuple[list, int]:
    """Active pairs with no session for 60 days (or none since they started)."""
    cutoff = utcnow().date() - timedelta(days=MENTORSHIP_INACTIVE_DAYS)
    last = (select(MentoringSession.mentorship_id, func.max(MentoringSession.held_on).label("d"))
            .group_by(MentoringSession.mentorship_id).subquery())
    mentor = User.__table__.alias("mentor_user")
    rows = db.session.execute(
        select(Mentorship.id, mentor.c.full_name, last.c.d, Mentorship.started_at,
               func.count().over())
        .join(MentorProfile, MentorProfile.id == Mentorship.mentor_id)
        .join(mentor, mentor.c.id == MentorProfile.user_id)
        .outerjoin(last, last.c.mentorship_id == Mentorship.id)
        .where(Mentorship.status == "active",
               or_(last.c.d < cutoff,
                   and_(last.c.d.is_(None), func.date(Mentorship.started_at) < cutoff)))
        .order_by(last.c.d.is_(None).desc(), last.c.d, Mentorship.id).limit(LIST_LIMIT)).all()
    return [tuple(r[:4]) for r in rows], (rows[0][4] if rows else 0)


def event_attendance() -> list:
    """Per university: event registrations and check-ins."""
    return [tuple(r) for r in db.session.execute(
        select(University.code, func.count(EventRegistration.id),
               count_if(EventRegistration.checked_in_at.is_not(None)))
        .join(StudentProfile, StudentProfile.id == EventRegistration.student_id)
        .join(University, University.id == StudentProfile.university_id)
        .group_by(University.code).order_by(University.code))]


def admin_operations() -> Operations:
    """All four lists (cached with the dashboards' data version)."""
    def compute() -> Operations:
        ops = Operations()
        ops.pending, ops.pending_total = pending_companies()
        ops.overdue, ops.overdue_total = overdue_feedback()
        ops.inactive, ops.inactive_total = inactive_mentorships()
        ops.attendance = event_attendance()
        return ops

    return cached(("operations", utcnow().date().isoformat()), compute)
