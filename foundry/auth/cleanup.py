"""Scheduled: delete self sign-ups whose verification link expired without being opened.

Nobody proved they own such an address, nobody ever signed in to the account, and keeping it
would hold the address (and a student number) hostage. The account, its student profile and
what hangs off them (consent, notifications) go; the audit trail keeps its record.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from foundry.auth.verification import max_age
from foundry.extensions import db
from foundry.models import StudentProfile, User


def delete_unverified_signups(*, now: datetime) -> dict[str, int]:
    """Delete every never-verified student sign-up older than the verification link's life."""
    cutoff = now - timedelta(seconds=max_age())
    users = db.session.scalars(select(User).where(
        User.role == "student", User.email_verified_at.is_(None), User.active.is_(False),
        User.last_login_at.is_(None), User.deleted_at.is_(None),
        User.password_hash.is_not(None), User.created_at < cutoff).order_by(User.id)).all()
    for user in users:
        profile = db.session.scalar(select(StudentProfile).where(
            StudentProfile.user_id == user.id))
        if profile is not None:
            db.session.delete(profile)
        db.session.delete(user)
    db.session.flush()
    return {"deleted": len(users)}
