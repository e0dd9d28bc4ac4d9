"""Pre-aggregated dashboard facts: one row per student (and narrow child rows), kept by
foundry/dashboards/facts.py in the same transaction as every write, so a dean's dashboard reads
only the rows of the dean's own scope (issue 12)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from foundry.extensions import db

CASCADE = "CASCADE"


class StudentFact(db.Model):
    """Everything the dean and admin figures group or sum by, for one student."""

    __tablename__ = "dash_student_facts"
    __table_args__ = (
        Index("ix_dash_student_facts_scope", "university_id", "cohort", "faculty_id",
              "programme_id"),
        Index("ix_dash_student_facts_cohort", "cohort", "university_id"),
    )

    student_id: Mapped[int] = mapped_column(
        ForeignKey("student_profiles.id", ondelete=CASCADE), primary_key=True,
        autoincrement=False)
    university_id: Mapped[int | None]
    faculty_id: Mapped[int | None]
    programme_id: Mapped[int | None]
    cohort: Mapped[int | None]
    # The current outcome record (None: no record at all)
    category: Mapped[str | None] = mapped_column(String(24))
    employer_company_id: Mapped[int | None]
    location: Mapped[str | None] = mapped_column(String(16))
    salary: Mapped[int | None]
    outcome_days: Mapped[int | None]  # graduation → outcome date
    # Counted (confirmed) internships
    internships: Mapped[int] = mapped_column(default=0)
    completed: Mapped[int] = mapped_column(default=0)
    return_offers: Mapped[int] = mapped_column(default=0)
    # Applications and the stages they ever reached
    applications: Mapped[int] = mapped_column(default=0)
    shortlisted: Mapped[int] = mapped_column(default=0)
    offered: Mapped[int] = mapped_column(default=0)
    accepted: Mapped[int] = mapped_column(default=0)
    # Active or closed mentorships, their sessions and minutes
    pairs: Mapped[int] = mapped_column(default=0)
    sessions: Mapped[int] = mapped_column(default=0)
    minutes: Mapped[int] = mapped_column(default=0)


class InternshipFact(db.Model):
    """One counted internship with its student's scope (internships by company cluster)."""

    __tablename__ = "dash_internship_facts"
    __table_args__ = (
        Index("ix_dash_internship_facts_scope", "university_id", "cohort", "faculty_id",
              "programme_id"),
    )

    internship_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("student_profiles.id", ondelete=CASCADE), index=True)
    university_id: Mapped[int | None]
    faculty_id: Mapped[int | None]
    programme_id: Mapped[int | None]
    cohort: Mapped[int | None]
    company_id: Mapped[int | None]


class SkillFact(db.Model):
    """One student's skill ratings on counted internships, summed per skill (skills gap)."""

    __tablename__ = "dash_skill_facts"
    __table_args__ = (
        Index("ix_dash_skill_facts_scope", "university_id", "cohort", "faculty_id",
              "programme_id"),
    )

    student_id: Mapped[int] = mapped_column(
        ForeignKey("student_profiles.id", ondelete=CASCADE), primary_key=True,
        autoincrement=False)
    skill_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    university_id: Mapped[int | None]
    faculty_id: Mapped[int | None]
    programme_id: Mapped[int | None]
    cohort: Mapped[int | None]
    ratings: Mapped[int] = mapped_column(default=0)
    gap_sum: Mapped[int] = mapped_column(default=0)
    gap_ge1: Mapped[int] = mapped_column(default=0)


FACT_TABLES = (StudentFact, InternshipFact, SkillFact)
