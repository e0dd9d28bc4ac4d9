"""Outcome blocks: metric rows → published Tables (pure: no database, no Flask).

Each builder takes the rows of `metrics.py` and a Publisher (which suppresses, or not for
admins) and returns the Table(s) that the chart, the data table and the CSV share.
"""

from __future__ import annotations

from flask_babel import gettext as _

from foundry.dashboards.metrics import (
    CAREER,
    CATEGORIES,
    KNOWN,
    LOCATION_KEYS,
    OutcomeRow,
    Quantiles,
    total_row,
)
from foundry.dashboards.tables import Column, Publisher, Table
from foundry.models.choices import EMPLOYED_CATEGORIES, LOCATIONS, OUTCOME_CATEGORIES, label
from foundry.privacy import Figure

# (numerator categories, denominator categories) of each rate built on the outcomes table.
RATE_INPUTS = {
    "knowledge_rate": (KNOWN, CATEGORIES),
    "career_outcomes_rate": (CAREER, tuple(c for c in KNOWN if c != "not_seeking")),
    "full_time_rate": (("employed_full_time",), KNOWN),
    "further_study_rate": (("further_study",), KNOWN),
    "seeking_rate": (("seeking",), KNOWN),
    "park_share": ((), EMPLOYED_CATEGORIES),
}


def reveals_hidden(key: str, hidden: set[str]) -> bool:
    """Whether a rate would let a reader work out a withheld count: its numerator or
    denominator sums some, but not all, of the row's withheld cells (the sum of all of them
    is already known from the row total). A withheld row total ("*") hides every rate."""
    if "*" in hidden:
        return True
    return any(hidden.intersection(part) and not hidden.issubset(part)
               for part in RATE_INPUTS[key])


def location_label(key: str) -> str:
    """Display label of a location key (incl. "not recorded")."""
    return _("Not recorded") if key == "unknown" else label(LOCATIONS, key)


def outcome_tables(rows: list[OutcomeRow], pub: Publisher, *, group_header: str,
                   total_label: str, salaries: list[Quantiles] | None = None,
                   days: list[Quantiles] | None = None, compare: OutcomeRow | None = None,
                   compare_salary: Quantiles | None = None,
                   compare_days: Quantiles | None = None) -> dict[str, Table]:
    """The outcomes (counts by category), rates and location tables of one set of groups."""
    cells = [[r.categories[c] for c in CATEGORIES] for r in rows]
    body, rtot, ctot, grand, mask = pub.count_table(cells)
    columns = [Column(c, label(OUTCOME_CATEGORIES, c)) for c in CATEGORIES]
    outcomes = Table("outcomes", _("Outcomes by category"), group_header,
                     [*columns, Column("cohort", _("Graduates"))],
                     formulas=["cohort_size", "knowledge_rate"])
    hidden_rows: list[set[str]] = []
    for i, r in enumerate(rows):
        outcomes.rows.append((r.label, {**dict(zip(CATEGORIES, body[i], strict=True)),
                                        "cohort": rtot[i]}))
        hidden_rows.append({c for c, reason in zip(CATEGORIES, mask.body[i], strict=True)
                            if reason} | ({"*"} if mask.row_totals[i] else set()))
    total = total_row(rows, total_label)
    total_hidden = ({c for c, reason in zip(CATEGORIES, mask.col_totals, strict=True)
                     if reason} | ({"*"} if mask.grand else set())) if rows else set()
    if rows:
        outcomes.total = (total_label, {**dict(zip(CATEGORIES, ctot, strict=True)),
                                        "cohort": grand})
    by_key = {q.key: q for q in salaries or []}
    day_key = {q.key: q for q in days or []}
    rates = Table("rates", _("Headline rates"), group_header, RATE_COLUMNS(),
                  formulas=["knowledge_rate", "career_outcomes_rate", "full_time_rate",
                            "further_study_rate", "seeking_rate", "park_share",
                            "median_salary", "time_to_outcome"])
    for i, r in enumerate(rows):
        rates.rows.append((r.label, rate_cells(r, pub, hidden_rows[i], by_key.get(r.key),
                                               day_key.get(r.key), outcomes.rows[i][1])))
    if rows:
        rates.total = (total_label, rate_cells(total, pub, total_hidden,
                                               by_key.get("all"), day_key.get("all"),
                                               outcomes.total[1]))
    if compare is not None and compare.cohort:
        rates.meta["compare"] = (compare.label, rate_cells(compare, pub, set(), compare_salary,
                                                           compare_days, None))
    locations = location_table(rows, pub, hidden_rows, total_hidden, group_header, total_label)
    return {"outcomes": outcomes, "rates": rates, "location": locations}


def RATE_COLUMNS() -> list[Column]:
    """Columns of the headline-rates table."""
    return [Column("cohort", _("Graduates")),
            Column("knowledge_rate", _("Knowledge rate"), "percent"),
            Column("career_outcomes_rate", _("Career outcomes rate"), "percent"),
            Column("full_time_rate", _("Full-time employed"), "percent"),
            Column("further_study_rate", _("Further study"), "percent"),
            Column("seeking_rate", _("Still seeking"), "percent"),
            Column("park_share", _("Science Park share of employed"), "percent"),
            Column("median_salary", _("Median salary, full-time"), "hkd"),
            Column("salaries", _("Salaries reported")),
            Column("median_days", _("Median days to outcome"), "days")]


