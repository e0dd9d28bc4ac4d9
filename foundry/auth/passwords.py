"""The password rules, in one place: used by sign-up, invitations, change and reset."""

from __future__ import annotations

from functools import cache

from flask_babel import gettext as _
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from foundry.common.errors import DomainError

MIN_LENGTH = 12
MAX_LENGTH = 200  # forms enforce it too; scrypt of a megabyte-long "password" is a DoS vector


@cache
def _common_passwords() -> frozenset[str]:
    """The ~30,000 most common passwords (zxcvbn's frequency list), lower-case."""
    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, email: str | None = None) -> str | None:
    """Why this password is not acceptable (a message for the user), or None when it is."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return _("Use at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Use at most %(n)d characters.", n=MAX_LENGTH)
    lowered = password.lower()
    if lowered in _common_passwords():
        return _("This is one of the most common passwords; choose another.")
    if email and lowered.strip() == email.strip().lower():
        return _("Do not use your e-mail address as your password.")
    return None


def validate_password(password: str, *, email: str | None = None,
                      field: str = "password") -> None:
    """Raise a DomainError (by the given form field) unless the password meets the rules."""
    problem = password_problem(password, email=email)
    if problem:
        raise DomainError(problem, field=field)
