"""The Celery tasks. Each is idempotent (safe to run twice) and retried with backoff; each is a
thin wrapper over a function that the tests and `flask jobs run` call directly."""

from __future__ import annotations

from celery import shared_task
from flask import current_app
from sqlalchemy.exc import OperationalError

from foundry.jobs import mail as outbox
from foundry.jobs.schedule import run_job


@shared_task(bind=True, name="foundry.jobs.tasks.deliver_mail", max_retries=None)
def deliver_mail(self, mail_id: int) -> str:
    """Deliver one outbox mail; retried with backoff up to MAIL_MAX_ATTEMPTS, then failed."""
    # Eagerly (no broker) there is one attempt: the retry job tries again later, so a request
    # never waits through backoff.
    final = self.request.is_eager or \
        self.request.retries + 1 >= current_app.config["MAIL_MAX_ATTEMPTS"]
    outcome = outbox.deliver(mail_id, final=final)
    if outcome == "queued":
        raise self.retry(countdown=outbox.backoff(self.request.retries))
    return outcome


@shared_task(name="foundry.jobs.tasks.run_scheduled", autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def run_scheduled(name: str) -> dict:
    """Run one scheduled job by name (beat sends these); the job commits once, at the end."""
    return run_job(name)


@shared_task(name="foundry.jobs.tasks.validate_import", autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def validate_import(job_id: int) -> str:
    """Check an uploaded import file once, in the background."""
    from foundry.imports.jobs import validate_job

    return validate_job(job_id)


@shared_task(name="foundry.jobs.tasks.apply_import", autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def apply_import(job_id: int) -> str:
    """Apply a previewed import file, all or nothing, in the background."""
    from foundry.imports.jobs import apply_job

    return apply_job(job_id)
