"""Outgoing mail: written to the outbox table in the recipient's language, delivered over SMTP
by a background job (foundry/jobs/mail.py) after the transaction commits."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale

from foundry.extensions import db
from foundry.models import OutboxMail

SUBJECT_MAX = 200  # OutboxMail.subject is String(200): PostgreSQL refuses longer text
DELIVER_TASK = "foundry.jobs.tasks.deliver_mail"


def one_line(text: str) -> str:
    """Header-safe text: user-typed names in a subject cannot break it into extra headers."""
    return " ".join(text.split())


def recipient_locale(user=None) -> str:
    """The language a mail to this user is written in (their profile's, else the default)."""
    languages = current_app.config["LANGUAGES"]
    locale = getattr(user, "locale", None)
    return locale if locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


@contextmanager
def in_language_of(user=None) -> Iterator[None]:
    """Compose text (gettext) in the recipient's language, whoever is sending."""
    with force_locale(recipient_locale(user)):
        yield


def absolute(link: str | None) -> str | None:
    """A link usable in a mail: paths get the configured public address (BASE_URL)."""
    if link and link.startswith("/"):
        from foundry.auth.tokens import base_url

        return base_url().rstrip("/") + link
    return link


def mail_enabled() -> bool:
    """Whether mail is delivered at all (MAIL_SERVER set); otherwise it stays in the outbox."""
    return bool(current_app.config.get("MAIL_SERVER"))


def queue_mail(*, to: str, subject: str, body: str) -> OutboxMail:
    """Put a message in the outbox (the caller commits); it is delivered after the commit."""
    from foundry.jobs.queue import enqueue

    mail = OutboxMail(recipient=to, subject=one_line(subject)[:SUBJECT_MAX], body=body,
                      status="queued", attempts=0)
    db.session.add(mail)
    if mail_enabled():
        db.session.flush()
        enqueue(DELIVER_TASK, mail.id)
    return mail


def send_smtp(*, to: str, subject: str, body: str) -> None:
    """Send one message over SMTP (the only place that speaks SMTP)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                      timeout=config.get("MAIL_TIMEOUT", 10)) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
