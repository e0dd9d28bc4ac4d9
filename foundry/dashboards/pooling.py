"""Figures pooling several universities, as a dean sees them ("All universities").

Each pooled figure is computed from true values and published only when at least 3 OTHER
universities contribute to its group and none of them more than 75 % of the others' part
(privacy.pool_is_safe): otherwise "all" minus "mine" would be one other university's figure.
The group is the figure's denominator (graduates, known outcomes, salaries …).
"""

from __future__ import annotations

from collections.abc import Callable

from foundry import privacy
from foundry.dashboards import activity, metrics
from foundry.dashboards.blocks import TREND_KEYS
from foundry.dashboards.cache import STUDENTS, cached, cohort_scope
from foundry.dashboards.metrics import OutcomeRow, Quantiles, Scope
from foundry.dashboards.tables import Publisher
from foundry.models.base import utcnow
from foundry.privacy import Figure

# Each outcome rate: (numerator, denominator) of a university's row.
RATES: dict[str, tuple[Callable[[OutcomeRow], int], Callable[[OutcomeRow], int]]] = {
    "knowledge_rate": (lambda r: r.known, lambda r: r.cohort),
    "career_outcomes_rate": (lambda r: r.career,
                             lambda r: r.known - r.categories["not_seeking"]),
    "full_time_rate": (lambda r: r.categories["employed_full_time"], lambda r: r.known),
    "further_study_rate": (lambda r: r.categories["further_study"], lambda r: r.known),
    "seeking_rate": (lambda r: r.categories["seeking"], lambda r: r.known),
    "park_share": (lambda r: r.park, lambda r: r.employed),
}


def load_comparison(cohort: int) -> dict:
    """Every university's part of one cohort (shared by every dean's view, cached)."""
    def compute() -> dict:
        everyone = Scope(cohort=cohort)
        return {"outcomes": metrics.outcome_counts(everyone, "university"),
                "salary": metrics.salary_quantiles(everyone, "all"),
                "salary_by": metrics.salary_quantiles(everyone, "university"),
                "days": metrics.time_to_outcome(everyone, "all"),
                "days_by": metrics.time_to_outcome(everyone, "university"),
                "internships": activity.internship_counts(everyone, "university"),
                "as_of": utcnow()}

    return cached(("compare", cohort), compute, scopes=(cohort_scope(None, cohort),))


def load_trend_parts() -> list[OutcomeRow]:
    """Outcome counts per university and cohort (key: university id, label: cohort)."""
    return cached(("trend_parts",), lambda: metrics.outcome_counts(Scope(), "university_cohort"),
                  scopes=(STUDENTS,))


def others(parts: dict[int, int], own: int) -> list[int]:
    """The other universities' parts."""
    return [n for uid, n in parts.items() if uid != own]


def safe(parts: dict[int, int], own: int, pub: Publisher) -> bool:
    """Whether a pooled figure may be shown to `own` (always, without protection)."""
    return not pub.protects or privacy.pool_is_safe(others(parts, own), pub.rules)


def pooled_rate(rows: list[OutcomeRow], own: int, key: str, pub: Publisher) -> Figure:
    """One outcome rate over every university, if the pool is safe for `own`."""
    numerator, denominator = RATES[key]
    if not safe({r.key: denominator(r) for r in rows}, own, pub):
        return privacy.withheld(privacy.POOLED)
    return pub.rate(sum(numerator(r) for r in rows), sum(denominator(r) for r in rows))


def pooled_count(parts: dict[int, int], own: int, pub: Publisher) -> Figure:
    """A count over every university, if the pool is safe for `own`."""
    if not safe(parts, own, pub):
        return privacy.withheld(privacy.POOLED)
    return pub.count(sum(parts.values()))


def pooled_quantile(value: Quantiles | None, parts: list[Quantiles], own: int, key: str,
                    pub: Publisher, unit: str) -> Figure:
    """A (interpolated) quantile over every university, if the pool is safe for `own`."""
    if value is None:
        return Figure(None, "–")
    if not safe({q.key: q.n for q in parts}, own, pub):
        return privacy.withheld(privacy.POOLED)
    return pub.quantile(value.interpolated.get(key, getattr(value, key)), value.n, unit)


def compare_cells(data: dict, own: int, pub: Publisher) -> dict[str, Figure]:
    """The "All universities" row of the headline rates, as `own`'s dean may see it."""
    rows = data["outcomes"]
    cells = {key: pooled_rate(rows, own, key, pub) for key in RATES}
    cells["cohort"] = pooled_count({r.key: r.cohort for r in rows}, own, pub)
    salary = (data["salary"] or [None])[0]
    cells["median_salary"] = pooled_quantile(salary, data["salary_by"], own, "median", pub,
                                             "hkd")
    cells["salaries"] = pooled_count({q.key: q.n for q in data["salary_by"]}, own, pub)
    days = (data["days"] or [None])[0]
    cells["median_days"] = pooled_quantile(days, data["days_by"], own, "median", pub, "days")
    return cells


def compare_salary_cells(data: dict, own: int, pub: Publisher) -> dict[str, Figure] | None:
    """The "All universities" row of the salary table, or None without salaries."""
    salary = (data["salary"] or [None])[0]
    if salary is None:
        return None
    cells = {"n": pooled_count({q.key: q.n for q in data["salary_by"]}, own, pub)}
    for key in ("p10", "p25", "median", "p75", "p90"):
        cells[key] = pooled_quantile(salary, data["salary_by"], own, key, pub, "hkd")
    return cells


def compare_participation(data: dict, own: int, pub: Publisher) -> Figure | None:
    """The pooled internship participation rate, or None without students."""
    rows = data["internships"]
    if not rows:
        return None
    if not safe({r.key: r.cohort for r in rows}, own, pub):
        return privacy.withheld(privacy.POOLED)
    return pub.rate(sum(r.participants for r in rows), sum(r.cohort for r in rows))


def compare_trend(parts: list[OutcomeRow], own: int, pub: Publisher) -> dict[int, dict]:
    """Per cohort, the pooled trend rates as `own`'s dean may see them."""
    by_cohort: dict[int, list[OutcomeRow]] = {}
    for r in parts:
        by_cohort.setdefault(int(r.label), []).append(r)
    return {cohort: {k: pooled_rate(rows, own, k, pub) for k in TREND_KEYS}
            for cohort, rows in by_cohort.items()}
