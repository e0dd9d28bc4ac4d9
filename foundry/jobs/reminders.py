"""Once-only reminders for the scheduled jobs (see models.jobs.ReminderLog)."""

from __future__ import annotations

from sqlalchemy import select

from foundry.extensions import db
from foundry.models import ReminderLog


def first_time(kind: str, target_id: int, key: str) -> bool:
    """True (and remembered, in the caller's transaction) the first time; False after."""
    seen = db.session.scalar(select(ReminderLog.id).where(
        ReminderLog.kind == kind, ReminderLog.target_id == target_id, ReminderLog.key == key))
    if seen is not None:
        return False
    db.session.add(ReminderLog(kind=kind, target_id=target_id, key=key))
    return True
