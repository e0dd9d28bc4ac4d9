"""Dashboard pages, each chart's figure JSON and CSV, and plotly.js served from this app."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from foundry import privacy
from foundry.assets import plotly_response
from foundry.dashboards import figures, operations, personal
from foundry.dashboards.cache import cached, install_invalidation
from foundry.dashboards.formulas import FORMULAS
from foundry.dashboards.tables import Table
from foundry.dashboards.views import Selection, admin_selection, dean_selection
from foundry.exports.csv import csv_response
from foundry.permissions import public, role_required

bp = Blueprint("dashboards", __name__, url_prefix="/dashboards")
bp.record_once(lambda state: install_invalidation(state.app))

ROLES = ("student", "company", "dean", "admin")


def select_view(view: str) -> Selection:
    """The signed-in user's dashboard selection (filters resolved, nothing built); each
    role has exactly one."""
    if view not in ROLES:
        abort(404)
    if current_user.role != view:
        abort(403)
    if view == "dean":
        return dean_selection(current_user, request.args)
    if view == "admin":
        return admin_selection(request.args)
    if view == "company":
        return personal.company_selection(current_user)
    return personal.student_selection(current_user)


def table_of(view_obj, name: str) -> Table:
    """One published table of a view, or 404."""
    table = view_obj.tables.get(name)
    if table is None:
        abort(404)
    return table


def figure_json(selection: Selection, name: str, view_obj=None) -> str:
    """One chart's Plotly JSON from the cache; on a miss the view is built (or the page's
    own View used) and the figure made from its published table. 404 for a table without
    a chart (e.g. the headline rates: its CSV is the data)."""
    def compute() -> str:
        table = table_of(view_obj or selection.build(), name)
        if table.meta.get("figure") == "none" or not figures.has_figure(table):
            abort(404)
        return figures.build(table).to_json()

    return cached(selection.figure_key(name, str(get_locale())), compute,
                  scopes=selection.scopes(name))


def render(selection: Selection, template: str, **extra):
    """Render a dashboard page with the shared context; each chart's figure JSON goes into
    the page (`embedded_figure`), so the browser draws without asking for it again."""
    view_obj = selection.build()

    def embedded_figure(name: str) -> Markup:
        # The JSON as-is with <, >, & and ' escaped: safe inside a <script> element.
        return htmlsafe_json_dumps(figure_json(selection, name, view_obj),
                                   dumps=lambda body: body)

    return render_template(template, view=view_obj, formulas=FORMULAS,
                           rules=privacy.display_rules(), embedded_figure=embedded_figure,
                           **extra)


@bp.get("/dean")
@role_required("dean")
def dean():
    """The dean's placement dashboard (own university; faculty/programme/cohort filters)."""
    return render(dean_selection(current_user, request.args), "dashboards/dean.html")


@bp.get("/admin")
@role_required("admin")
def admin():
    """Every metric per university side by side, drill-down to faculties, and operations."""
    return render(admin_selection(request.args), "dashboards/admin.html",
                  ops=operations.admin_operations())


@bp.get("/company")
@role_required("company")
def company():
    """The company's funnel, interns by university, feedback and mentoring."""
    return render(personal.company_selection(current_user), "dashboards/company.html")


@bp.get("/student")
@role_required("student")
def student():
    """The student's applications, internships, feedback over time and skills readiness."""
    return render(personal.student_selection(current_user), "dashboards/student.html")


@bp.get("/<view>/figures/<name>.json")
@role_required(*ROLES)
def figure(view: str, name: str):
    """One chart as Plotly JSON, built from the same published table as the page: served
    from the cache without building the view when the page (or a link) already made it."""
    body = figure_json(select_view(view), name)
    return body, 200, {"Content-Type": "application/json", "Cache-Control": "private, no-store"}


@bp.get("/<view>/data/<name>.csv")
@role_required(*ROLES)
def csv(view: str, name: str):
    """One chart's data as CSV: exactly the figures the page shows (suppressed alike)."""
    view_obj = select_view(view).build()
    table = table_of(view_obj, name)
    stem = "-".join([view, name, *(f"{k}-{v}" for k, v in sorted(view_obj.filters.items()))])
    return csv_response(stem, table.csv_headers(), table.csv_rows())


@bp.get("/assets/plotly.min.js")
@public
def plotly_js():
    """plotly.js (our partial bundle) served by this app: no CDN, works offline."""
    return plotly_response()
