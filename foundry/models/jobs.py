"""Background work's own records: what the scheduled jobs already did (so a rerun never does it
twice) and the state of each import job."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from foundry.extensions import db
from foundry.models.base import utcnow
from foundry.models.choices import IMPORT_JOB_STATUSES, in_check


class ReminderLog(db.Model):
    """One reminder sent by a scheduled job: (kind, target, key) is unique, so a job killed
    half-way and run again skips what it already sent. The key says which occasion it was for
    (an event's date, the date of a pair's last session …)."""

    __tablename__ = "reminder_logs"
    __table_args__ = (UniqueConstraint("kind", "target_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int]
    key: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImportJob(db.Model):
    """One uploaded import file on its way: validated in the background, previewed, applied in
    the background. The page that shows it reads this row, so it survives a reload."""

    __tablename__ = "import_jobs"
    __table_args__ = (
        CheckConstraint(in_check("status", IMPORT_JOB_STATUSES), name="status"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(40), unique=True)  # the stored upload's id
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    university_id: Mapped[int | None] = mapped_column(ForeignKey("universities.id"))
    faculty_id: Mapped[int | None] = mapped_column(ForeignKey("faculties.id"))
    filename: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(12), default="validating")
    progress: Mapped[int] = mapped_column(default=0)
    report: Mapped[dict | None] = mapped_column(JSON)  # ImportReport.as_dict(), errors capped
    error_count: Mapped[int] = mapped_column(default=0)
    bad_lines: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(String(500))  # why it is invalid or failed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
