"""The survey campaigns' scheduled jobs, in the form foundry/jobs/schedule.py runs them
(`(*, now) -> counts`). Sending commits batch by batch (see services), so a job killed
half-way resumes where it stopped and nobody gets two copies."""

from __future__ import annotations

from datetime import datetime

from foundry.campaigns import services


def invitations_job(*, now: datetime) -> dict[str, int]:
    """Invite the graduates of every open campaign whose owner asked to send."""
    return {"invited": services.send_pending_invitations(now=now.isoformat())}


def reminders_job(*, now: datetime) -> dict[str, int]:
    """Send the reminders that are due."""
    return {"reminded": services.send_due_reminders(now=now.isoformat())}
