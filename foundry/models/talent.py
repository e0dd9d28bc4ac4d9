"""External talent: people from outside the partner universities (issue 8).

An external account (role "external") has a StudentProfile like a student, so that applying,
offers, internships and feedback work unchanged, but without university, faculty or cohort:
dashboards, which are about the partner universities' cohorts, never count it. What an
external person tells about themself lives here.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundry.extensions import db
from foundry.models.base import utcnow
from foundry.models.choices import DEGREE_LEVELS, in_check
from foundry.models.countries import origin_for_country

if TYPE_CHECKING:
    from foundry.models.academia import StudentProfile


class ExternalProfile(db.Model):
    """Institution, country, degree, field, experience, location and visa need."""

    __tablename__ = "external_profiles"
    __table_args__ = (
        CheckConstraint(in_check("degree_level", DEGREE_LEVELS), name="degree_level"),
        CheckConstraint("length(country) = 2", name="country"),
        CheckConstraint("years_experience IS NULL OR years_experience BETWEEN 0 AND 60",
                        name="years_experience"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("student_profiles.id", ondelete="CASCADE"), unique=True)
    institution: Mapped[str] = mapped_column(String(160))
    country: Mapped[str] = mapped_column(String(2), index=True)
    degree_level: Mapped[str] = mapped_column(String(16))
    field_of_study: Mapped[str] = mapped_column(String(120))
    years_experience: Mapped[int | None]
    current_location: Mapped[str | None] = mapped_column(String(120))
    needs_visa: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    student: Mapped[StudentProfile] = relationship(back_populates="external")

    @property
    def origin(self) -> str:
        """hong_kong, mainland or overseas (a partner student has no external profile)."""
        return origin_for_country(self.country)
