"""The scheduled jobs: what each is called, what it runs and when (Celery beat, Hong Kong time).

Each job is a function `(*, now) -> {count: n}` in its feature package; it adds and flushes
but never commits. `run_job` runs one, audits its counts and commits once, so a job killed
half-way leaves nothing behind and simply runs again. `flask jobs run NAME` calls the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from celery.schedules import crontab
from werkzeug.utils import import_string

from foundry.extensions import db
from foundry.models.base import utcnow


@dataclass(frozen=True)
class Job:
    """One scheduled job: the function it runs and when beat runs it."""

    target: str
    schedule: crontab
    summary: str


JOBS: dict[str, Job] = {
    "remind-overdue-feedback": Job(
        "foundry.feedback.reminders:remind_overdue_feedback", crontab(hour=9, minute=0,
                                                                      day_of_week="mon"),
        "remind companies of skills feedback overdue (weekly)"),
    "nudge-inactive-pairs": Job(
        "foundry.mentoring.reminders:nudge_inactive_pairs", crontab(hour=9, minute=30),
        "nudge mentoring pairs with no session for 60 days (once per quiet spell)"),
    "close-expired-positions": Job(
        "foundry.positions.services:close_expired_positions", crontab(hour=0, minute=5),
        "close open positions whose application deadline has passed"),
    "lapse-expired-offers": Job(
        "foundry.applications.offers:lapse_expired_offers", crontab(hour=0, minute=10),
        "decline offers not accepted by their reply-by date (lapsed), telling both sides"),
    "remind-event-registrants": Job(
        "foundry.events.services:remind_registrants_job", crontab(hour=10, minute=0),
        "remind participants of events and booked sessions starting within a day"),
    "campaign-invitations": Job(
        "foundry.campaigns.jobs:invitations_job", crontab(minute="*/10"),
        "send the invitations of survey campaigns whose owner pressed Send"),
    "campaign-reminders": Job(
        "foundry.campaigns.jobs:reminders_job", crontab(hour="*/1", minute=20),
        "remind graduates who have not answered, on each campaign's schedule"),
    "retry-mail": Job(
        "foundry.jobs.mail:retry_mail", crontab(minute="*/10"),
        "queue again mail that was not delivered"),
    "delete-unverified-signups": Job(
        "foundry.auth.cleanup:delete_unverified_signups", crontab(hour=3, minute=0),
        "delete sign-ups whose verification link expired unused"),
    "sweep-uploads": Job(
        "foundry.storage.sweep:sweep_abandoned_uploads", crontab(hour=3, minute=30),
        "delete stored files no record points to (abandoned uploads)"),
}


def beat_schedule() -> dict:
    """Celery beat's schedule: every job, sent as the run_scheduled task."""
    return {name: {"task": "foundry.jobs.tasks.run_scheduled", "schedule": job.schedule,
                   "args": (name,)} for name, job in JOBS.items()}


def run_job(name: str, *, now: datetime | None = None) -> dict[str, int]:
    """Run one job now, audit what it did (`jobs.NAME` with its counts) and commit once."""
    from foundry.common.audit import record_audit

    job = JOBS[name]
    try:
        counts = import_string(job.target)(now=now or utcnow())
        record_audit(f"jobs.{name}", details=counts)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return counts
