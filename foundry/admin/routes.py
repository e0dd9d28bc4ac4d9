"""The admin blueprint (admin role only). Views live in foundry/admin/views/*, one module per
area, and register themselves on this blueprint when imported below."""

from __future__ import annotations

from flask import Blueprint, request

bp = Blueprint("admin", __name__, url_prefix="/admin")


def list_args() -> dict:
    """The search, sort and page of a list page, from the query string."""
    return {"q": request.args.get("q", "").strip()[:100],
            "sort": request.args.get("sort") or None,
            "page": request.args.get("page", 1, type=int) or 1}


from foundry.admin.views import (  # noqa: E402, F401
    academia,
    audit,
    employers,
    identity_providers,
    mail,
    skills,
    users,
)
