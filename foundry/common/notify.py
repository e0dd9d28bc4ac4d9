"""In-app notifications (with an e-mail copy to the outbox when asked)."""

from __future__ import annotations

from foundry.common.mail import queue_mail
from foundry.extensions import db
from foundry.models import Notification, User


def notify(*, user: User, message: str, link: str | None = None,
           email: bool = False) -> Notification:
    """Add a notification for a user (the caller commits); optionally mail it too."""
    notification = Notification(user_id=user.id, message=message[:300], link=link)
    db.session.add(notification)
    if email and user.deleted_at is None:
        queue_mail(to=user.email, subject="Talent Foundry: " + message[:150],
                   body=message + ("\n\n" + link if link else ""))
    return notification
