"""The audit trail: filter and read. There is no route that edits or deletes an entry."""

from __future__ import annotations

from datetime import date

from flask import render_template, request

from foundry.admin import queries
from foundry.admin.routes import bp
from foundry.extensions import db
from foundry.permissions import role_required


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def audit_filters() -> dict:
    """Actor, action, target type and date range from the query string."""
    return {"actor": request.args.get("actor", "").strip()[:100],
            "action": request.args.get("action", "").strip()[:60],
            "target_type": request.args.get("target_type", "").strip()[:40],
            "target_id": request.args.get("target_id", type=int),
            "since": _day("since"), "until": _day("until")}


@bp.get("/audit")
@role_required("admin")
def audit():
    """Who did what, when and from where: newest first, filterable, paginated; read-only."""
    filters = audit_filters()
    page = db.paginate(queries.audit_stmt(**filters),
                       page=request.args.get("page", 1, type=int) or 1,
                       per_page=50, error_out=False)
    actions, targets = queries.audit_filter_choices()
    return render_template("admin/audit.html", page=page, filters=filters, actions=actions,
                           targets=targets,
                           actors=queries.users_by_id(e.actor_id for e in page.items))
