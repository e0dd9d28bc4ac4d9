"""Mentors, mentorships and their sessions."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundry.extensions import db
from foundry.models.base import utcnow
from foundry.models.choices import CLUSTERS, MENTORSHIP_STATUSES, SESSION_MODES, in_check

if TYPE_CHECKING:
    from foundry.models.academia import StudentProfile
    from foundry.models.skills import Skill
    from foundry.models.users import User

_LIVE = "status IN ('requested', 'active')"


class MentorProfile(db.Model):
    """A company member or alumnus who mentors: expertise, clusters and capacity."""

    __tablename__ = "mentor_profiles"
    __table_args__ = (CheckConstraint("capacity >= 0", name="capacity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    expertise: Mapped[str | None] = mapped_column(Text)
    capacity: Mapped[int] = mapped_column(default=2)
    active: Mapped[bool] = mapped_column(default=True)

    user: Mapped[User] = relationship()
    skills: Mapped[list[MentorSkill]] = relationship(cascade="all, delete-orphan")
    clusters: Mapped[list[MentorCluster]] = relationship(cascade="all, delete-orphan")


class MentorSkill(db.Model):
    """A skill a mentor offers."""

    __tablename__ = "mentor_skills"
    __table_args__ = (UniqueConstraint("mentor_id", "skill_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentor_profiles.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id"))

    skill: Mapped[Skill] = relationship()


class MentorCluster(db.Model):
    """A cluster a mentor knows."""

    __tablename__ = "mentor_clusters"
    __table_args__ = (
        UniqueConstraint("mentor_id", "cluster"),
        CheckConstraint(in_check("cluster", CLUSTERS), name="cluster"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentor_profiles.id", ondelete="CASCADE"))
    cluster: Mapped[str] = mapped_column(String(32))


class Mentorship(db.Model):
    """A mentor–student pair: requested, active, declined or closed."""

    __tablename__ = "mentorships"
    __table_args__ = (
        CheckConstraint(in_check("status", MENTORSHIP_STATUSES), name="status"),
        Index("uq_mentorships_live", "mentor_id", "student_id", unique=True,
              sqlite_where=text(_LIVE), postgresql_where=text(_LIVE)),
        Index("ix_mentorships_student_status", "student_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentor_profiles.id"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student_profiles.id"))
    status: Mapped[str] = mapped_column(String(16), default="requested")
    goals: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    mentor: Mapped[MentorProfile] = relationship()
    student: Mapped[StudentProfile] = relationship()
    sessions: Mapped[list[MentoringSession]] = relationship(
        back_populates="mentorship", order_by="MentoringSession.held_on.desc()"
    )


class MentoringSession(db.Model):
    """One logged mentoring session."""

    __tablename__ = "mentoring_sessions"
    __table_args__ = (
        CheckConstraint("minutes > 0 AND minutes <= 600", name="minutes"),
        CheckConstraint(in_check("mode", SESSION_MODES), name="mode"),
        Index("ix_mentoring_sessions_pair_date", "mentorship_id", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"))
    held_on: Mapped[date]
    minutes: Mapped[int]
    mode: Mapped[str] = mapped_column(String(16))
    topics: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    mentorship: Mapped[Mentorship] = relationship(back_populates="sessions")
