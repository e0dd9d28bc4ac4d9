"""Outcome blocks: metric rows → published Tables (pure: no database, no Flask).

Each builder takes the rows of `metrics.py` and a Publisher (which suppresses, or not for
admins) and returns the Table(s) that the chart, the data table and the CSV share.
"""

from __future__ import annotations

from flask_babel import gettext as _

from foundry.dashboards.metrics import (
    CATEGORIES,
    LOCATION_KEYS,
    OutcomeRow,
    Quantiles,
    cohort_label,
    total_row,
)
from foundry.dashboards.tables import Column, Publisher, Table
from foundry.formatting import listing
from foundry.models.choices import LOCATIONS, OUTCOME_CATEGORIES, label
from foundry.privacy import Figure


def location_label(key: str) -> str:
    """Display label of a location key (incl. "not recorded")."""
    return _("Not recorded") if key == "unknown" else label(LOCATIONS, key)


def outcome_tables(rows: list[OutcomeRow], pub: Publisher, *, group_header: str,
                   total_label: str, salaries: list[Quantiles] | None = None,
                   days: list[Quantiles] | None = None,
                   compare: tuple[str, dict[str, Figure]] | None = None) -> dict[str, Table]:
    """The outcomes (counts by category), rates and location tables of one set of groups;
    `compare` is the already published comparison row (pooled figures, see pooling.py)."""
    counts = pub.count_table([[r.categories[c] for c in CATEGORIES] for r in rows])
    columns = [Column(c, label(OUTCOME_CATEGORIES, c)) for c in CATEGORIES]
    outcomes = Table("outcomes", _("Outcomes by category"), group_header,
                     [*columns, Column("cohort", _("Graduates"))],
                     formulas=["cohort_size", "knowledge_rate"])
    for i, r in enumerate(rows):
        outcomes.rows.append((r.label, {**dict(zip(CATEGORIES, counts.body[i], strict=True)),
                                        "cohort": counts.row_totals[i]}))
    total = total_row(rows, total_label)
    if rows:
        outcomes.total = (total_label, {**dict(zip(CATEGORIES, counts.col_totals, strict=True)),
                                        "cohort": counts.grand})
    by_key = {q.key: q for q in salaries or []}
    day_key = {q.key: q for q in days or []}
    rates = Table("rates", _("Headline rates"), group_header, RATE_COLUMNS(),
                  formulas=["knowledge_rate", "career_outcomes_rate", "full_time_rate",
                            "further_study_rate", "seeking_rate", "park_share",
                            "median_salary", "time_to_outcome"])
    for r in rows:
        rates.rows.append((r.label, rate_cells(r, pub, by_key.get(r.key), day_key.get(r.key))))
    if rows:
        rates.total = (total_label, rate_cells(total, pub, by_key.get("all"),
                                               day_key.get("all")))
    if compare is not None:
        rates.meta["compare"] = compare
    locations = location_table(rows, pub, group_header, total_label)
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


def rate_cells(r: OutcomeRow, pub: Publisher, salary: Quantiles | None,
               days: Quantiles | None) -> dict[str, Figure]:
    """The headline rates of one group, each from true counts through the privacy step."""
    not_seeking = r.categories["not_seeking"]
    return {
        "cohort": pub.count(r.cohort),
        "knowledge_rate": pub.rate(r.known, r.cohort),
        "career_outcomes_rate": pub.rate(r.career, r.known - not_seeking),
        "full_time_rate": pub.rate(r.categories["employed_full_time"], r.known),
        "further_study_rate": pub.rate(r.categories["further_study"], r.known),
        "seeking_rate": pub.rate(r.categories["seeking"], r.known),
        "park_share": pub.rate(r.park, r.employed),
        "median_salary": median_of(salary, pub, "hkd"),
        "salaries": pub.count(salary.n if salary else 0),
        "median_days": median_of(days, pub, "days"),
    }


def median_of(q: Quantiles | None, pub: Publisher, unit: str) -> Figure:
    """The published median of a group's quantiles ("–" when there are none)."""
    return pub.quantile(q.median if q else None, q.n if q else 0, unit)


def location_table(rows: list[OutcomeRow], pub: Publisher, group_header: str,
                   total_label: str) -> Table:
    """Employed graduates by place of work, with the employed total of each group."""
    counts = pub.count_table([[r.locations.get(k, 0) for k in LOCATION_KEYS] for r in rows])
    table = Table("location", _("Where employed graduates work"), group_header,
                  [*(Column(k, location_label(k)) for k in LOCATION_KEYS),
                   Column("employed", _("Employed graduates"))], formulas=["location_split"])
    for i, r in enumerate(rows):
        table.rows.append((r.label, {**dict(zip(LOCATION_KEYS, counts.body[i], strict=True)),
                                     "employed": counts.row_totals[i]}))
    if rows:
        table.total = (total_label, {**dict(zip(LOCATION_KEYS, counts.col_totals, strict=True)),
                                     "employed": counts.grand})
    return table


