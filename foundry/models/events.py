"""Career days, workshops, insight sessions, campus sessions and recruitment drives."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundry.extensions import db
from foundry.models.base import utcnow
from foundry.models.choices import EVENT_KINDS, EVENT_MODES, in_check

if TYPE_CHECKING:
    from foundry.models.academia import StudentProfile
    from foundry.models.companies import Company


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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    companies: Mapped[list[EventCompany]] = relationship(cascade="all, delete-orphan")
    registrations: Mapped[list[EventRegistration]] = relationship(back_populates="event")


class EventCompany(db.Model):
    """A company taking part in an event."""

    __tablename__ = "event_companies"
    __table_args__ = (UniqueConstraint("event_id", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)

    company: Mapped[Company] = relationship()


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

    event: Mapped[Event] = relationship(back_populates="registrations")
    student: Mapped[StudentProfile] = relationship()
