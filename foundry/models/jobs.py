"""What the scheduled jobs have already done, so a rerun never does it twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from foundry.extensions import db
from foundry.models.base import utcnow


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
