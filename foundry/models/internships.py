"""Internships and the skills feedback companies give on them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundry.extensions import db
from foundry.models.base import utcnow
from foundry.models.choices import (
    INTERNSHIP_SOURCES,
    INTERNSHIP_STATUSES,
    SITES,
    WORK_MODES,
    in_check,
)

if TYPE_CHECKING:
    from foundry.models.academia import StudentProfile
    from foundry.models.companies import Company
    from foundry.models.positions import Position
    from foundry.models.skills import Skill
    from foundry.models.users import User


class Internship(db.Model):
    """A student's internship at a company; counts only once the company has confirmed it."""

    __tablename__ = "internships"
    __table_args__ = (
        CheckConstraint(in_check("status", INTERNSHIP_STATUSES), name="status"),
        CheckConstraint(in_check("source", INTERNSHIP_SOURCES), name="source"),
        CheckConstraint(in_check("mode", WORK_MODES), name="mode"),
        CheckConstraint(f"site IS NULL OR {in_check('site', SITES)}", name="site"),
        CheckConstraint("end_date >= start_date", name="dates"),
        CheckConstraint("hours_per_week >= 0 AND hours_per_week <= 80", name="hours"),
        CheckConstraint("stipend_monthly IS NULL OR stipend_monthly >= 0", name="stipend"),
        CheckConstraint("company_id IS NOT NULL OR company_name IS NOT NULL", name="company"),
        # return_offer included: the dashboards' internship counts read no table rows.
        Index("ix_internships_student_status_offer", "student_id", "status", "return_offer"),
        Index("ix_internships_company_status", "company_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student_profiles.id"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    company_name: Mapped[str | None] = mapped_column(String(160))  # not (yet) in the directory
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id", ondelete="SET NULL"))
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), unique=True
    )
    title: Mapped[str] = mapped_column(String(160))
    start_date: Mapped[date]
    end_date: Mapped[date]
    hours_per_week: Mapped[int] = mapped_column(default=40)
    paid: Mapped[bool] = mapped_column(default=True)
    stipend_monthly: Mapped[int | None]  # HKD
    mode: Mapped[str] = mapped_column(String(16), default="onsite")
    site: Mapped[str | None] = mapped_column(String(32))
    supervisor_email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    source: Mapped[str] = mapped_column(String(16), default="logged")
    dispute_reason: Mapped[str | None] = mapped_column(String(500))
    confirmed_at: Mapped[datetime | None]
    # A supervisor at an address outside the company's own domains confirmed by link: the
    # internship waits for an admin's review (the student might control that address).
    supervisor_confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    completed_at: Mapped[datetime | None]
    return_offer: Mapped[bool | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    student: Mapped[StudentProfile] = relationship()
    company: Mapped[Company | None] = relationship()
    position: Mapped[Position | None] = relationship()
    confirmed_by: Mapped[User | None] = relationship()
    feedback: Mapped[SkillFeedback | None] = relationship(back_populates="internship",
                                                         uselist=False)

    @property
    def employer_name(self) -> str:
        """The company's directory name, or the name the student typed."""
        return self.company.name if self.company else (self.company_name or "")


class SkillFeedback(db.Model):
    """The company's one feedback form on a completed internship."""

    __tablename__ = "skill_feedbacks"

    id: Mapped[int] = mapped_column(primary_key=True)
    internship_id: Mapped[int] = mapped_column(
        ForeignKey("internships.id", ondelete="CASCADE"), unique=True
    )
    rater_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]
    overall_comment: Mapped[str | None] = mapped_column(Text)
    return_offer: Mapped[bool] = mapped_column(default=False)

    internship: Mapped[Internship] = relationship(back_populates="feedback")
    rater: Mapped[User | None] = relationship()
    ratings: Mapped[list[SkillRating]] = relationship(
        back_populates="feedback", cascade="all, delete-orphan"
    )


class SkillRating(db.Model):
    """Expected and observed level (1–5) for one skill; gap = expected − observed."""

    __tablename__ = "skill_ratings"
    __table_args__ = (
        UniqueConstraint("feedback_id", "skill_id"),
        CheckConstraint("expected BETWEEN 1 AND 5", name="expected"),
        CheckConstraint("observed BETWEEN 1 AND 5", name="observed"),
        # Covers the skills-gap aggregate (no table lookups on 10 ratings per form).
        Index("ix_skill_ratings_feedback_gap", "feedback_id", "skill_id", "expected",
              "observed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("skill_feedbacks.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id"), index=True)
    expected: Mapped[int]
    observed: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)

    feedback: Mapped[SkillFeedback] = relationship(back_populates="ratings")
    skill: Mapped[Skill] = relationship()
