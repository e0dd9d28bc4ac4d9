"""Reads for the import pages."""

from __future__ import annotations

from sqlalchemy import select

from foundry.extensions import db
from foundry.models import AuditLog, User
from foundry.permissions import is_admin


def recent_imports(user: User, limit: int = 10) -> list:
    """The latest applied imports: all of them for admins, the user's own for deans."""
    stmt = (select(AuditLog, User.email).outerjoin(User, User.id == AuditLog.actor_id)
            .where(AuditLog.action.like("import.%"))
            .order_by(AuditLog.created_at.desc(), AuditLog.id.desc()).limit(limit))
    if not is_admin(user):
        stmt = stmt.where(AuditLog.actor_id == user.id)
    return db.session.execute(stmt).all()
