"""Starting and ending signed-in sessions, kept server-side.

Each sign-in makes a `UserSession` row with a random key; the cookie (and the remember-me
cookie) carry "<user id>:<key>", and the user loader accepts a cookie only while its row is
live. So sign-out ends that cookie for good (a copy taken before still fails), a password
change ends every other session, a reset or "sign out everywhere" ends them all.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask import g, has_request_context, request, session
from flask_login import login_user, logout_user
from sqlalchemy import select, update

from foundry.extensions import db
from foundry.models import TwoFactor, User, UserSession
from foundry.models.base import utcnow

CONSENT_KEY = "consent_ok"
ENDED_FLAG = "session_ended"  # g: the cookie named a session that has been ended


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def open_session(user: User, *, remember: bool = False,
                 second_factor_at: datetime | None = None) -> str:
    """Add a live session row for the user and return its key (the cookie's secret half).
    `second_factor_at`: when the second factor was last checked for this sign-in, if it was."""
    key = secrets.token_urlsafe(32)
    agent = request.user_agent.string[:255] if has_request_context() else None
    address = request.remote_addr if has_request_context() else None
    db.session.add(UserSession(user_id=user.id, key_hash=_digest(key), remember=remember,
                               user_agent=agent or None, ip=address,
                               second_factor_at=second_factor_at))
    db.session.flush()
    return key


def start_session(user: User, *, remember: bool = False,
                  second_factor_at: datetime | None = None) -> None:
    """Sign the user in on this browser (the caller commits the new session row)."""
    user.session_key = open_session(user, remember=remember, second_factor_at=second_factor_at)
    user.second_factor_at = second_factor_at
    login_user(user, remember=remember)


def mark_second_factor(user: User) -> None:
    """Record that this browser's session passed the second factor just now (the caller
    commits)."""
    key = current_key()
    now = utcnow()
    if key:
        db.session.execute(update(UserSession).where(UserSession.key_hash == _digest(key))
                           .values(second_factor_at=now)
                           .execution_options(synchronize_session=False))
    user.second_factor_at = now


def current_key() -> str | None:
    """The key of this browser's session, if it was started with one."""
    user_id = session.get("_user_id") or ""
    return user_id.partition(":")[2] or None


def user_for_session_id(user_id: str) -> User | None:
    """Flask-Login's user loader: the active user of a live session "<id>:<key>"."""
    number, _, key = (user_id or "").partition(":")
    if not number.isascii() or not number.isdigit() or len(number) > 10 or not key:
        return None
    found = db.session.execute(  # one query per request, as loading the user alone was
        select(User, UserSession.ended_at, UserSession.ended_reason,
               UserSession.second_factor_at, TwoFactor.confirmed_at)
        .join(UserSession, UserSession.user_id == User.id)
        .outerjoin(TwoFactor, TwoFactor.user_id == User.id)
        .where(UserSession.key_hash == _digest(key), User.id == int(number))).first()
    if found is None:
        return None
    user, ended_at, reason, second_factor_at, two_factor_since = found
    if ended_at is not None:
        g.setdefault(ENDED_FLAG, reason or "ended")
        return None
    if not user.is_active:
        return None
    user.session_key = key  # a remember-me restore writes the same id back into the session
    user.second_factor_at = second_factor_at
    user.two_factor_enabled = two_factor_since is not None
    return user


def _end(stmt, reason: str) -> int:
    result = db.session.execute(stmt.where(UserSession.ended_at.is_(None))
                                .values(ended_at=utcnow(), ended_reason=reason)
                                .execution_options(synchronize_session=False))
    return result.rowcount or 0


def end_sessions(user: User, *, reason: str, keep_current: bool = False) -> int:
    """End the user's live sessions (all, or all but this browser's); how many ended.
    The caller commits."""
    stmt = update(UserSession).where(UserSession.user_id == user.id)
    key = current_key() if keep_current and has_request_context() else None
    if key:
        stmt = stmt.where(UserSession.key_hash != _digest(key))
    return _end(stmt, reason)


def end_session(*, reason: str = "signed_out") -> None:
    """Sign out this browser: its session row ends, so copies of the cookie die too (the
    caller commits)."""
    key = current_key()
    if key:
        _end(update(UserSession).where(UserSession.key_hash == _digest(key)), reason)
    logout_user()
    session.pop(CONSENT_KEY, None)


def live_sessions(user: User) -> list[UserSession]:
    """The user's signed-in browsers, newest first."""
    return list(db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .order_by(UserSession.created_at.desc(), UserSession.id.desc())))


def current_session_id() -> int | None:
    """The id of this browser's session row, if any."""
    key = current_key()
    return db.session.scalar(select(UserSession.id).where(
        UserSession.key_hash == _digest(key))) if key else None


BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
            ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
           ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
           ("Linux", "Linux"))


def device_label(user_agent: str | None) -> str | None:
    """'Chrome on Android' from a User-Agent header (the first known names found), else None."""
    agent = user_agent or ""
    browser = next((name for token, name in BROWSERS if token in agent), None)
    system = next((name for token, name in SYSTEMS if token in agent), None)
    if browser and system:
        return f"{browser} · {system}"
    return browser or system
