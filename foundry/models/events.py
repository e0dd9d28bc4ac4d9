"""Career days, workshops, insight sessions, campus sessions and recruitment drives."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundry.extensions import db
from foundry.models.base import utcnow
from foundry.models.choices import EVENT_KINDS, EVENT_MODES, PARTICIPATION_STATUSES, in_check

if TYPE_CHECKING:
    from foundry.models.academia import StudentProfile
    from foundry.models.companies import Company
    from foundry.models.event_sessions import EventRepresentative


class Event(db.Model):
    """A programme event; students register, staff check them in."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(in_check("kind", EVENT_KINDS), name="kind"),
        CheckConstraint(in_check("mode", EVENT_MODES), name="mode"),
        CheckConstraint("ends_at >= starts_at", name="dates"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    venue: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    capacity: Mapped[int | None]
    # Who may register is decided in one place, permissions.can_register_for_event: students
    # of the partner universities always; when this is set, also talent from outside them.
    open_to_everyone: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    companies: Mapped[list[EventCompany]] = relationship(cascade="all, delete-orphan")
    registrations: Mapped[list[EventRegistration]] = relationship(back_populates="event")


class EventCompany(db.Model):
    """A company's participation in an event: invited by an admin or requested by the company,
    then approved (or declined). Only approved companies run sessions and link positions."""

    __tablename__ = "event_companies"
    __table_args__ = (UniqueConstraint("event_id", "company_id"),
                      CheckConstraint(in_check("status", PARTICIPATION_STATUSES), name="status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="approved")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    company: Mapped[Company] = relationship()
    representatives: Mapped[list[EventRepresentative]] = relationship(
        cascade="all, delete-orphan")


class EventRegistration(db.Model):
    """A student's registration; `code` is shown on the registration page for check-in."""

    __tablename__ = "event_registrations"
    __table_args__ = (UniqueConstraint("event_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("student_profiles.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_in_at: Mapped[datetime | None]
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                    ondelete="SET NULL"))
    walk_in: Mapped[bool] = mapped_column(default=False)
    reminded_at: Mapped[datetime | None]

    event: Mapped[Event] = relationship(back_populates="registrations")
    student: Mapped[StudentProfile] = relationship()
