"""Finishing a sign-in: straight in, or first the second factor (password and SSO alike).

Between the password (or the identity provider) and the code, nobody is signed in: the Flask
session only holds who is waiting and for how long.
"""

from __future__ import annotations

import time

from flask import current_app, request, session
from flask_login import current_user

from foundry.auth.sessions import start_session
from foundry.extensions import db
from foundry.models import User
from foundry.twofactor.services import has_second_factor, remembered_since

PENDING_KEY = "two_factor_pending"
DEVICE_COOKIE = "tf_device"
PENDING_SECONDS = 300


def sign_in_or_ask_code(user: User, *, remember: bool) -> bool:
    """Sign the user in, unless their second factor must be typed first on this browser
    (then they are put on hold and False is returned). The caller commits."""
    session.pop(PENDING_KEY, None)
    if not has_second_factor(user):
        start_session(user, remember=remember)
        return True
    since = remembered_since(user, request.cookies.get(DEVICE_COOKIE))
    if since is None:
        session[PENDING_KEY] = {"user_id": user.id, "remember": bool(remember),
                                "at": int(time.time())}
        return False
    # A remembered browser: the code was last typed when it was remembered (step-up asks again).
    start_session(user, remember=remember, second_factor_at=since)
    return True


def pending_sign_in() -> tuple[User, bool] | None:
    """The user waiting to type their code, and their remember-me choice, if not expired."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending.get("user_id"))
    if user is None or not user.is_active:
        return None
    return user, bool(pending.get("remember"))


def pending_user_id() -> str:
    """Rate-limit key for code attempts: the account waiting (or signed in), never the address."""
    pending = session.get(PENDING_KEY)
    if isinstance(pending, dict) and pending.get("user_id"):
        return f"2fa-account:{pending['user_id']}"
    if current_user.is_authenticated:
        return f"2fa-account:{current_user.id}"
    return "2fa-account:none"


def set_device_cookie(response, value: str, expires) -> None:
    """Store the remembered-device key in an HttpOnly cookie until it expires."""
    response.set_cookie(DEVICE_COOKIE, value, expires=expires, httponly=True, samesite="Lax",
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
