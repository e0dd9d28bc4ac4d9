"""The first-destination report: a printable A4 page and its CSV (deans: own scope)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from foundry import privacy
from foundry.campaigns.report import SECTIONS, build_report, csv_rows
from foundry.common.audit import record_audit
from foundry.dashboards.formulas import FORMULAS
from foundry.dashboards.metrics import cohort_label
from foundry.exports.csv import csv_response
from foundry.extensions import db
from foundry.permissions import role_required

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.get("/first-destination")
@role_required("dean", "admin")
def first_destination():
    """The report for a cohort and scope (filters as on the dashboard), printable on A4."""
    report = build_report(current_user, request.args)
    return render_template("campaigns/report.html", report=report, view=report.view,
                           sections=SECTIONS, formulas=FORMULAS, rules=privacy.display_rules(),
                           cohort=cohort_label(report.view.scope.cohort))


@bp.get("/first-destination.csv")
@role_required("dean", "admin")
def first_destination_csv():
    """The same report as CSV: exactly the figures of the page."""
    report = build_report(current_user, request.args)
    record_audit("export.first_destination_report", details=dict(report.view.filters))
    db.session.commit()
    stem = "-".join(["first-destination",
                     *(f"{k}-{v}" for k, v in sorted(report.view.filters.items()))])
    view = report.view
    title = f"{view.title} — {view.subtitle} — {cohort_label(view.scope.cohort)}"
    return csv_response(stem, [title], csv_rows(report))
