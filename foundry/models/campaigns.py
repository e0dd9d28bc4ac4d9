"""First-destination survey campaigns: who is asked, what happened to each invitation, and
employers' confirmation of the graduates who say they work there."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundry.extensions import db
from foundry.models.base import utcnow

if TYPE_CHECKING:
    from foundry.models.academia import Faculty, StudentProfile, University
    from foundry.models.outcomes import GraduateOutcome

CONFIRMATION_STATUSES = ("confirmed", "denied")


class SurveyCampaign(db.Model):
    """A cohort's first-destination survey in one university (optionally one faculty)."""

    __tablename__ = "survey_campaigns"
    __table_args__ = (
        CheckConstraint("closes_on >= opens_on", name="dates"),
        CheckConstraint("cohort_year BETWEEN 1990 AND 2100", name="cohort_year"),
        Index("ix_survey_campaigns_scope", "university_id", "cohort_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    university_id: Mapped[int] = mapped_column(ForeignKey("universities.id"))
    faculty_id: Mapped[int | None] = mapped_column(ForeignKey("faculties.id"))
    cohort_year: Mapped[int]
    name: Mapped[str] = mapped_column(String(160))
    opens_on: Mapped[date]
    closes_on: Mapped[date]  # the last day answers are taken; links die after it
    message_en: Mapped[str] = mapped_column(Text)
    message_zh: Mapped[str] = mapped_column(Text)
    reminder_days: Mapped[str] = mapped_column(String(64), default="7,21,45")  # after opening
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    send_requested_at: Mapped[datetime | None]  # the owner asked for the invitations to go
    sent_at: Mapped[datetime | None]  # every recipient invited

    university: Mapped[University] = relationship()
    faculty: Mapped[Faculty | None] = relationship()

    @property
    def schedule(self) -> list[int]:
        """Reminder offsets in days after the opening date, ascending."""
        return sorted({int(p) for p in self.reminder_days.split(",") if p.strip().isdigit()})

    def is_open(self, today: date) -> bool:
        """Whether answers are taken today."""
        return self.opens_on <= today <= self.closes_on


class CampaignRecipient(db.Model):
    """One graduate invited by a campaign, with the state of their invitation."""

    __tablename__ = "campaign_recipients"
    __table_args__ = (UniqueConstraint("campaign_id", "student_id"),
                      CheckConstraint("reminders_sent >= 0", name="reminders_sent"))

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("survey_campaigns.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("student_profiles.id", ondelete="CASCADE"), index=True)
    email: Mapped[str | None] = mapped_column(String(254))  # None: identity removed
    locale: Mapped[str] = mapped_column(String(10), default="en")
    nonce: Mapped[str] = mapped_column(String(32))  # in the link: a copied id alone is useless
    invited_at: Mapped[datetime | None]
    opened_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]  # bounced or not delivered
    opted_out_at: Mapped[datetime | None]  # no more reminders
    reminders_sent: Mapped[int] = mapped_column(default=0)
    last_reminded_at: Mapped[datetime | None]

    campaign: Mapped[SurveyCampaign] = relationship()
    student: Mapped[StudentProfile] = relationship()


class EmploymentConfirmation(db.Model):
    """A company member's word on a graduate's outcome naming their company as employer."""

    __tablename__ = "employment_confirmations"
    __table_args__ = (
        CheckConstraint("status IN ('confirmed', 'denied')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(
        ForeignKey("graduate_outcomes.id", ondelete="CASCADE"), unique=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    outcome: Mapped[GraduateOutcome] = relationship()
