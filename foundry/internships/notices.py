"""Telling each side of an internship what happened (in-app and by mail)."""

from __future__ import annotations

from flask_babel import gettext as _

from foundry.auth.tokens import external_url
from foundry.common.notify import Message, notify
from foundry.models import Internship


def student_name(internship: Internship) -> str:
    """The intern's name, or a neutral phrase once their identity was removed."""
    user = internship.student.user if internship.student else None
    return user.full_name if user is not None and user.deleted_at is None \
        else _("a former student")


def notify_student(internship: Internship, message: Message, *, endpoint: str) -> None:
    """Notify the intern, with a link to a page about this internship."""
    user = internship.student.user if internship.student else None
    if user is not None and user.deleted_at is None:
        notify(user=user, message=message,
               link=external_url(endpoint, internship_id=internship.id), email=True)


def notify_company(internship: Internship, message: Message, *, endpoint: str) -> None:
    """Notify every member of the host company (none when it is not in the directory)."""
    if internship.company is None:
        return
    link = external_url(endpoint, internship_id=internship.id)
    for member in internship.company.members:
        if member.user is not None and member.user.active:
            notify(user=member.user, message=message, link=link, email=True)
