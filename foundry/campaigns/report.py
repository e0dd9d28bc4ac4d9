"""The first-destination report in the shapes universities publish (NACE standard table and
the Hong Kong survey's figures), built FROM the dean's / admin's dashboard view.

Every number here is either a cell of the dashboard's published tables (rates, salary,
employers, location) or a true count of the same scope passed through the dashboards' own
Publisher (`views.publisher`), so the report carries exactly the dashboards' disclosure
control (foundry.privacy) and never shows what the dashboard withholds.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from foundry.dashboards.metrics import OutcomeRow, Scope, outcome_counts
from foundry.dashboards.tables import Column, Publisher, Table, csv_value, plain
from foundry.dashboards.views import View, admin_view, dean_view, publisher
from foundry.extensions import db
from foundry.models import EmploymentConfirmation, GraduateOutcome, StudentProfile
from foundry.models.choices import EMPLOYED_CATEGORIES, OUTCOME_CATEGORIES
from foundry.privacy import Figure

# Hong Kong's 2023/24 survey of UGC-funded graduates (DOMAIN.md), shown beside the HK shape.
UGC_2023_24 = {"response_rate": 0.876, "full_time_rate": 0.708, "further_study_rate": 0.168}
SECTIONS = ("summary", "categories", "hong_kong", "salary", "employers", "location")


@dataclass
class Report:
    """The report's tables for one scope and cohort, and the dashboard view they come from."""

    view: View
    tables: dict[str, Table]


def confirmed_employed(scope: Scope) -> int:
    """Employed graduates of the scope whose employer confirmed their current record."""
    s, o, c = StudentProfile, GraduateOutcome, EmploymentConfirmation
    return db.session.scalar(
        select(func.count(o.id)).select_from(s)
        .join(o, (o.student_id == s.id) & o.is_current.is_(True))
        .join(c, (c.outcome_id == o.id) & (c.company_id == o.employer_company_id))
        .where(*scope.where(), o.category.in_(EMPLOYED_CATEGORIES),
               c.status == "confirmed")) or 0


def category_table(row: OutcomeRow | None, pub: Publisher) -> Table:
    """NACE: each category's count and its share of the graduates with a known outcome,
    each from the true counts through the dashboards' Publisher."""
    table = Table("categories", _("Outcomes by category"), _("Category"),
                  [Column("count", _("Graduates")),
                   Column("share", _("Share of known outcomes"), "percent")],
                  formulas=["knowledge_rate"])
    if row is None:
        return table
    for value, name in OUTCOME_CATEGORIES:
        count = row.categories[value]
        share = Figure(None, "–") if value == "no_information" else pub.rate(count, row.known)
        table.rows.append((str(name), {"count": pub.count(count), "share": share}))
    table.total = (_("All graduates"), {"count": pub.count(row.cohort),
                                        "share": Figure(None, "–")})
    return table


def summary_table(view: View, row: OutcomeRow | None, pub: Publisher, confirmed: int) -> Table:
    """NACE standard headline: graduates, knowledge rate, career outcomes rate, salary, and
    how many employed graduates their employer confirmed."""
    table = Table("summary", _("First-destination summary"), _("Measure"),
                  [Column("value", _("Value"), "text")],
                  formulas=["cohort_size", "knowledge_rate", "career_outcomes_rate",
                            "median_salary"])
    rates = view.tables["rates"].total
    if rates is None or row is None:
        return table
    cells = rates[1]
    rows = [(_("Graduates"), cells["cohort"]),
            (_("Knowledge rate"), cells["knowledge_rate"]),
            (_("Career outcomes rate"), cells["career_outcomes_rate"]),
            (_("Median salary, full-time"), cells["median_salary"]),
            (_("Employed graduates confirmed by their employer"), pub.count(confirmed)),
            (_("Share of employed graduates confirmed by their employer"),
             pub.rate(confirmed, row.employed))]
    table.rows = [(name, {"value": figure}) for name, figure in rows]
    return table


def hong_kong_table(view: View) -> Table:
    """Hong Kong's survey shape: rates among respondents, beside the UGC 2023/24 figures."""
    table = Table("hong_kong", _("As Hong Kong's graduate employment survey reports it"),
                  _("Group"),
                  [Column("response_rate", _("Response (knowledge) rate"), "percent"),
                   Column("full_time_rate", _("Full-time employed, among respondents"),
                          "percent"),
                   Column("further_study_rate", _("Further study, among respondents"),
                          "percent")],
                  formulas=["knowledge_rate", "full_time_rate", "further_study_rate"])
    rates = view.tables["rates"].total
    if rates is None:
        return table
    cells = rates[1]
    table.rows.append((rates[0], {"response_rate": cells["knowledge_rate"],
                                  "full_time_rate": cells["full_time_rate"],
                                  "further_study_rate": cells["further_study_rate"]}))
    table.rows.append((_("UGC-funded graduates, 2023/24"),
                       {k: plain(v, "percent") for k, v in UGC_2023_24.items()}))
    return table


def build_report(user, args) -> Report:
    """The report for the viewer: a dean's own scope (suppressed), an admin's any."""
    view = dean_view(user, args) if user.role == "dean" else admin_view(args)
    pub = publisher(view.suppressed)
    totals = outcome_counts(view.scope, "all")
    row = totals[0] if totals else None
    tables = {
        "summary": summary_table(view, row, pub, confirmed_employed(view.scope)),
        "categories": category_table(row, pub),
        "hong_kong": hong_kong_table(view),
        "salary": view.tables["salary"],
        "employers": view.tables["employers"],
        "location": view.tables["location"],
    }
    return Report(view, tables)


def csv_cell(cell: Figure | None, unit: str):
    """One CSV cell, exactly as the page shows it: a percentage to the precision printed
    ("86 %" → 86), other numbers as numbers, withheld cells as "n/p"."""
    if unit == "percent" and cell is not None and not cell.hidden and cell.value is not None:
        return cell.text.removesuffix(" %")
    return csv_value(cell, unit)


def csv_rows(report: Report) -> list[list]:
    """Every table of the report, one after another, as CSV rows (as the page shows them)."""
    rows: list[list] = []
    for name in SECTIONS:
        table = report.tables[name]
        rows.append([table.title])
        rows.append(table.csv_headers())
        rows.extend([label] + [csv_cell(cells.get(c.key), c.unit) for c in table.columns]
                    for label, cells in table.all_rows())
        rows.append([])
    return rows

