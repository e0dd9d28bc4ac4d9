"""Second factors (TOTP, recovery codes, remembered devices) and single sign-on providers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundry.extensions import db
from foundry.models.base import utcnow

if TYPE_CHECKING:
    from foundry.models.academia import University


class TwoFactor(db.Model):
    """A user's TOTP authenticator. The secret is encrypted with a key derived from SECRET_KEY;
    it counts only once confirmed (the first code typed at enrolment)."""

    __tablename__ = "two_factors"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    secret_encrypted: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    # The last 30-second time step whose code was accepted: a code works once.
    last_step: Mapped[int | None]


class RecoveryCode(db.Model):
    """A one-time recovery code; only its keyed hash (HMAC-SHA256) is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class RememberedDevice(db.Model):
    """A browser where the second factor is not asked again until expires_at; the cookie holds a
    random key whose SHA-256 is stored here. A 2FA reset or "forget devices" deletes them."""

    __tablename__ = "remembered_devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_agent: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class IdentityProvider(db.Model):
    """An OpenID Connect provider a university (or a company) signs its people in with.

    Students of `university` sign in (or are created) when the verified e-mail is on one of the
    university's student domains; existing staff accounts (deans, company members) sign in when
    their e-mail is on one of `staff_domains` (space-separated)."""

    __tablename__ = "identity_providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    university_id: Mapped[int | None] = mapped_column(
        ForeignKey("universities.id", ondelete="CASCADE"), unique=True)
    discovery_url: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(255))
    client_secret_encrypted: Mapped[str | None] = mapped_column(Text)
    email_claim: Mapped[str] = mapped_column(String(64), default="email")
    student_number_claim: Mapped[str | None] = mapped_column(String(64))
    passwords_allowed: Mapped[bool] = mapped_column(default=True)
    staff_domains: Mapped[str] = mapped_column(String(500), default="")
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    university: Mapped[University | None] = relationship()

    @property
    def staff_domain_list(self) -> list[str]:
        """The staff e-mail domains, lower-case."""
        return [d for d in self.staff_domains.lower().split() if d]


class SsoIdentity(db.Model):
    """An account linked to a provider's subject ("sub"): later sign-ins find the account by it,
    even if the e-mail at the provider changes."""

    __tablename__ = "sso_identities"
    __table_args__ = (UniqueConstraint("provider_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(
        ForeignKey("identity_providers.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
