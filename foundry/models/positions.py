"""Positions of the Talent Pool and applications to them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundry.extensions import db
from foundry.models.base import utcnow
from foundry.models.choices import (
    APPLICATION_CLOSED,
    APPLICATION_STATUSES,
    AUDIENCES,
    CLUSTERS,
    OFFER_PAY_KINDS,
    OFFER_PAY_PERIODS,
    PAY_PERIODS,
    POSITION_KINDS,
    POSITION_STATUSES,
    REJECTION_REASONS,
    SITES,
    WORK_MODES,
    in_check,
)
from foundry.models.position_search import install_search_index

if TYPE_CHECKING:
    from foundry.models.academia import StudentProfile
    from foundry.models.companies import Company
    from foundry.models.events import Event
    from foundry.models.programmes import ProgrammeApplication, TalentProgramme
    from foundry.models.skills import Skill

_LIVE = "status NOT IN (" + ", ".join(f"'{s}'" for s in APPLICATION_CLOSED) + ")"


class Position(db.Model):
    """An internship, graduate or part-time role a company offers."""

    __tablename__ = "positions"
    __table_args__ = (
        CheckConstraint(in_check("kind", POSITION_KINDS), name="kind"),
        CheckConstraint(in_check("cluster", CLUSTERS), name="cluster"),
        CheckConstraint(in_check("site", SITES), name="site"),
        CheckConstraint(in_check("mode", WORK_MODES), name="mode"),
        CheckConstraint(in_check("status", POSITION_STATUSES), name="status"),
        CheckConstraint(in_check("pay_period", PAY_PERIODS), name="pay_period"),
        CheckConstraint(in_check("audience", AUDIENCES), name="audience"),
        CheckConstraint("openings >= 1", name="openings"),
        CheckConstraint("pay_min IS NULL OR pay_min >= 0", name="pay_min"),
        CheckConstraint("pay_max IS NULL OR pay_min IS NULL OR pay_max >= pay_min",
                        name="pay_range"),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
                        name="dates"),
        # The Talent Pool reads its first rows in these orders (deadline, newest) and stops.
        Index("ix_positions_status_deadline", "status", "deadline", "id"),
        Index("ix_positions_status_created", "status", "created_at", "id"),
        # The Talent Pool search (see position_search.py) over open positions only, so it
        # follows what is open, not the years of closed ones; SQLite uses an FTS5 table.
        Index("ix_positions_search_text_trgm", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"},
              postgresql_where=text("status = 'open'")).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16))
    cluster: Mapped[str] = mapped_column(String(32))
    site: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(16), default="onsite")
    paid: Mapped[bool] = mapped_column(default=True)
    pay_min: Mapped[int | None]  # HKD
    pay_max: Mapped[int | None]  # HKD
    pay_period: Mapped[str] = mapped_column(String(8), default="month")
    openings: Mapped[int] = mapped_column(default=1)
    deadline: Mapped[date | None]
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16), default="draft")
    # Who may apply: partner-university students only, or everyone (external talent too).
    audience: Mapped[str] = mapped_column(String(16), default="partner")
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("talent_programmes.id", ondelete="SET NULL"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"),
                                                 index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Written by database triggers only (position_search.py); never loaded with the row.
    search_text: Mapped[str | None] = mapped_column(Text, deferred=True)

    company: Mapped[Company] = relationship()
    event: Mapped[Event | None] = relationship()
    programme: Mapped[TalentProgramme | None] = relationship(back_populates="positions")
    skills: Mapped[list[PositionSkill]] = relationship(
        back_populates="position", cascade="all, delete-orphan"
    )


install_search_index(Position.__table__)


class PositionSkill(db.Model):
    """A skill a position requires, at a level 1–5."""

    __tablename__ = "position_skills"
    __table_args__ = (
        UniqueConstraint("position_id", "skill_id"),
        CheckConstraint("required_level BETWEEN 1 AND 5", name="required_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id"), index=True)
    required_level: Mapped[int]

    position: Mapped[Position] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship()


class Application(db.Model):
    """A student's application to a position, with the time of each transition."""

    __tablename__ = "applications"
    __table_args__ = (
        CheckConstraint(in_check("status", APPLICATION_STATUSES), name="status"),
        CheckConstraint("rejection_reason IS NULL OR "
                        + in_check("rejection_reason", REJECTION_REASONS), name="rejection_reason"),
        # One live application per student and position.
        Index("uq_applications_live", "student_id", "position_id", unique=True,
              sqlite_where=text(_LIVE), postgresql_where=text(_LIVE)),
        Index("ix_applications_position_status", "position_id", "status"),
        CheckConstraint("offer_pay_kind IS NULL OR " + in_check("offer_pay_kind", OFFER_PAY_KINDS),
                        name="offer_pay_kind"),
        CheckConstraint("offer_pay_period IS NULL OR "
                        + in_check("offer_pay_period", OFFER_PAY_PERIODS),
                        name="offer_pay_period"),
        CheckConstraint("offer_amount IS NULL OR offer_amount >= 0", name="offer_amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student_profiles.id"), index=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id"))
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    note: Mapped[str | None] = mapped_column(Text)
    cv_path: Mapped[str | None] = mapped_column(String(80))  # random name under UPLOAD_FOLDER
    cv_filename: Mapped[str | None] = mapped_column(String(160))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    shortlisted_at: Mapped[datetime | None]
    interview_at: Mapped[datetime | None]
    offered_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    declined_at: Mapped[datetime | None]
    rejected_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    # The status a withdrawal left, so the student can undo it for a few minutes.
    withdrawn_from: Mapped[str | None] = mapped_column(String(16))
    # Why the company rejected (a category, for the programme's funnel; never shown to others).
    rejection_reason: Mapped[str | None] = mapped_column(String(24))
    # The offer's terms (issue 14): pay in HKD, start date and the date to reply by; an offer
    # not answered by then lapses (declined by the lapse job, offer_lapsed_at set).
    offer_pay_kind: Mapped[str | None] = mapped_column(String(8))
    offer_amount: Mapped[int | None]
    offer_pay_period: Mapped[str | None] = mapped_column(String(8))
    offer_start_date: Mapped[date | None]
    offer_reply_by: Mapped[date | None]
    offer_lapsed_at: Mapped[datetime | None]
    # The library CV this application was made with (its file is shared: cv_path).
    cv_file_id: Mapped[int | None] = mapped_column(ForeignKey("cv_files.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Set when the programme forwarded this application into the company's pipeline.
    programme_application_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_applications.id", ondelete="SET NULL"), index=True)

    student: Mapped[StudentProfile] = relationship()
    position: Mapped[Position] = relationship()
    programme_application: Mapped[ProgrammeApplication | None] = relationship()
