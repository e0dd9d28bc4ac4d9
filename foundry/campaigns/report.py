"""The first-destination report in the shapes universities publish (NACE standard table and
the Hong Kong survey's figures), built FROM the dean's / admin's dashboard view.

Every number here is either a cell of the dashboard's published tables (outcomes, rates,
salary, employers, location) or derived from those published cells with the dashboards'
own Publisher, so the report carries exactly the dashboards' disclosure control: a change to
that step applies to this report too, and the report never shows what the dashboard hides.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from foundry.dashboards.metrics import KNOWN, Scope
from foundry.dashboards.tables import Column, Publisher, Table, plain
from foundry.dashboards.views import View, admin_view, dean_view, publisher
from foundry.extensions import db
from foundry.models import EmploymentConfirmation, GraduateOutcome, StudentProfile
from foundry.models.choices import EMPLOYED_CATEGORIES, OUTCOME_CATEGORIES
from foundry.privacy import NOT_PUBLISHED, Figure

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


def _hidden_any(cells: dict[str, Figure]) -> bool:
    return any(cell.hidden for cell in cells.values())


def category_table(view: View, pub: Publisher) -> Table:
    """NACE: each category's count and its share of the graduates with a known outcome."""
    table = Table("categories", _("Outcomes by category"), _("Category"),
                  [Column("count", _("Graduates")),
                   Column("share", _("Share of known outcomes"), "percent")],
                  formulas=["knowledge_rate"])
    total = view.tables["outcomes"].total
    if total is None:
        return table
    cells = total[1]
    hidden = _hidden_any(cells)
    known = sum(cells[c].value or 0 for c in KNOWN)
    cohort = cells["cohort"]
    for value, name in OUTCOME_CATEGORIES:
        count = cells[value]
        if value == "no_information" or hidden:
            share = (Figure(None, "–") if value == "no_information"
                     else Figure(None, NOT_PUBLISHED, "complement"))
        else:
            share = pub.rate(count.value, known, parent=cohort.value)
        table.rows.append((str(name), {"count": count, "share": share}))
    table.total = (_("All graduates"), {"count": cohort, "share": Figure(None, "–")})
    return table


def summary_table(view: View, pub: Publisher, confirmed: int) -> Table:
    """NACE standard headline: graduates, knowledge rate, career outcomes rate, salary."""
    table = Table("summary", _("First-destination summary"), _("Measure"),
                  [Column("value", _("Value"), "text")],
                  formulas=["cohort_size", "knowledge_rate", "career_outcomes_rate",
                            "median_salary"])
    rates = view.tables["rates"].total
    if rates is None:
        return table
    cells = rates[1]
    employed = (view.tables["location"].total or ("", {}))[1].get("employed")
    if employed is None or employed.hidden or not employed.value:
        share = Figure(None, NOT_PUBLISHED, "complement") if employed is not None and \
            employed.hidden else Figure(None, "–")
    else:
        share = pub.rate(confirmed, employed.value)
    rows = [(_("Graduates"), cells["cohort"]),
            (_("Knowledge rate"), cells["knowledge_rate"]),
            (_("Career outcomes rate"), cells["career_outcomes_rate"]),
            (_("Median salary, full-time"), cells["median_salary"]),
            (_("Employed graduates confirmed by their employer"), pub.count(confirmed)
             if employed is not None and not employed.hidden else
             Figure(None, NOT_PUBLISHED, "complement")),
            (_("Share of employed graduates confirmed by their employer"), share)]
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
    tables = {
        "summary": summary_table(view, pub, confirmed_employed(view.scope)),
        "categories": category_table(view, pub),
        "hong_kong": hong_kong_table(view),
        "salary": view.tables["salary"],
        "employers": view.tables["employers"],
        "location": view.tables["location"],
    }
    return Report(view, tables)


def csv_rows(report: Report) -> list[list]:
    """Every table of the report, one after another, as CSV rows (as the page shows them)."""
    rows: list[list] = []
    for name in SECTIONS:
        table = report.tables[name]
        rows.append([table.title])
        rows.append(table.csv_headers())
        rows.extend(table.csv_rows())
        rows.append([])
    return rows

