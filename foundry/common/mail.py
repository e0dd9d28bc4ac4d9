"""Outgoing mail: always kept in the outbox table, sent over SMTP when MAIL_SERVER is set."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app

from foundry.extensions import db
from foundry.models import OutboxMail
from foundry.models.base import utcnow

SUBJECT_MAX = 200  # OutboxMail.subject is String(200): PostgreSQL refuses longer text


def one_line(text: str) -> str:
    """Header-safe text: user-typed names in a subject cannot break it into extra headers."""
    return " ".join(text.split())


def queue_mail(*, to: str, subject: str, body: str) -> OutboxMail:
    """Put a message in the outbox (the caller commits) and try SMTP if configured."""
    mail = OutboxMail(recipient=to, subject=one_line(subject)[:SUBJECT_MAX], body=body)
    db.session.add(mail)
    if current_app.config.get("MAIL_SERVER"):
        try:
            _send_smtp(mail)
            mail.sent_at = utcnow()
        except (OSError, smtplib.SMTPException):
            current_app.logger.exception("SMTP delivery failed; kept in the outbox")
    return mail


def _send_smtp(mail: OutboxMail) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
