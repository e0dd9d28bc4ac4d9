"""In-app notifications (with an e-mail copy when asked), in the recipient's language."""

from __future__ import annotations

from collections.abc import Callable

from foundry.common.mail import absolute, in_language_of, queue_mail
from foundry.extensions import db
from foundry.models import Notification, User

Message = str | Callable[[], str]


def notify(*, user: User, message: Message, link: str | None = None,
           email: bool = False) -> Notification:
    """Add a notification for a user (the caller commits); optionally mail it too.

    Pass the message as a function (`lambda: _("…", name=…)`) so it is written in the
    recipient's language rather than the sender's; a plain string is used as it is.
    """
    with in_language_of(user):
        text = message() if callable(message) else message
        notification = Notification(user_id=user.id, message=text[:300], link=link)
        db.session.add(notification)
        if email and user.deleted_at is None:
            url = absolute(link)
            queue_mail(to=user.email, subject="Talent Foundry: " + text[:150],
                       body=text + ("\n\n" + url if url else ""))
    return notification
