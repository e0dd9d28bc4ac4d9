"""Secrets at rest: encryption and keyed hashes with keys derived from SECRET_KEY.

Each use has its own derived key (HKDF with a purpose label), so a key leaked for one purpose
says nothing of the others. Changing SECRET_KEY makes what was encrypted unreadable: the
values must then be entered again (TOTP: re-enrol; SSO: the client secret).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


class UnreadableSecret(Exception):
    """The stored value was encrypted under another SECRET_KEY (or was altered)."""


def derived_key(purpose: str) -> bytes:
    """32 bytes derived from SECRET_KEY for one purpose."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"talent-foundry",
                info=purpose.encode()).derive(secret)


def _fernet(purpose: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(derived_key(purpose)))


def encrypt(value: str, *, purpose: str) -> str:
    """Authenticated encryption (Fernet) of a text under the purpose's key."""
    return _fernet(purpose).encrypt(value.encode()).decode("ascii")


def decrypt(token: str, *, purpose: str) -> str:
    """The text encrypted by `encrypt`; UnreadableSecret when the key no longer fits."""
    try:
        return _fernet(purpose).decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError) as error:
        raise UnreadableSecret(purpose) from error


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 (hex) of a value: a stolen table alone cannot be brute-forced offline."""
    return hmac.new(derived_key(purpose), value.encode(), hashlib.sha256).hexdigest()
