"""Second-factor services: enrol, check codes, recovery codes, remembered devices, reset.

They add/flush and never commit (the route or CLI command commits once).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import datetime, timedelta

import pyotp
import segno
from flask import current_app, has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from foundry.auth.sessions import end_sessions
from foundry.common.audit import record_audit
from foundry.common.crypto import UnreadableSecret, decrypt, encrypt, keyed_hash
from foundry.common.errors import DomainError
from foundry.extensions import db
from foundry.models import RecoveryCode, RememberedDevice, TwoFactor, User
from foundry.models.base import utcnow

TOTP_PURPOSE = "totp-secret"
RECOVERY_PURPOSE = "recovery-code"
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (i/l/1, o/0)


class CodeRejected(DomainError):
    """A wrong, reused or expired second-factor code."""


def is_required(user: User) -> bool:
    """Whether the user's role must have a second factor (TWO_FACTOR_REQUIRED_ROLES)."""
    return user.role in current_app.config["TWO_FACTOR_REQUIRED_ROLES"]


def authenticator_of(user: User) -> TwoFactor | None:
    """The user's confirmed authenticator, if any."""
    return db.session.scalar(select(TwoFactor).where(TwoFactor.user_id == user.id,
                                                     TwoFactor.confirmed_at.is_not(None)))


def has_second_factor(user: User) -> bool:
    """Whether the user has a confirmed authenticator (cached on the user by the loader)."""
    known = getattr(user, "two_factor_enabled", None)
    return known if known is not None else authenticator_of(user) is not None


def new_secret() -> str:
    """A fresh random TOTP secret (base32, 160 bits)."""
    return pyotp.random_base32(32)


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// URI authenticator apps read from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["TWO_FACTOR_ISSUER"])


