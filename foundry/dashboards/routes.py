"""Dashboard pages, each chart's figure JSON and CSV, and plotly.js served from this app."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user

from foundry import privacy
from foundry.assets import plotly_response
from foundry.dashboards import figures, operations, personal
from foundry.dashboards.cache import cached, install_invalidation
from foundry.dashboards.formulas import FORMULAS
from foundry.dashboards.tables import Table
from foundry.dashboards.views import admin_view, dean_view
from foundry.exports.csv import csv_response
from foundry.permissions import public, role_required

bp = Blueprint("dashboards", __name__, url_prefix="/dashboards")
bp.record_once(lambda state: install_invalidation(state.app))

ROLES = ("student", "company", "dean", "admin")


def load_view(view: str):
    """The View of a dashboard for the signed-in user; each role has exactly one."""
    if view not in ROLES:
        abort(404)
    if current_user.role != view:
        abort(403)
    if view == "dean":
        return dean_view(current_user, request.args)
    if view == "admin":
        return admin_view(request.args)
    if view == "company":
        return personal.company_view(current_user)
    return personal.student_view(current_user)


def table_of(view_obj, name: str) -> Table:
    """One published table of a view, or 404."""
    table = view_obj.tables.get(name)
    if table is None:
        abort(404)
    return table


def render(view_obj, template: str, **extra):
    """Render a dashboard page with the shared context."""
    return render_template(template, view=view_obj, formulas=FORMULAS,
                           rules=privacy.display_rules(), **extra)


@bp.get("/dean")
@role_required("dean")
def dean():
    """The dean's placement dashboard (own university; faculty/programme/cohort filters)."""
    return render(dean_view(current_user, request.args), "dashboards/dean.html")


@bp.get("/admin")
@role_required("admin")
def admin():
    """Every metric per university side by side, drill-down to faculties, and operations."""
    view = admin_view(request.args)
    return render(view, "dashboards/admin.html", ops=operations.admin_operations())


@bp.get("/company")
@role_required("company")
def company():
    """The company's funnel, interns by university, feedback and mentoring."""
    return render(personal.company_view(current_user), "dashboards/company.html")


@bp.get("/student")
@role_required("student")
def student():
    """The student's applications, internships, feedback over time and skills readiness."""
    return render(personal.student_view(current_user), "dashboards/student.html")


@bp.get("/<view>/figures/<name>.json")
@role_required(*ROLES)
def figure(view: str, name: str):
    """One chart as Plotly JSON, built from the same published table as the page."""
    view_obj = load_view(view)
    table = table_of(view_obj, name)
    if table.meta.get("figure") == "none" or not figures.has_figure(table):
        abort(404)  # a table without a chart (e.g. the headline rates): its CSV is the data
    filters = sorted(view_obj.filters.items())
    owner = view_obj.meta.get("owner", "")
    body = cached(("figure", view, name, owner, filters, str(get_locale()), view_obj.suppressed),
                  lambda: figures.build(table).to_json(), scopes=view_obj.scopes(name))
    return body, 200, {"Content-Type": "application/json", "Cache-Control": "private, no-store"}


@bp.get("/<view>/data/<name>.csv")
@role_required(*ROLES)
def csv(view: str, name: str):
    """One chart's data as CSV: exactly the figures the page shows (suppressed alike)."""
    view_obj = load_view(view)
    table = table_of(view_obj, name)
    stem = "-".join([view, name, *(f"{k}-{v}" for k, v in sorted(view_obj.filters.items()))])
    return csv_response(stem, table.csv_headers(), table.csv_rows())


@bp.get("/assets/plotly.min.js")
@public
def plotly_js():
    """plotly.js (the cartesian partial bundle) served by this app: no CDN, works offline."""
    return plotly_response()
