"""Graduates' first destinations (NACE-aligned), with history and source."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundry.extensions import db
from foundry.models.base import utcnow
from foundry.models.choices import LOCATIONS, OUTCOME_CATEGORIES, OUTCOME_SOURCES, in_check

if TYPE_CHECKING:
    from foundry.models.academia import StudentProfile
    from foundry.models.companies import Company


class GraduateOutcome(db.Model):
    """A graduate's first destination. One current record per graduate; older ones are history."""

    __tablename__ = "graduate_outcomes"
    __table_args__ = (
        CheckConstraint(in_check("category", OUTCOME_CATEGORIES), name="category"),
        CheckConstraint(in_check("source", OUTCOME_SOURCES), name="source"),
        CheckConstraint(f"location IS NULL OR {in_check('location', LOCATIONS)}", name="location"),
        CheckConstraint("annual_salary IS NULL OR annual_salary >= 0", name="salary"),
        Index("uq_graduate_outcomes_current", "student_id", unique=True,
              sqlite_where=text("is_current"), postgresql_where=text("is_current")),
        # Covers every dashboard join on the current record (no table lookups). category comes
        # last: with it third, `category IN (…)` made SQLite probe the index once per value.
        Index("ix_graduate_outcomes_current_cover", "student_id", "is_current", "location",
              "employer_company_id", "annual_salary", "outcome_date", "category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student_profiles.id"))
    category: Mapped[str] = mapped_column(String(24))
    employer_company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    employer_name: Mapped[str | None] = mapped_column(String(160))
    job_title: Mapped[str | None] = mapped_column(String(160))
    sector: Mapped[str | None] = mapped_column(String(80))
    location: Mapped[str | None] = mapped_column(String(16))
    annual_salary: Mapped[int | None]  # HKD
    start_date: Mapped[date | None]
    outcome_date: Mapped[date]  # when the outcome became known
    source: Mapped[str] = mapped_column(String(16))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    is_current: Mapped[bool] = mapped_column(default=True)

    student: Mapped[StudentProfile] = relationship()
    employer_company: Mapped[Company | None] = relationship()
