"""Users, sign-in support (invitations, consent, API tokens) and mail outbox."""

from __future__ import annotations

import secrets
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from foundry.extensions import db
from foundry.models.base import utcnow
from foundry.models.choices import MAIL_STATUSES, ROLES, in_check

if TYPE_CHECKING:
    from foundry.models.academia import DeanAssignment, StudentProfile
    from foundry.models.companies import CompanyMember


class User(UserMixin, db.Model):
    """Anyone who signs in. E-mails are stored lower-case, so uniqueness ignores letter case."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(in_check("role", ROLES), name="role"),
        CheckConstraint("email = lower(email)", name="email_lower"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(10), default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # When the address was proven (a mailed link opened, an invitation accepted, a password
    # reset): the account state lives here, the audit trail is only a record of it.
    email_verified_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]  # identity removed at the student's request (PDPO)

    student: Mapped[StudentProfile | None] = relationship(back_populates="user", uselist=False)
    membership: Mapped[CompanyMember | None] = relationship(back_populates="user", uselist=False)
    dean_assignment: Mapped[DeanAssignment | None] = relationship(
        back_populates="user", uselist=False
    )

    @property
    def is_active(self) -> bool:  # Flask-Login: inactive users cannot sign in
        """Whether the account may sign in."""
        return self.active and self.deleted_at is None

    def set_password(self, password: str) -> None:
        """Hash and store a password (Werkzeug's scrypt KDF)."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        """Whether the password matches the stored hash. An account without a password costs
        the same hash check, so timing never tells which accounts have one."""
        if not self.password_hash:
            waste_password_check(password)
            return False
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """Flask-Login's id in the session and remember-me cookie: "<user id>:<session key>"
        while a server-side session is being started (see auth/sessions.py), so every cookie
        names a UserSession row that sign-out, a password change or reset can end."""
        key = getattr(self, "session_key", None)
        return f"{self.id}:{key}" if key else str(self.id)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


@cache
def _dummy_password_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method="scrypt")


def waste_password_check(password: str) -> None:
    """Spend one real hash check on nothing: sign-in for an unknown e-mail takes as long as for
    a known one."""
    check_password_hash(_dummy_password_hash(), password or "")


class UserSession(db.Model):
    """A signed-in browser. The cookie holds a random key whose SHA-256 is stored here; ending
    the row (sign-out, password change or reset, "sign out everywhere") makes both the session
    cookie and the remember-me cookie worthless, even copies taken before."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(default=False)
    user_agent: Mapped[str | None] = mapped_column(String(255))
    ip: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    ended_reason: Mapped[str | None] = mapped_column(String(32))
    # When this session last passed the second factor (sign-in code or step-up); None: never.
    second_factor_at: Mapped[datetime | None]


class Consent(db.Model):
    """A user's acceptance of a version of the personal-data notice (PDPO)."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    notice_version: Mapped[str] = mapped_column(String(20))
    given_at: Mapped[datetime] = mapped_column(default=utcnow)


class Invitation(db.Model):
    """An admin's invitation for a company member, dean or admin; single use, expiring."""

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint("role IN ('company', 'dean', 'admin', 'reviewer')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[str] = mapped_column(String(16))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    university_id: Mapped[int | None] = mapped_column(ForeignKey("universities.id"))
    faculty_id: Mapped[int | None] = mapped_column(ForeignKey("faculties.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class ApiToken(db.Model):
    """A personal API token: only its hash is stored; read-only or read-write scope."""

    __tablename__ = "api_tokens"
    __table_args__ = (CheckConstraint("scope IN ('read', 'write')", name="scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    scope: Mapped[str] = mapped_column(String(8), default="read")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class OutboxMail(db.Model):
    """Every e-mail the app sends, kept in order with its delivery state. A background job
    delivers it over SMTP when MAIL_SERVER is set: queued → sending → sent, or failed (with the
    attempts and the last error) once the retries are spent."""

    __tablename__ = "outbox_mails"
    __table_args__ = (
        CheckConstraint(in_check("status", MAIL_STATUSES), name="status"),
        CheckConstraint("attempts >= 0", name="attempts"),
        Index("ix_outbox_mails_status", "status", "last_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    last_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]


class Notification(db.Model):
    """An in-app notice for one user; unread until read_at is set."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(String(300))
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
