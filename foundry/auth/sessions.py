"""Starting and ending signed-in sessions. A session remembers a digest of the password hash
it began with, so changing or resetting the password signs out the account's other sessions."""

from __future__ import annotations

from flask import session
from flask_login import login_user, logout_user

from foundry.auth.tokens import password_fingerprint
from foundry.models import User

FINGERPRINT_KEY = "auth_fp"
CONSENT_KEY = "consent_ok"


def start_session(user: User, *, remember: bool = False) -> None:
    """Sign the user in on this browser."""
    login_user(user, remember=remember)
    session[FINGERPRINT_KEY] = password_fingerprint(user.password_hash)


def end_session() -> None:
    """Sign out and forget what this session knew about the user."""
    logout_user()
    session.pop(FINGERPRINT_KEY, None)
    session.pop(CONSENT_KEY, None)


def keep_session(user: User) -> None:
    """After the user changed their own password: this session stays signed in."""
    session[FINGERPRINT_KEY] = password_fingerprint(user.password_hash)


def is_stale(user: User) -> bool:
    """Whether the password changed since this session signed in (sessions without a digest,
    e.g. restored from a remember-me cookie, are not judged)."""
    digest = session.get(FINGERPRINT_KEY)
    return digest is not None and digest != password_fingerprint(user.password_hash)
