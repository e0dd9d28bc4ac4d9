"""Signed links (invitations, password reset, e-mail verification); absolute URLs for mails."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from foundry.common.errors import DomainError

# One salt per purpose: a token made for one purpose is never valid for another.
INVITATION = "foundry.auth.invitation"
PASSWORD_RESET = "foundry.auth.password-reset"  # noqa: S105 — a salt, not a secret
VERIFY_EMAIL = "foundry.auth.verify-email"

DEFAULT_BASE_URL = "http://127.0.0.1:5000"


class TokenError(DomainError):
    """A signed link that cannot be used; `status` is 410 when it was once good, else 400."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def make_token(purpose: str, payload: dict[str, Any]) -> str:
    """Sign a small payload for one purpose (the time of signing is included)."""
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, *, max_age: int) -> dict[str, Any]:
    """The payload of a token made for this purpose and younger than max_age seconds."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise TokenError(_("This link has expired."), status=410) from error
    except BadSignature as error:
        raise TokenError(_("This link is not valid. Check that you copied all of it.")) from error
    if not isinstance(payload, dict):
        raise TokenError(_("This link is not valid. Check that you copied all of it."))
    return payload


def password_fingerprint(password_hash: str | None) -> str:
    """A short digest of the stored hash: a reset token carrying it dies when the password
    changes (so it works once). A digest, because the token payload is readable."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:24]


def email_fingerprint(email: str, password_hash: str | None) -> str:
    """A short digest of the address and the stored hash: a verification token carrying it
    dies when the e-mail changes or a newer sign-up replaces the password."""
    return hashlib.sha256(f"{email}\0{password_hash or ''}".encode()).hexdigest()[:24]


def base_url() -> str:
    """Where the app is reached from outside: BASE_URL, else SERVER_NAME, else the dev server."""
    config = current_app.config
    if config.get("BASE_URL"):
        return config["BASE_URL"].rstrip("/")
    if config.get("SERVER_NAME"):
        return f"{config.get('PREFERRED_URL_SCHEME', 'http')}://{config['SERVER_NAME']}"
    return DEFAULT_BASE_URL


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute URL for a mail or the terminal, always on the configured base (BASE_URL,
    SERVER_NAME or the development default): never the request's Host header, which a client
    can forge to poison reset links."""
    with current_app.test_request_context(base_url=base_url()):
        return url_for(endpoint, _external=True, **values)
