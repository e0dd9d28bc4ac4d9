"""Delivering the outbox: one claimed attempt per call, retries, the retry sweep, resending.

A mail is *claimed* with one conditional UPDATE (queued/failed → sending) before SMTP is spoken,
so two workers (or a retry racing a redelivered task) never send the same mail twice; a mail
left in `sending` by a killed worker is claimable again after SENDING_STALE.
"""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_, select, update

from foundry.common.mail import DELIVER_TASK, mail_enabled, send_smtp
from foundry.extensions import db
from foundry.jobs.queue import enqueue
from foundry.models import OutboxMail
from foundry.models.base import utcnow

SENDING_STALE = timedelta(minutes=15)  # a worker holding a mail this long has died
LOST_AFTER = timedelta(minutes=15)     # queued but never tried: the broker was away


def backoff(retries: int) -> int:
    """Seconds before the next attempt: MAIL_RETRY_DELAY doubled each time, at most 10 min."""
    return min(current_app.config["MAIL_RETRY_DELAY"] * 2 ** retries, 600)


def _claim(mail_id: int, now: datetime) -> OutboxMail | None:
    claimable = or_(OutboxMail.status.in_(("queued", "failed")),
                    and_(OutboxMail.status == "sending",
                         OutboxMail.last_attempt_at < now - SENDING_STALE))
    result = db.session.execute(
        update(OutboxMail).where(OutboxMail.id == mail_id, claimable)
        .values(status="sending", last_attempt_at=now, attempts=OutboxMail.attempts + 1)
        .execution_options(synchronize_session=False))
    db.session.commit()
    if result.rowcount != 1:
        return None
    return db.session.get(OutboxMail, mail_id)


def deliver(mail_id: int, *, final: bool) -> str:
    """One attempt at one mail; commits. Returns sent, queued (try again), failed or skipped."""
    mail = _claim(mail_id, utcnow())
    if mail is None:
        return "skipped"  # already sent, being sent, or gone
    try:
        send_smtp(to=mail.recipient, subject=mail.subject, body=mail.body)
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.warning("mail %s: SMTP attempt %s failed: %s", mail.id,
                                   mail.attempts, error)
        mail.last_error = f"{type(error).__name__}: {error}"[:500]
        mail.status = "failed" if final else "queued"
        db.session.commit()
        return mail.status
    mail.status, mail.sent_at, mail.last_error = "sent", utcnow(), None
    db.session.commit()
    current_app.logger.info("mail %s: sent (attempt %s)", mail.id, mail.attempts)
    return "sent"


def retry_mail(*, now: datetime) -> dict[str, int]:
    """Scheduled: queue again the mail that is not delivered — never tried (the broker was
    away), left half-sent by a killed worker, or failed within MAIL_RETRY_WINDOW and not tried
    for MAIL_RETRY_AFTER. Older failures wait for an admin's resend."""
    if not mail_enabled():
        return {"queued": 0}
    config = current_app.config
    last_try = func.coalesce(OutboxMail.last_attempt_at, OutboxMail.created_at)
    due = or_(
        and_(OutboxMail.status == "queued", last_try < now - LOST_AFTER),
        and_(OutboxMail.status == "sending", last_try < now - SENDING_STALE),
        and_(OutboxMail.status == "failed",
             OutboxMail.created_at > now - timedelta(seconds=config["MAIL_RETRY_WINDOW"]),
             last_try < now - timedelta(seconds=config["MAIL_RETRY_AFTER"])))
    ids = db.session.scalars(select(OutboxMail.id).where(due).order_by(OutboxMail.id)).all()
    for mail_id in ids:
        enqueue(DELIVER_TASK, mail_id)
    return {"queued": len(ids)}


def resend(mail: OutboxMail) -> None:
    """An admin sends a failed mail again (the caller commits; delivery follows the commit)."""
    mail.status = "queued"
    enqueue(DELIVER_TASK, mail.id)
