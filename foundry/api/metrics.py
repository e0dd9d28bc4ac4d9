"""GET /api/v1/metrics: the placement dashboard's tables as JSON, for deans and admins.

It calls the very functions the dashboard pages call (foundry.dashboards.views), so a dean
gets exactly the protected figures of their page (rounded counts; withheld cells carry no
value and say why) and an admin the true cross-university view.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import BadRequest

from foundry import privacy
from foundry.api.params import fail, int_arg, text_arg
from foundry.dashboards.filters import reject_repeated
from foundry.dashboards.tables import Table
from foundry.dashboards.views import admin_view, dean_view
from foundry.permissions import role_required

FILTERS = ("university", "faculty", "programme", "cohort")


def register(bp: Blueprint) -> None:
    """Add the metrics route to the API blueprint."""
    bp.add_url_rule("/metrics", view_func=metrics, methods=["GET"])


def _figure(figure) -> dict:
    return {"value": None if figure is None else figure.value,
            "text": "" if figure is None else figure.text,
            "withheld": bool(figure is not None and figure.hidden),
            "reason": figure.reason if figure is not None else None}


def _row(label: str, cells: dict, table: Table) -> dict:
    return {"label": str(label), "cells": {c.key: _figure(cells.get(c.key))
                                           for c in table.columns}}


def _table(table: Table) -> dict:
    return {"title": str(table.title), "row_header": str(table.row_header),
            "columns": [{"key": c.key, "label": str(c.label), "unit": c.unit}
                        for c in table.columns],
            "rows": [_row(label, cells, table) for label, cells in table.rows],
            "total": _row(*table.total, table) if table.total else None,
            "formulas": [str(f) for f in table.formulas], "note": str(table.note or "")}


@role_required("dean", "admin")
def metrics():
    """Placement metrics per university, faculty, programme and cohort (deans: own scope,
    protected; admins: everything)."""
    unknown = sorted(set(request.args) - set(FILTERS))
    if unknown:
        abort(400, description=f"Unknown parameter(s): {', '.join(unknown)}. "
                               f"Use: {', '.join(FILTERS)}.")
    # Shape first (as the OpenAPI document says); the dashboard then checks scope and existence.
    int_arg("faculty", low=1, high=2**31 - 1)
    int_arg("programme", low=1, high=2**31 - 1)
    int_arg("cohort", low=1990, high=2100)
    text_arg("university", max_length=16)
    reject_repeated(request.args)  # malformed: a 400, before the view's own checks
    try:
        view = dean_view(current_user, request.args) if current_user.role == "dean" \
            else admin_view(request.args)
    except BadRequest as error:
        # Well-formed (checked above) but naming a university, faculty or programme that does
        # not exist or does not fit the others: a 422, as the document says.
        fail(422, str(error.description), code="invalid")
    if view.empty:
        abort(404, description=_("No graduates in cohort %(cohort)s for this selection.",
                                 cohort=view.scope.cohort))
    return jsonify(
        view=view.name, title=str(view.title), subtitle=str(view.subtitle or ""),
        filters={k: v for k, v in view.filters.items()}, cohorts=view.cohorts,
        suppressed=view.suppressed,
        rules=privacy.display_rules() if view.suppressed else None,
        tables={name: _table(table) for name, table in view.tables.items()},
    )