def qr_data_uri(uri: str) -> str:
    """The URI as an SVG QR code in a data: URI (the CSP allows data: images, no script)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _matching_step(secret: str, code: str, *, after: int | None) -> int | None:
    """The time step (this one or either neighbour, for clock drift) whose code this is, if it
    comes after `after` (a code is accepted once)."""
    totp = pyotp.TOTP(secret)
    now = int(time.time()) // totp.interval
    for step in (now, now - 1, now + 1):
        if (after is None or step > after) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _digits(code: str) -> str:
    return "".join((code or "").split())


def confirm_enrolment(*, user: User, secret: str, code: str, replace: bool = False) -> list[str]:
    """Turn on TOTP for the user once they typed a code from their app (or move it to a new
    app when `replace`); returns the ten recovery codes to show once."""
    if not replace and authenticator_of(user) is not None:
        raise DomainError(_("Two-factor sign-in is already on for this account."), field="code")
    step = _matching_step(secret, _digits(code), after=None)
    if step is None:
        record_audit("auth.2fa_failed", target=user, actor=user, details={"stage": "enrolment"})
        raise CodeRejected(_("That code is not right. Check the time on your phone and type "
                             "the 6-digit code your app shows now."), field="code")
    db.session.execute(delete(TwoFactor).where(TwoFactor.user_id == user.id))
    db.session.add(TwoFactor(user_id=user.id, confirmed_at=utcnow(), last_step=step,
                             secret_encrypted=encrypt(secret, purpose=TOTP_PURPOSE)))
    codes = _new_recovery_codes(user)
    record_audit("auth.2fa_enrolled", target=user, actor=user, details={"replaced": replace})
    user.two_factor_enabled = True
    return codes


def _recovery_hash(code: str) -> str:
    return keyed_hash(code.replace("-", "").lower(), purpose=RECOVERY_PURPOSE)


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _number in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _char in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(raw)))
    db.session.flush()
    return codes


def regenerate_recovery_codes(*, user: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    if authenticator_of(user) is None:
        raise DomainError(_("Turn on two-factor sign-in first."))
    codes = _new_recovery_codes(user)
    record_audit("auth.2fa_recovery_codes_renewed", target=user, actor=user)
    return codes


def recovery_codes_left(user: User) -> int:
    """How many unused recovery codes the user has."""
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def check_code(*, user: User, code: str, stage: str) -> str:
    """Accept a 6-digit TOTP code (once) or an unused recovery code; returns "totp" or
    "recovery". Failures are audited and raise CodeRejected."""
    authenticator = authenticator_of(user)
    entered = _digits(code)
    if authenticator is not None and entered.isdigit() and len(entered) == 6:
        try:
            secret = decrypt(authenticator.secret_encrypted, purpose=TOTP_PURPOSE)
        except UnreadableSecret:
            secret = None
        step = _matching_step(secret, entered, after=authenticator.last_step) if secret else None
        if step is not None:
            authenticator.last_step = step
            record_audit("auth.2fa_passed", target=user, actor=user,
                         details={"stage": stage, "method": "totp"})
            return "totp"
    elif authenticator is not None and len(entered.replace("-", "")) == 10:
        used = db.session.execute(
            update(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                       RecoveryCode.code_hash == _recovery_hash(entered),
                                       RecoveryCode.used_at.is_(None))
            .values(used_at=utcnow()).execution_options(synchronize_session=False))
        if used.rowcount:
            record_audit("auth.2fa_passed", target=user, actor=user,
                         details={"stage": stage, "method": "recovery_code",
                                  "recovery_codes_left": recovery_codes_left(user)})
            return "recovery"
    record_audit("auth.2fa_failed", target=user, actor=user, details={"stage": stage})
    raise CodeRejected(_("That code is not right, or it was already used. Type the 6-digit "
                         "code your app shows now, or one of your recovery codes."),
                       field="code")


def _device_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def remember_device(*, user: User) -> tuple[str, datetime]:
    """Remember this browser for REMEMBER_DEVICE_DAYS; returns the cookie key and expiry."""
    expires = utcnow() + timedelta(days=current_app.config["REMEMBER_DEVICE_DAYS"])
    key = secrets.token_urlsafe(32)
    agent = request.user_agent.string[:255] if has_request_context() else None
    db.session.add(RememberedDevice(user_id=user.id, key_hash=_device_hash(key),
                                    user_agent=agent or None, expires_at=expires))
    record_audit("auth.2fa_device_remembered", target=user, actor=user)
    return f"{user.id}:{key}", expires


def remembered_since(user: User, cookie: str | None) -> datetime | None:
    """When this browser was remembered for the user (its code was typed then), if it is."""
    number, _sep, key = (cookie or "").partition(":")
    if number != str(user.id) or not key:
        return None
    return db.session.scalar(select(RememberedDevice.created_at).where(
        RememberedDevice.user_id == user.id, RememberedDevice.key_hash == _device_hash(key),
        RememberedDevice.expires_at > utcnow()))


def remembered_devices(user: User) -> int:
    """How many browsers skip the code for this user now."""
    return db.session.scalar(select(func.count(RememberedDevice.id)).where(
        RememberedDevice.user_id == user.id, RememberedDevice.expires_at > utcnow())) or 0


def forget_devices(*, user: User) -> int:
    """Every remembered browser asks for the code again; how many were forgotten."""
    result = db.session.execute(delete(RememberedDevice).where(RememberedDevice.user_id == user.id))
    record_audit("auth.2fa_devices_forgotten", target=user, actor=user)
    return result.rowcount or 0


def _remove_second_factor(user: User) -> None:
    for model in (TwoFactor, RecoveryCode, RememberedDevice):
        db.session.execute(delete(model).where(model.user_id == user.id))
    user.two_factor_enabled = False


def turn_off(*, user: User) -> None:
    """The user turns their own second factor off (not allowed when their role requires it)."""
    if is_required(user):
        raise DomainError(_("Your role requires two-factor sign-in: it cannot be turned off. "
                            "To change phones, set it up again or ask an admin to reset it."))
    _remove_second_factor(user)
    record_audit("auth.2fa_disabled", target=user, actor=user)


def reset_second_factor(*, user: User, by: User | None) -> int:
    """An admin (or `flask users reset-two-factor`, by=None) removes a user's authenticator,
    recovery codes and remembered devices, and ends all their sessions (they enrol again at
    their next sign-in); audited."""
    had = authenticator_of(user) is not None
    _remove_second_factor(user)
    ended = end_sessions(user, reason="2fa_reset",
                         keep_current=by is not None and user.id == by.id)
    record_audit("auth.2fa_reset", target=user, actor=by,
                 details={"had_authenticator": had, "sessions_ended": ended,
                          "by": "admin" if by is not None else "command line"})
    return ended