def rate_cells(r: OutcomeRow, pub: Publisher, hidden: set[str], salary: Quantiles | None,
               days: Quantiles | None, counts: dict[str, Figure] | None) -> dict[str, Figure]:
    """The headline rates of one group; a rate is hidden when a count it uses is hidden."""
    def inputs_hidden(key: str) -> bool:
        return reveals_hidden(key, hidden)

    not_seeking = r.categories["not_seeking"]
    cells = {
        "cohort": counts["cohort"] if counts else pub.count(r.cohort),
        "knowledge_rate": pub.rate(r.known, r.cohort, inputs_hidden=inputs_hidden(
            "knowledge_rate")),
        "career_outcomes_rate": pub.rate(r.career, r.known - not_seeking, parent=r.known,
                                         inputs_hidden=inputs_hidden("career_outcomes_rate")),
        "full_time_rate": pub.rate(r.categories["employed_full_time"], r.known, parent=r.cohort,
                                   inputs_hidden=inputs_hidden("full_time_rate")),
        "further_study_rate": pub.rate(r.categories["further_study"], r.known, parent=r.cohort,
                                       inputs_hidden=inputs_hidden("further_study_rate")),
        "seeking_rate": pub.rate(r.categories["seeking"], r.known, parent=r.cohort,
                                 inputs_hidden=inputs_hidden("seeking_rate")),
        "park_share": pub.rate(r.park, r.employed, inputs_hidden=inputs_hidden("park_share")),
        "median_salary": pub.salary(salary.median if salary else None,
                                    salary.n if salary else 0),
        "salaries": pub.count(salary.n if salary else 0),
        "median_days": pub.measure(days.median if days else None, days.n if days else 0,
                                   "days"),
    }
    return cells


def location_table(rows: list[OutcomeRow], pub: Publisher, hidden_rows: list[set[str]],
                   total_hidden: set[str], group_header: str, total_label: str) -> Table:
    """Employed graduates by place of work; the "employed" margin is hidden wherever it would
    reveal a withheld cell of the outcomes table (it sums some, not all, withheld cells)."""
    cells = [[r.locations.get(k, 0) for k in LOCATION_KEYS] for r in rows]

    def employed_hidden(hidden: set[str]) -> bool:
        return "*" in hidden or (bool(hidden.intersection(EMPLOYED_CATEGORIES))
                                 and not hidden.issubset(EMPLOYED_CATEGORIES))

    body, rtot, ctot, grand, _mask = pub.count_table(
        cells, hide_rows=[employed_hidden(h) for h in hidden_rows],
        hide_grand=employed_hidden(total_hidden))
    table = Table("location", _("Where employed graduates work"), group_header,
                  [*(Column(k, location_label(k)) for k in LOCATION_KEYS),
                   Column("employed", _("Employed graduates"))], formulas=["location_split"])
    for i, r in enumerate(rows):
        table.rows.append((r.label, {**dict(zip(LOCATION_KEYS, body[i], strict=True)),
                                     "employed": rtot[i]}))
    if rows:
        table.total = (total_label, {**dict(zip(LOCATION_KEYS, ctot, strict=True)),
                                     "employed": grand})
    return table


def trend_table(rows: list[OutcomeRow], compare: list[OutcomeRow], pub: Publisher,
                *, scope_label: str, compare_label: str,
                current: tuple[int, dict[str, Figure]] | None = None) -> Table:
    """Rates over cohorts for the scope and, beside it, for all universities pooled."""
    keys = ("knowledge_rate", "career_outcomes_rate", "full_time_rate")
    columns = [Column("cohort", _("Graduates"))]
    columns += [Column(k, c.label, "percent") for k, c in zip(
        keys, [c for c in RATE_COLUMNS() if c.key in keys], strict=True)]
    columns += [Column("all_" + k, f"{c.label} — {compare_label}", "percent") for k, c in zip(
        keys, [c for c in RATE_COLUMNS() if c.key in keys], strict=True)]
    table = Table("trend", _("Outcomes over cohorts"), _("Graduating cohort"), columns,
                  formulas=list(keys))
    table.meta = {"series": list(keys), "scope_label": scope_label,
                  "compare_label": compare_label}
    others = {r.key: r for r in compare}
    for r in rows:
        _body, rtot, _ctot, _grand, mask = pub.count_table(
            [[r.categories[c] for c in CATEGORIES]], col_totals=False)
        hidden = {c for c, reason in zip(CATEGORIES, mask.body[0], strict=True) if reason}
        cells = rate_cells(r, pub, hidden | ({"*"} if mask.row_totals[0] else set()),
                           None, None, {"cohort": rtot[0]})
        if current and current[0] == r.key:
            cells = current[1]
        row = {k: cells[k] for k in ("cohort", *keys)}
        other = others.get(r.key)
        if other is not None:
            other_cells = rate_cells(other, pub, set(), None, None, None)
            row.update({"all_" + k: other_cells[k] for k in keys})
        table.rows.append((r.label, row))
    return table


def salary_table(quantiles: list[Quantiles], pub: Publisher, *, group_header: str,
                 extra: list[tuple[str, Quantiles | None]] = ()) -> Table:
    """Salary quantiles (HKD) of the full-time employed per group; ≥ 5 salaries each."""
    columns = [Column("n", _("Salaries reported")),
               *(Column(k, name, "hkd") for k, name in (
                   ("p10", _("10th percentile")), ("p25", _("Lower quartile")),
                   ("median", _("Median")), ("p75", _("Upper quartile")),
                   ("p90", _("90th percentile"))))]
    table = Table("salary", _("Annual salary of full-time employed graduates"), group_header,
                  columns, formulas=["median_salary"])
    for name, q in [(q.label, q) for q in quantiles] + list(extra):
        if q is None:
            continue
        cells = {"n": pub.count(q.n)}
        for key in ("p10", "p25", "median", "p75", "p90"):
            cells[key] = pub.salary(getattr(q, key), q.n)
        table.rows.append((name, cells))
    return table
