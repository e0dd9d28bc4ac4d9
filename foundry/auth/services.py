"""Authentication services: they add/flush and never commit (the route commits once)."""

from __future__ import annotations

from sqlalchemy import select

from foundry.common.audit import record_audit
from foundry.extensions import db
from foundry.models import User
from foundry.models.base import utcnow


class AuthError(Exception):
    """A domain error with a message safe to show to the user."""


def normalize_email(email: str) -> str:
    """E-mails are compared and stored lower-case and trimmed."""
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The user with this e-mail (any letter case), if any."""
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def authenticate(*, email: str, password: str) -> User:
    """The active user with these credentials; failures are audited and raise AuthError."""
    user = find_user_by_email(email)
    if user is None or not user.check_password(password) or not user.is_active:
        record_audit("auth.login_failed", target=user,
                     details={"email": normalize_email(email)[:254],
                              "reason": "inactive" if user is not None and user.check_password(
                                  password) else "bad_credentials"})
        raise AuthError("The e-mail or password is not right.")
    user.last_login_at = utcnow()
    record_audit("auth.login", target=user, actor=user)
    return user