def trend_table(rows: list[OutcomeRow], compare: dict[int, dict[str, Figure]],
                pub: Publisher, *, scope_label: str, compare_label: str) -> Table:
    """Rates over cohorts for the scope and, beside it when given, the published pooled
    comparison per cohort (`compare`: cohort → rate cells; no empty columns without it)."""
    keys = TREND_KEYS
    labels = {c.key: c.label for c in RATE_COLUMNS()}
    columns = [Column("cohort", _("Graduates"))]
    columns += [Column(k, labels[k], "percent") for k in keys]
    if compare:
        columns += [Column("all_" + k, f"{labels[k]} — {compare_label}", "percent")
                    for k in keys]
    table = Table("trend", _("Outcomes over cohorts"), _("Graduating cohort"), columns,
                  formulas=list(keys))
    table.meta = {"series": list(keys), "scope_label": scope_label,
                  "compare_label": compare_label}
    for r in rows:
        cells = rate_cells(r, pub, None, None)
        row = {k: cells[k] for k in ("cohort", *keys)}
        if compare:
            other = compare.get(r.key) or {}
            row.update({"all_" + k: other.get(k, Figure(None, "–")) for k in keys})
        table.rows.append((r.label, row))
    return table


TREND_KEYS = ("knowledge_rate", "career_outcomes_rate", "full_time_rate")


def university_trend_table(parts: list[OutcomeRow], universities: list[tuple[int, str, str]],
                           pub: Publisher, *, last_cohort: int) -> Table:
    """The admin's side-by-side trend: one row per university and cohort (`parts`: key the
    university id, label the cohort year), drawn as one line per university. A university
    with no figure for a cohort (no graduates, or withheld by `pub`) leaves a gap, listed in
    meta["gaps"] so the page says why the line breaks."""
    labels = {c.key: c.label for c in RATE_COLUMNS()}
    columns = [Column("cohort", _("Graduates")),
               *(Column(k, labels[k], "percent") for k in TREND_KEYS)]
    table = Table("trend", _("Outcomes over cohorts"), _("University and cohort"), columns,
                  formulas=list(TREND_KEYS))
    cohorts = sorted({int(r.label) for r in parts if int(r.label) <= last_cohort})
    by_key = {(r.key, int(r.label)): r for r in parts}
    lines, gaps = [], []
    for uid, code, _name in universities:
        points = []
        for year in cohorts:
            row = by_key.get((uid, year))
            if row is None:
                gaps.append(_("%(university)s %(cohort)s: no graduates in this cohort",
                              university=code, cohort=cohort_label(year)))
                continue
            cells = rate_cells(row, pub, None, None)
            cells = {k: cells[k] for k in ("cohort", *TREND_KEYS)}
            missing = [labels[k] for k in TREND_KEYS if cells[k].value is None]
            if missing:
                why = (_("withheld (see the note below)")
                       if any(cells[k].hidden for k in TREND_KEYS) else _("no known outcomes"))
                gaps.append(_("%(university)s %(cohort)s, %(rates)s: %(why)s", university=code,
                              cohort=cohort_label(year), rates=listing(missing), why=why))
            points.append((cohort_label(year), len(table.rows)))
            table.rows.append((f"{code} {cohort_label(year)}", cells))
        lines.append((code, points))
    table.meta = {"series": list(TREND_KEYS), "cohorts": [cohort_label(y) for y in cohorts],
                  "lines": lines, "gaps": gaps}
    return table


def salary_table(quantiles: list[Quantiles], pub: Publisher, *, group_header: str,
                 extra: list[tuple[str, Quantiles | dict[str, Figure] | None]] = ()) -> Table:
    """Salary quantiles (HKD) of the full-time employed per group. Outside the admin role the
    quantiles are the interpolated ones, shown only for groups of at least 10 salaries.
    `extra` rows are (label, Quantiles) or already published cells (a pooled comparison)."""
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
        table.rows.append((name, q if isinstance(q, dict) else salary_cells(q, pub)))
    return table


def salary_cells(q: Quantiles, pub: Publisher) -> dict[str, Figure]:
    """One group's published salary row (true nearest-rank quantiles for admins)."""
    cells = {"n": pub.count(q.n)}
    for key in SALARY_KEYS:
        value = q.interpolated.get(key, getattr(q, key)) if pub.protects else getattr(q, key)
        cells[key] = pub.quantile(value, q.n, "hkd")
    return cells


SALARY_KEYS = ("p10", "p25", "median", "p75", "p90")
