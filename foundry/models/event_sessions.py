"""An event's programme: sessions, speakers, bookings (with a waiting list), feedback and the
representatives a company sends."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundry.extensions import db
from foundry.models.base import utcnow
from foundry.models.choices import (
    BOOKING_STATUSES,
    CLUSTERS,
    SESSION_KINDS,
    SESSION_PLACES,
    in_check,
)

if TYPE_CHECKING:
    from foundry.models.companies import Company
    from foundry.models.events import Event, EventRegistration
    from foundry.models.users import User


class EventSession(db.Model):
    """One item of an event's programme: a workshop, an insight session, a booth, a group
    session or a 1:1 slot, on site (room), online (join link) or both."""

    __tablename__ = "event_sessions"
    __table_args__ = (
        CheckConstraint(in_check("kind", SESSION_KINDS), name="kind"),
        CheckConstraint(in_check("mode", SESSION_PLACES), name="mode"),
        CheckConstraint("cluster IS NULL OR " + in_check("cluster", CLUSTERS), name="cluster"),
        CheckConstraint("ends_at > starts_at", name="dates"),
        CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity"),
        Index("ix_event_sessions_event_start", "event_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    host_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str | None] = mapped_column(Text)
    cluster: Mapped[str | None] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(8))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    room: Mapped[str | None] = mapped_column(String(120))
    join_url: Mapped[str | None] = mapped_column(String(500))
    capacity: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship()
    company: Mapped[Company | None] = relationship()
    host: Mapped[User | None] = relationship()
    speakers: Mapped[list[SessionSpeaker]] = relationship(
        cascade="all, delete-orphan", order_by="SessionSpeaker.id")

    @property
    def online(self) -> bool:
        """Whether the session can be joined online."""
        return self.mode in ("online", "both")

    @property
    def on_site(self) -> bool:
        """Whether the session takes place in a room at the venue."""
        return self.mode in ("onsite", "both")


class SessionSpeaker(db.Model):
    """A speaker of an insight session or workshop: name, title, organisation."""

    __tablename__ = "session_speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str | None] = mapped_column(String(120))
    organisation: Mapped[str | None] = mapped_column(String(160))


class SessionBooking(db.Model):
    """A participant's place in a session, or on its waiting list (first come, first promoted).
    Attendance: checked in on site by staff, or joined online through the app's link."""

    __tablename__ = "session_bookings"
    __table_args__ = (
        CheckConstraint(in_check("status", BOOKING_STATUSES), name="status"),
        UniqueConstraint("session_id", "registration_id"),
        Index("ix_session_bookings_session_status", "session_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("event_registrations.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    promoted_at: Mapped[datetime | None]
    checked_in_at: Mapped[datetime | None]
    joined_online_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]

    session: Mapped[EventSession] = relationship()
    registration: Mapped[EventRegistration] = relationship()


class EventRepresentative(db.Model):
    """A company member named by their company to represent it at an event."""

    __tablename__ = "event_representatives"
    __table_args__ = (UniqueConstraint("event_company_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_company_id: Mapped[int] = mapped_column(
        ForeignKey("event_companies.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship()


class EventFeedback(db.Model):
    """After the event: a participant's or company member's rating (1–5) and comment, of one
    session or (session_id NULL) of the event overall."""

    __tablename__ = "event_feedback"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
        UniqueConstraint("event_id", "user_id", "session_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
