"""Programmes (GIP, themed drives, a career day's pool) and their selection cycle."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundry.extensions import db
from foundry.models.base import utcnow
from foundry.models.choices import (
    PROGRAMME_ELIGIBILITY,
    PROGRAMME_KINDS,
    PROGRAMME_REJECTION_REASONS,
    PROGRAMME_STAGES,
    in_check,
)

if TYPE_CHECKING:
    from foundry.models.academia import StudentProfile
    from foundry.models.positions import Application, Position
    from foundry.models.users import User


class TalentProgramme(db.Model):
    """A programme run by HKSTP: window, eligibility, places, rubric, positions.

    Named TalentProgramme because `Programme` is a university's degree programme."""

    __tablename__ = "talent_programmes"
    __table_args__ = (
        CheckConstraint(in_check("kind", PROGRAMME_KINDS), name="kind"),
        CheckConstraint(in_check("eligibility", PROGRAMME_ELIGIBILITY), name="eligibility"),
        CheckConstraint("target_places IS NULL OR target_places >= 1", name="target_places"),
        CheckConstraint("max_preferences BETWEEN 1 AND 10", name="max_preferences"),
        CheckConstraint("reviews_needed BETWEEN 1 AND 10", name="reviews_needed"),
        CheckConstraint("closes_on IS NULL OR opens_on IS NULL OR closes_on >= opens_on",
                        name="window"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="internship")
    description: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)  # cluster values
    eligibility: Mapped[str] = mapped_column(String(16), default="both")
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]
    target_places: Mapped[int | None]
    max_preferences: Mapped[int] = mapped_column(default=3)
    rubric: Mapped[list[str]] = mapped_column(JSON, default=list)  # criterion names, 1–5 each
    reviews_needed: Mapped[int] = mapped_column(default=2)  # per application
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    positions: Mapped[list[Position]] = relationship(back_populates="programme",
                                                     order_by="Position.title")
    reviewers: Mapped[list[ProgrammeReviewer]] = relationship(
        back_populates="programme", cascade="all, delete-orphan")

    def window_open(self, today: date) -> bool:
        """Whether applications are accepted (and may be edited) on this day."""
        return ((self.opens_on is None or self.opens_on <= today)
                and (self.closes_on is None or today <= self.closes_on))

    @property
    def takes_applications(self) -> bool:
        """Whether it runs a selection cycle (it has a window); a tag-only programme has none."""
        return self.opens_on is not None and self.closes_on is not None


class ProgrammeApplication(db.Model):
    """One person's application to a programme, with ranked position preferences."""

    __tablename__ = "programme_applications"
    __table_args__ = (
        UniqueConstraint("programme_id", "student_id"),
        CheckConstraint(in_check("stage", PROGRAMME_STAGES), name="stage"),
        CheckConstraint("rejection_reason IS NULL OR " + in_check("rejection_reason",
                                                                  PROGRAMME_REJECTION_REASONS),
                        name="rejection_reason"),
        CheckConstraint("available_to IS NULL OR available_from IS NULL "
                        "OR available_to >= available_from", name="availability"),
        Index("ix_programme_applications_stage", "programme_id", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("talent_programmes.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("student_profiles.id"), index=True)
    statement: Mapped[str] = mapped_column(Text, default="")
    cv_path: Mapped[str | None] = mapped_column(String(80))
    cv_filename: Mapped[str | None] = mapped_column(String(160))
    available_from: Mapped[date | None]
    available_to: Mapped[date | None]
    stage: Mapped[str] = mapped_column(String(16), default="submitted")
    rejection_reason: Mapped[str | None] = mapped_column(String(16))
    # Kept up to date by the services, so that the screening list sorts and filters in SQL.
    best_match: Mapped[int | None]  # 0–100, the best skills match over the preferences
    review_count: Mapped[int] = mapped_column(default=0)
    mean_score: Mapped[float | None]
    score_spread: Mapped[float | None]  # highest − lowest reviewer mean
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    stage_changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    programme: Mapped[TalentProgramme] = relationship()
    student: Mapped[StudentProfile] = relationship()
    preferences: Mapped[list[ProgrammePreference]] = relationship(
        back_populates="application", cascade="all, delete-orphan",
        order_by="ProgrammePreference.rank")
    reviews: Mapped[list[ProgrammeReview]] = relationship(
        back_populates="application", cascade="all, delete-orphan")


class ProgrammePreference(db.Model):
    """A ranked position choice of a programme application (1 = first choice)."""

    __tablename__ = "programme_preferences"
    __table_args__ = (
        UniqueConstraint("application_id", "rank"),
        UniqueConstraint("application_id", "position_id"),
        CheckConstraint("rank >= 1", name="rank"),
        CheckConstraint("match_score IS NULL OR match_score BETWEEN 0 AND 100",
                        name="match_score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("programme_applications.id", ondelete="CASCADE"))
    rank: Mapped[int]
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id"), index=True)
    match_score: Mapped[int | None]
    forwarded_application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"))

    application: Mapped[ProgrammeApplication] = relationship(back_populates="preferences")
    position: Mapped[Position] = relationship()
    forwarded: Mapped[Application | None] = relationship()


class ProgrammeReviewer(db.Model):
    """A user (an admin, or staff invited as reviewer) who scores a programme's applications."""

    __tablename__ = "programme_reviewers"
    __table_args__ = (UniqueConstraint("programme_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("talent_programmes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    programme: Mapped[TalentProgramme] = relationship(back_populates="reviewers")
    user: Mapped[User] = relationship()


class ProgrammeReview(db.Model):
    """One reviewer's rubric scores for one application, or their declared conflict."""

    __tablename__ = "programme_reviews"
    __table_args__ = (
        UniqueConstraint("application_id", "reviewer_id"),
        CheckConstraint("conflict OR total IS NOT NULL", name="scored_or_conflict"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("programme_applications.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                             index=True)
    conflict: Mapped[bool] = mapped_column(default=False)
    scores: Mapped[list[int] | None] = mapped_column(JSON)
    total: Mapped[float | None]  # mean of the criteria scores, 1–5
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[ProgrammeApplication] = relationship(back_populates="reviews")
    reviewer: Mapped[User] = relationship()


class ProgrammeStageChange(db.Model):
    """Each stage an application entered, when and by whom (time in stage, the report)."""

    __tablename__ = "programme_stage_changes"
    __table_args__ = (CheckConstraint(in_check("to_stage", PROGRAMME_STAGES), name="to_stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("programme_applications.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
