"""Reviewers' rubric scores and declared conflicts, and the per-application aggregates
(mean, spread, count) the screening list sorts and filters on."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.extensions import db
from foundry.models import ProgrammeApplication, ProgrammeReview, User
from foundry.models.base import utcnow
from foundry.models.choices import PROGRAMME_FINAL


def review_of(application: ProgrammeApplication, reviewer: User) -> ProgrammeReview | None:
    """This reviewer's review (or declared conflict) of the application."""
    return db.session.scalar(select(ProgrammeReview).where(
        ProgrammeReview.application_id == application.id,
        ProgrammeReview.reviewer_id == reviewer.id))


def _open_for_review(application: ProgrammeApplication) -> None:
    if application.stage in PROGRAMME_FINAL:
        raise DomainError(_("This application is closed: it can no longer be reviewed."))


def save_review(*, application: ProgrammeApplication, reviewer: User, scores: list[int],
                comment: str | None) -> ProgrammeReview:
    """Score the application on the programme's rubric (1–5 per criterion); a second save
    replaces the first. Refused after a declared conflict."""
    _open_for_review(application)
    rubric = application.programme.rubric or []
    if len(scores) != max(1, len(rubric)) or any(not 1 <= s <= 5 for s in scores):
        raise DomainError(_("Give every criterion a score from 1 to 5."), field="scores")
    review = review_of(application, reviewer)
    if review is not None and review.conflict:
        raise DomainError(_("You declared a conflict of interest with this applicant: you "
                            "cannot score this application."))
    review = review or ProgrammeReview(application_id=application.id, reviewer_id=reviewer.id)
    review.scores = list(scores)
    review.total = round(sum(scores) / len(scores), 2)
    review.comment = (comment or "").strip() or None
    review.updated_at = utcnow()
    db.session.add(review)
    db.session.flush()
    refresh_scores(application)
    record_audit("programme_review.saved", target=application, actor=reviewer,
                 details={"scores": review.scores})
    return review


def declare_conflict(*, application: ProgrammeApplication, reviewer: User) -> ProgrammeReview:
    """The reviewer knows the applicant: they do not score this one (a score given earlier is
    withdrawn)."""
    _open_for_review(application)
    review = review_of(application, reviewer) or ProgrammeReview(
        application_id=application.id, reviewer_id=reviewer.id)
    review.conflict, review.scores, review.total = True, None, None
    review.updated_at = utcnow()
    db.session.add(review)
    db.session.flush()
    refresh_scores(application)
    record_audit("programme_review.conflict", target=application, actor=reviewer)
    return review


def refresh_scores(application: ProgrammeApplication) -> None:
    """Recompute the mean, spread and number of scored reviews."""
    totals = list(db.session.scalars(select(ProgrammeReview.total).where(
        ProgrammeReview.application_id == application.id,
        ProgrammeReview.conflict.is_(False))))
    application.review_count = len(totals)
    application.mean_score = round(sum(totals) / len(totals), 2) if totals else None
    application.score_spread = round(max(totals) - min(totals), 2) if totals else None
