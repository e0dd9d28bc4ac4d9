"""Universities, faculties, programmes, students and deans."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundry.extensions import db
from foundry.models.choices import CLUSTERS, DEGREE_LEVELS, in_check

if TYPE_CHECKING:
    from foundry.models.talent import ExternalProfile
    from foundry.models.users import User


class University(db.Model):
    """A member university, known by its short code (CUHK, HKU …)."""

    __tablename__ = "universities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    name_zh: Mapped[str | None] = mapped_column(String(80))

    domains: Mapped[list[UniversityDomain]] = relationship(
        back_populates="university", cascade="all, delete-orphan",
        order_by="UniversityDomain.domain",
    )
    faculties: Mapped[list[Faculty]] = relationship(
        back_populates="university", order_by="Faculty.name"
    )

    def __repr__(self) -> str:
        return f"<University {self.code}>"


class UniversityDomain(db.Model):
    """A student e-mail domain; signing up with it ties the student to the university."""

    __tablename__ = "university_domains"
    __table_args__ = (CheckConstraint("domain = lower(domain)", name="domain_lower"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    university_id: Mapped[int] = mapped_column(ForeignKey("universities.id", ondelete="CASCADE"))
    domain: Mapped[str] = mapped_column(String(120), unique=True)

    university: Mapped[University] = relationship(back_populates="domains")


class Faculty(db.Model):
    """A faculty, college or school of a university."""

    __tablename__ = "faculties"
    __table_args__ = (UniqueConstraint("university_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    university_id: Mapped[int] = mapped_column(ForeignKey("universities.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    name_zh: Mapped[str | None] = mapped_column(String(80))  # shown in 繁體中文 when kept

    university: Mapped[University] = relationship(back_populates="faculties")
    programmes: Mapped[list[Programme]] = relationship(
        back_populates="faculty", order_by="Programme.name"
    )


class Programme(db.Model):
    """A degree programme of a faculty."""

    __tablename__ = "programmes"
    __table_args__ = (
        UniqueConstraint("faculty_id", "name"),
        CheckConstraint(in_check("degree_level", DEGREE_LEVELS), name="degree_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    faculty_id: Mapped[int] = mapped_column(ForeignKey("faculties.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    name_zh: Mapped[str | None] = mapped_column(String(80))  # shown in 繁體中文 when kept
    degree_level: Mapped[str] = mapped_column(String(16), default="bachelor")

    faculty: Mapped[Faculty] = relationship(back_populates="programmes")


class StudentProfile(db.Model):
    """A student or graduate: university, faculty, programme, graduation and cohort.

    External talent (issue 8) have one too, without university, faculty or cohort (so no
    dashboard counts them) and with an ExternalProfile."""

    __tablename__ = "student_profiles"
    __table_args__ = (
        UniqueConstraint("university_id", "student_number"),
        Index("ix_student_profiles_univ_cohort", "university_id", "cohort_year", "faculty_id"),
        # All-university figures of one cohort, and trends grouped by cohort, without a sort.
        Index("ix_student_profiles_cohort", "cohort_year", "university_id", "faculty_id"),
        CheckConstraint("cohort_year BETWEEN 1990 AND 2100", name="cohort_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    university_id: Mapped[int | None] = mapped_column(ForeignKey("universities.id"))
    faculty_id: Mapped[int | None] = mapped_column(ForeignKey("faculties.id"), index=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id"), index=True)
    student_number: Mapped[str | None] = mapped_column(String(32))
    expected_graduation: Mapped[date | None]
    actual_graduation: Mapped[date | None]
    # Academic year of graduation (actual, else expected), named by the year it ends: kept in a
    # column because every dashboard groups by it.
    cohort_year: Mapped[int | None]
    headline: Mapped[str | None] = mapped_column(String(160))
    # Mentee opt-in and interests
    mentee_opt_in: Mapped[bool] = mapped_column(default=False)
    mentee_interests: Mapped[str | None] = mapped_column(Text)
    mentee_goals: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User | None] = relationship(back_populates="student")
    university: Mapped[University | None] = relationship()
    faculty: Mapped[Faculty | None] = relationship()
    programme: Mapped[Programme | None] = relationship()
    external: Mapped[ExternalProfile | None] = relationship(
        back_populates="student", uselist=False, cascade="all, delete-orphan")
    followed_clusters: Mapped[list[StudentCluster]] = relationship(cascade="all, delete-orphan")

    @property
    def graduation_date(self) -> date | None:
        """The actual graduation date when known, else the expected one."""
        return self.actual_graduation or self.expected_graduation

    @property
    def origin(self) -> str:
        """partner (a partner university's student), hong_kong, mainland or overseas."""
        return self.external.origin if self.external is not None else "partner"

    @property
    def origin_place(self) -> str:
        """The university code of a partner student, else the external institution."""
        if self.external is not None:
            return self.external.institution
        return self.university.code if self.university else ""


class StudentCluster(db.Model):
    """A cluster a student follows (for suggestions and the readiness view)."""

    __tablename__ = "student_clusters"
    __table_args__ = (
        UniqueConstraint("student_id", "cluster"),
        CheckConstraint(in_check("cluster", CLUSTERS), name="cluster"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student_profiles.id", ondelete="CASCADE"))
    cluster: Mapped[str] = mapped_column(String(32))


class DeanAssignment(db.Model):
    """A dean or faculty staff member's scope: one university, optionally one faculty."""

    __tablename__ = "dean_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    university_id: Mapped[int] = mapped_column(ForeignKey("universities.id"), index=True)
    faculty_id: Mapped[int | None] = mapped_column(ForeignKey("faculties.id"))
    title: Mapped[str | None] = mapped_column(String(120))

    user: Mapped[User] = relationship(back_populates="dean_assignment")
    university: Mapped[University] = relationship()
    faculty: Mapped[Faculty | None] = relationship()
