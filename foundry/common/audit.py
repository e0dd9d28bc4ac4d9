"""Write to the append-only audit trail."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from foundry.extensions import db
from foundry.models import AuditLog


def record_audit(action: str, *, target: Any = None, actor: Any = None,
                 details: dict[str, Any] | None = None) -> AuditLog:
    """Add an audit entry (the caller commits): who, what, which record, from where."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    entry = AuditLog(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=type(target).__name__ if target is not None else None,
        target_id=getattr(target, "id", None),
        ip=request.remote_addr if has_request_context() else None,
        details=details,
    )
    db.session.add(entry)
    return entry


def record_student_view(*, student, page: str, target: Any = None) -> None:
    """Audit that someone other than the student opened the student's record (PDPO: who saw
    which personal data, when, from where). The caller commits."""
    own = getattr(current_user, "student", None) if current_user.is_authenticated else None
    if own is not None and own.id == student.id:
        return
    details = {"page": page}
    if target is not None:
        details["object"] = f"{type(target).__name__} {getattr(target, 'id', '')}".strip()
    record_audit("student.record_viewed", target=student, details=details)
