"""Small helpers shared by the auth tests."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from foundry.extensions import db
from foundry.models import AuditLog, OutboxMail

STRONG = "violet-harbour-lantern-42"


def count(model) -> int:
    """Rows of a model."""
    return db.session.scalar(select(func.count()).select_from(model))


def actions() -> list[str]:
    """Audit actions, oldest first."""
    return list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def last_mail(to: str | None = None) -> OutboxMail | None:
    """The newest outbox mail (to someone)."""
    stmt = select(OutboxMail).order_by(OutboxMail.id.desc())
    if to:
        stmt = stmt.where(OutboxMail.recipient == to)
    return db.session.scalars(stmt).first()


def link_in(mail: OutboxMail) -> str:
    """The path of the first link in a mail body."""
    url = re.search(r"https?://\S+", mail.body).group(0)
    return "/" + url.split("/", 3)[3]
