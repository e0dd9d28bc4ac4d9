"""Personal API tokens: shown once, stored as a SHA-256 hash, expiring, read or write scope."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.extensions import db
from foundry.models import ApiToken, User
from foundry.models.base import utcnow

TOKEN_PREFIX = "tf_"  # noqa: S105 — a marker, not a secret
MAX_DAYS = 365


def hash_token(plaintext: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def create_api_token(*, user: User, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """Create a token for the user; returns the row and the plaintext (shown once, never kept)."""
    if scope not in ("read", "write"):
        raise DomainError("Scope must be read or write.", field="scope")
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(f"A token lives 1 to {MAX_DAYS} days.", field="days")
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip()[:80], token_hash=hash_token(plaintext),
                     prefix=plaintext[:10], scope=scope,
                     expires_at=utcnow() + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    record_audit("api_token.created", target=token, actor=user,
                 details={"scope": scope, "days": days})
    return token, plaintext


def revoke_api_token(*, token: ApiToken, actor: User) -> None:
    """Revoke a token at once (idempotent)."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record_audit("api_token.revoked", target=token, actor=actor)


def user_for_token(plaintext: str) -> tuple[User, ApiToken] | None:
    """The active user and live token for a presented plaintext token, else None."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(plaintext)))
    if token is None or token.revoked_at is not None or token.expires_at <= utcnow():
        return None
    user = db.session.get(User, token.user_id)
    if user is None or not user.is_active:
        return None
    return user, token


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
    ))
