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


# Group summaries (issue 12): the fact rows above summed per scope group — university, faculty,
# programme and cohort — and whatever else a figure groups by (category, location, value,
# cluster, employer, skill). Their size follows the number of groups, not of students, so a
# dashboard costs the same at four times the data. facts.py keeps them with the facts.
SCOPE_INDEX = ("university_id", "cohort", "faculty_id", "programme_id")


class GroupScope:
    """The scope group of a summary row (any of them may be NULL, as in the facts)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    university_id: Mapped[int | None]
    faculty_id: Mapped[int | None]
    programme_id: Mapped[int | None]
    cohort: Mapped[int | None]
    n: Mapped[int] = mapped_column(default=0)  # students (rows of facts) in the group


def _scope_index(table: str) -> Index:
    return Index(f"ix_{table}_scope", *SCOPE_INDEX)


class OutcomeGroup(GroupScope, db.Model):
    """Students per outcome category, place of work and Science Park employer."""

    __tablename__ = "dash_outcome_groups"
    __table_args__ = (_scope_index(__tablename__),)

    category: Mapped[str | None] = mapped_column(String(24))
    location: Mapped[str | None] = mapped_column(String(16))
    park: Mapped[bool] = mapped_column(default=False)  # employed at a Science Park tenant


class ValueGroup(GroupScope, db.Model):
    """How many students have each value of a measure (salary of the full-time employed,
    days to a career outcome): the sorted list quantiles need, as (value, count) pairs."""

    __tablename__ = "dash_value_groups"
    __table_args__ = (_scope_index(__tablename__),)

    measure: Mapped[str] = mapped_column(String(8))
    value: Mapped[int]


class ActivityGroup(GroupScope, db.Model):
    """Sums of the internship, application and mentoring counts of a group's students."""

    __tablename__ = "dash_activity_groups"
    __table_args__ = (_scope_index(__tablename__),)

    recorded: Mapped[int] = mapped_column(default=0)  # with an outcome record
    known: Mapped[int] = mapped_column(default=0)  # with a known outcome
    participants: Mapped[int] = mapped_column(default=0)
    internships: Mapped[int] = mapped_column(default=0)
    completed: Mapped[int] = mapped_column(default=0)
    return_offers: Mapped[int] = mapped_column(default=0)
    applicants: Mapped[int] = mapped_column(default=0)
    applications: Mapped[int] = mapped_column(default=0)
    shortlisted: Mapped[int] = mapped_column(default=0)
    offered: Mapped[int] = mapped_column(default=0)
    accepted: Mapped[int] = mapped_column(default=0)
    mentored: Mapped[int] = mapped_column(default=0)
    pairs: Mapped[int] = mapped_column(default=0)
    sessions: Mapped[int] = mapped_column(default=0)
    minutes: Mapped[int] = mapped_column(default=0)


class ClusterGroup(GroupScope, db.Model):
    """Counted internships and graduate hires at companies of one cluster (n: unused, 0)."""

    __tablename__ = "dash_cluster_groups"
    __table_args__ = (_scope_index(__tablename__),)

    cluster: Mapped[str | None] = mapped_column(String(32))
    internships: Mapped[int] = mapped_column(default=0)
    hires: Mapped[int] = mapped_column(default=0)


class EmployerGroup(GroupScope, db.Model):
    """Employed graduates (n) per employer company."""

    __tablename__ = "dash_employer_groups"
    __table_args__ = (_scope_index(__tablename__),)

    company_id: Mapped[int]


class SkillGroup(GroupScope, db.Model):
    """Skill ratings per skill: rated students (n), ratings, sum of gaps and gaps ≥ 1."""

    __tablename__ = "dash_skill_groups"
    __table_args__ = (_scope_index(__tablename__),)

    skill_id: Mapped[int]
    ratings: Mapped[int] = mapped_column(default=0)
    gap_sum: Mapped[int] = mapped_column(default=0)
    gap_ge1: Mapped[int] = mapped_column(default=0)


GROUP_TABLES = (OutcomeGroup, ValueGroup, ActivityGroup, ClusterGroup, EmployerGroup,
                SkillGroup)
