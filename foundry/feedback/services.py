"""Writes for skills-gap feedback: one form per finished internship, editable for 14 days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.extensions import db
from foundry.feedback.queries import FEEDBACK_DUE_DAYS, FINISHED
from foundry.internships.notices import notify_student
from foundry.models import Internship, Skill, SkillFeedback, SkillRating, User
from foundry.models.base import utcnow

EDIT_WINDOW = timedelta(days=FEEDBACK_DUE_DAYS)
LEVELS = range(1, 6)


@dataclass(frozen=True)
class RatingInput:
    """One row of the form; `key` names the form field an error about the row belongs to."""

    skill_id: int
    expected: int
    observed: int
    comment: str | None = None
    key: str | None = None


def gap(expected: int, observed: int) -> int:
    """The skills gap of one rating: expected − observed (positive: below what the role needs)."""
    return expected - observed


def edit_deadline(feedback: SkillFeedback) -> datetime:
    """Until when a submitted form may still be edited."""
    return feedback.submitted_at + EDIT_WINDOW


def can_still_edit(feedback: SkillFeedback, now: datetime | None = None) -> bool:
    """Whether the 14-day edit window after submission is still open."""
    return (now or utcnow()) <= edit_deadline(feedback)


def _check(internship: Internship, ratings: list[RatingInput]) -> dict[int, Skill]:
    """Raise a DomainError for the first broken rule; return the rated skills by id."""
    if internship.status not in FINISHED:
        raise DomainError(_("Feedback is given once the internship is completed or ended "
                            "early."))
    if internship.company is not None and internship.company.vetting_status == "suspended":
        raise DomainError(_("Your company is suspended on Talent Foundry; contact the "
                            "programme team."))
    if not ratings:
        raise DomainError(_("Rate at least one skill."))
    seen: set[int] = set()
    for row in ratings:
        if row.expected not in LEVELS or row.observed not in LEVELS:
            raise DomainError(_("Levels go from 1 to 5."), field=row.key)
        if row.skill_id in seen:
            raise DomainError(_("This skill is already on the form."), field=row.key)
        seen.add(row.skill_id)
    skills = {s.id: s for s in db.session.scalars(select(Skill).where(Skill.id.in_(seen)))}
    for row in ratings:
        if row.skill_id not in skills:
            raise DomainError(_("Choose a skill from the list."), field=row.key)
    return skills


def _snapshot(feedback: SkillFeedback, skills: dict[int, Skill]) -> dict:
    """The form's content as JSON-safe values, for before/after audit entries."""
    return {
        "overall_comment": feedback.overall_comment,
        "return_offer": feedback.return_offer,
        "ratings": {(skills.get(r.skill_id).name if skills.get(r.skill_id) else str(r.skill_id)):
                    {"expected": r.expected, "observed": r.observed, "comment": r.comment}
                    for r in sorted(feedback.ratings, key=lambda r: r.skill_id)},
    }


def submit_feedback(*, internship: Internship, rater: User, ratings: list[RatingInput],
                    overall_comment: str | None, return_offer: bool,
                    now: datetime | None = None) -> SkillFeedback:
    """Submit the one feedback form of a finished internship, or edit it within 14 days
    (every edit audited with before/after). Sets the internship's return offer too."""
    now = now or utcnow()
    skills = _check(internship, ratings)
    feedback = internship.feedback
    overall_comment = (overall_comment or "").strip() or None
    if feedback is None:
        feedback = SkillFeedback(internship_id=internship.id, rater_id=rater.id,
                                 submitted_at=now, overall_comment=overall_comment,
                                 return_offer=return_offer)
        feedback.ratings = [SkillRating(skill_id=r.skill_id, expected=r.expected,
                                        observed=r.observed, comment=_text(r.comment))
                            for r in ratings]
        try:
            # A savepoint, so that a colleague's simultaneous submission (the unique key on
            # internship_id) ends in a message rather than a broken transaction.
            with db.session.begin_nested():
                db.session.add(feedback)
        except IntegrityError as error:
            raise DomainError(_("Feedback on this internship was just submitted by a "
                                "colleague; reload to see it.")) from error
        internship.feedback = feedback
        internship.return_offer = return_offer
        record_audit("feedback.submit", target=feedback,
                     details={"internship_id": internship.id, **_snapshot(feedback, skills)})
        notify_student(internship, lambda: _(
            "%(company)s gave you skills feedback on your internship (%(title)s).",
            company=internship.employer_name, title=internship.title), endpoint="feedback.view")
        return feedback
    if not can_still_edit(feedback, now):
        raise DomainError(_("Feedback can be edited for %(days)d days after it is submitted; "
                            "this form is read-only since %(date)s.", days=EDIT_WINDOW.days,
                            date=edit_deadline(feedback).date().isoformat()))
    skills.update({r.skill_id: r.skill for r in feedback.ratings})
    before = _snapshot(feedback, skills)
    _replace_ratings(feedback, ratings)
    feedback.overall_comment = overall_comment
    feedback.return_offer = return_offer
    feedback.updated_at = now
    feedback.rater_id = rater.id
    internship.return_offer = return_offer
    db.session.flush()
    record_audit("feedback.edit", target=feedback,
                 details={"internship_id": internship.id, "before": before,
                          "after": _snapshot(feedback, skills)})
    notify_student(internship, lambda: _(
        "%(company)s updated its skills feedback on your internship (%(title)s).",
        company=internship.employer_name, title=internship.title), endpoint="feedback.view")
    return feedback


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _replace_ratings(feedback: SkillFeedback, ratings: list[RatingInput]) -> None:
    """Update ratings in place by skill (the (feedback, skill) pair is unique), add new ones,
    remove the rest."""
    existing = {r.skill_id: r for r in feedback.ratings}
    wanted = {r.skill_id for r in ratings}
    for row in ratings:
        rating = existing.get(row.skill_id)
        if rating is None:
            feedback.ratings.append(SkillRating(skill_id=row.skill_id, expected=row.expected,
                                                observed=row.observed,
                                                comment=_text(row.comment)))
        else:
            rating.expected, rating.observed = row.expected, row.observed
            rating.comment = _text(row.comment)
    for skill_id, rating in existing.items():
        if skill_id not in wanted:
            feedback.ratings.remove(rating)
