"""Enqueue after commit: a task is sent only once the transaction that asked for it commits,
so a worker never reads rows that are not there yet, and a rolled-back request sends nothing."""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from foundry.extensions import db

PENDING = "foundry_jobs"
log = logging.getLogger(__name__)


def enqueue(task_name: str, *args) -> None:
    """Send a task (by name) once the current transaction commits."""
    db.session.info.setdefault(PENDING, []).append((task_name, args))


def send_now(task_name: str, *args) -> bool:
    """Send a task immediately (outside any transaction); False if the broker is away."""
    from foundry.observability.logs import current_request_id
    from foundry.observability.metrics import count_job

    celery_app = current_app.extensions["celery"]
    try:  # the request id travels with the task, into the worker's log lines
        result = celery_app.tasks[task_name].apply_async(
            args, headers={"request_id": current_request_id()})
    except Exception:  # the broker is down: kombu raises OperationalError and friends
        log.warning("broker unavailable: %s%r not queued (the retry job will send it)",
                    task_name, args, exc_info=True)
        count_job(current_app, task_name, sent=False)
        return False
    count_job(current_app, task_name, sent=True)
    if celery_app.conf.task_always_eager and result.failed():
        log.error("task %s%r failed: %r", task_name, args, result.result)
    return True


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    for task_name, args in session.info.pop(PENDING, []):
        send_now(task_name, *args)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(PENDING, None)
