"""Reads for the feedback pages: which skills a form rates, overdue forms, one form."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from foundry.extensions import db
from foundry.formatting import name_column
from foundry.models import (
    Internship,
    PositionSkill,
    Skill,
    SkillFeedback,
    SkillRating,
    StudentProfile,
)
from foundry.models.base import utcnow

# Feedback is due this many days after an internship ends; edits are allowed as long after
# it was submitted.
FEEDBACK_DUE_DAYS = 14
FINISHED = ("completed", "ended_early")


def form_skills(internship: Internship) -> list[Skill]:
    """The skills the form always rates: the active competencies, the position's required
    skills, then any skill the company added in an earlier submission."""
    skills = list(db.session.scalars(
        select(Skill).where(Skill.kind == "competency", Skill.active.is_(True))
        .order_by(Skill.name)))
    if internship.position_id is not None:
        skills += db.session.scalars(
            select(Skill).join(PositionSkill, PositionSkill.skill_id == Skill.id)
            .where(PositionSkill.position_id == internship.position_id,
                   Skill.active.is_(True)).order_by(Skill.name))
    if internship.feedback is not None:
        skills += [rating.skill for rating in sorted(internship.feedback.ratings,
                                                     key=lambda r: r.id)]
    unique: dict[int, Skill] = {}
    for skill in skills:
        unique.setdefault(skill.id, skill)
    return list(unique.values())


def addable_skills(exclude: set[int]) -> list[tuple[int, str]]:
    """(id, name) of active skills not already on the form, for the "add a skill" rows."""
    name = name_column(Skill)
    stmt = select(Skill.id, name).where(Skill.active.is_(True)).order_by(name)
    return [(i, n) for i, n in db.session.execute(stmt).tuples() if i not in exclude]


def load_feedback(internship_id: int) -> SkillFeedback | None:
    """One feedback form with its ratings, skills, internship, intern and company."""
    stmt = (select(SkillFeedback).where(SkillFeedback.internship_id == internship_id)
            .options(selectinload(SkillFeedback.ratings).joinedload(SkillRating.skill),
                     joinedload(SkillFeedback.rater),
                     joinedload(SkillFeedback.internship).joinedload(Internship.company),
                     joinedload(SkillFeedback.internship).joinedload(Internship.student)
                     .joinedload(StudentProfile.user)))
    return db.session.scalars(stmt).unique().one_or_none()


def feedback_overdue(now: datetime | None = None):
    """THE rule for overdue skills feedback, used by every page and dashboard that counts it:
    a finished internship (completed or ended early) at a company in the directory, marked
    finished more than FEEDBACK_DUE_DAYS ago (when it was marked finished; its end date if that
    time is not known), with no feedback form. A SQL condition on Internship."""
    cutoff = (now or utcnow()) - timedelta(days=FEEDBACK_DUE_DAYS)
    finished_long_ago = or_(Internship.completed_at < cutoff,
                            and_(Internship.completed_at.is_(None),
                                 Internship.end_date < cutoff.date()))
    return and_(Internship.status.in_(FINISHED), Internship.company_id.is_not(None),
                finished_long_ago, ~_has_feedback())


def feedback_awaited():
    """Finished internships whose feedback is still within its FEEDBACK_DUE_DAYS (not overdue)."""
    return and_(Internship.status.in_(FINISHED), ~_has_feedback(), ~feedback_overdue())


def _has_feedback():
    # Correlated on Internship only: the outer query may join SkillFeedback itself.
    return (select(SkillFeedback.id).where(SkillFeedback.internship_id == Internship.id)
            .correlate(Internship).exists())


def _overdue(company_id: int | None, now: datetime | None = None):
    stmt = select(Internship).where(feedback_overdue(now))
    if company_id is not None:
        stmt = stmt.where(Internship.company_id == company_id)
    return stmt


def overdue_count(*, company_id: int | None) -> int:
    """How many finished internships (of one company, or all) wait for feedback > 14 days."""
    sub = _overdue(company_id).subquery()
    return db.session.scalar(select(func.count()).select_from(sub)) or 0


def overdue_internships(*, company_id: int | None,
                        now: datetime | None = None) -> list[Internship]:
    """Internships whose feedback is overdue, longest-waiting first."""
    stmt = _overdue(company_id, now).order_by(Internship.completed_at).options(
        joinedload(Internship.company),
        joinedload(Internship.student).joinedload(StudentProfile.user))
    return list(db.session.scalars(stmt).unique())


def required_levels(internship: Internship) -> dict[int, int]:
    """{skill_id: level} the internship's position required (a default expected level)."""
    if internship.position_id is None:
        return {}
    return dict(db.session.execute(
        select(PositionSkill.skill_id, PositionSkill.required_level)
        .where(PositionSkill.position_id == internship.position_id)).tuples().all())
