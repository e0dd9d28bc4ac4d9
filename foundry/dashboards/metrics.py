"""Graduate-outcome metrics of DOMAIN.md, by cohort, university, faculty or programme.

Each query function is ONE aggregate SQL statement (GROUP BY with conditional sums) over the
group summaries (models/dashboards.py: the per-student facts summed per university, faculty,
programme and cohort, kept by facts_hook.py): only the groups of the scope asked for are read,
and their number does not grow with the number of students, so a dean's cost follows their own
scope. A student without a current outcome record counts as "no information". Medians and
quantiles are computed in SQL from sorted (value, count) pairs with window functions (running
totals), which SQLite and PostgreSQL both support, so no salary list ever reaches Python.
Activity metrics (internships, funnel, mentoring, skills) live in `activity.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Integer, and_, case, cast, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from foundry.dashboards.formulas import documented
from foundry.extensions import db
from foundry.formatting import name_column
from foundry.models import Faculty, OutcomeGroup, Programme, StudentProfile, University, ValueGroup
from foundry.models.choices import EMPLOYED_CATEGORIES, LOCATIONS, OUTCOME_CATEGORIES, values

CATEGORIES = values(OUTCOME_CATEGORIES)
KNOWN = tuple(c for c in CATEGORIES if c != "no_information")
CAREER = (*EMPLOYED_CATEGORIES, "further_study", "service")
LOCATION_KEYS = (*values(LOCATIONS), "unknown")
GROUPS = ("university", "faculty", "programme", "cohort", "all", "university_cohort")


@dataclass(frozen=True)
class Scope:
    """Which students: university, faculty, programme and graduating cohort (None = any)."""

    university_id: int | None = None
    faculty_id: int | None = None
    programme_id: int | None = None
    cohort: int | None = None

    def where(self, table=StudentProfile) -> list[ColumnElement]:
        """SQL conditions on StudentProfile (or a fact table) for this scope."""
        s = table
        cohort = s.cohort_year if table is StudentProfile else s.cohort
        pairs = ((s.university_id, self.university_id), (s.faculty_id, self.faculty_id),
                 (s.programme_id, self.programme_id), (cohort, self.cohort))
        conditions = [column == value for column, value in pairs if value is not None]
        if self.university_id is None:  # external talent are no partner university's cohort
            conditions.append(s.university_id.is_not(None))
        return conditions

    def key(self) -> str:
        """A short cache key."""
        return f"{self.university_id}-{self.faculty_id}-{self.programme_id}-{self.cohort}"


def cohort_label(year: int) -> str:
    """2025 → "2024/25" (academic years are named by the year they end)."""
    return f"{year - 1}/{year % 100:02d}"


def group_columns(by: str, s) -> tuple[ColumnElement, ColumnElement, list]:
    """(key, label, joins) for grouping a fact table's rows by university, faculty, programme,
    cohort."""
    if by == "university":
        return s.university_id, University.code, [(University, University.id == s.university_id)]
    if by == "faculty":
        return s.faculty_id, name_column(Faculty), [(Faculty, Faculty.id == s.faculty_id)]
    if by == "programme":
        return (func.coalesce(s.programme_id, 0), name_column(Programme, "—"),
                [(Programme, Programme.id == s.programme_id)])
    if by == "cohort":
        return s.cohort, s.cohort, []
    if by == "all":
        return literal(0), literal("All"), []
    if by == "university_cohort":  # pooled comparisons: each university's part per cohort
        return s.university_id, s.cohort, []
    raise ValueError(f"unknown grouping {by!r}")


def grouped(stmt, by: str, key, label, joins):
    """Add the group's outer joins, GROUP BY and ORDER BY to a statement."""
    for target, on in joins:
        stmt = stmt.outerjoin(target, on)
    # GROUP BY a column once (cohort key and label are the same column): a repeated term
    # made SQLite sort the whole scan instead of streaming it in index order.
    keys = (key,) if label is key else (key, label)
    order = (key,) if by == "cohort" else (label, key) if by == "university_cohort" else (label,)
    return stmt.group_by(*keys).order_by(*order)


def count_if(condition) -> ColumnElement:
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END): a portable conditional count."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def sum_if(condition, column) -> ColumnElement:
    """SUM(CASE WHEN condition THEN column ELSE 0 END): a conditional sum of counts."""
    return func.coalesce(func.sum(case((condition, column), else_=0)), 0)


class days_between(FunctionElement):
    """Whole days from the second date to the first (portable)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_default(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (f"CAST(julianday({compiler.process(later, **kw)}) - "
            f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)")


@dataclass
class OutcomeRow:
    """Outcome counts of one group of graduates."""

    key: int | str
    label: str
    cohort: int
    categories: dict[str, int]
    park: int  # employed at a Science Park directory company
    locations: dict[str, int] = field(default_factory=dict)

    @property
    def known(self) -> int:
        """Graduates with a known outcome."""
        return sum(self.categories[c] for c in KNOWN)

    @property
    def employed(self) -> int:
        """Graduates in any employed category."""
        return sum(self.categories[c] for c in EMPLOYED_CATEGORIES)

    @property
    def career(self) -> int:
        """Employed (any kind) + further study + service."""
        return sum(self.categories[c] for c in CAREER)


@documented("cohort_size")
def outcome_counts(scope: Scope, by: str = "faculty") -> list[OutcomeRow]:
    """Outcome category, Science Park and location counts per group, in one query (over the
    group summaries: OutcomeGroup rows count students per category, location and park)."""
    g = OutcomeGroup
    key, label, joins = group_columns(by, g)
    employed = g.category.in_(EMPLOYED_CATEGORIES)
    columns = [func.sum(g.n)]
    columns += [sum_if(g.category == c, g.n) for c in CATEGORIES if c != "no_information"]
    columns.append(sum_if(and_(employed, g.park.is_(True)), g.n))
    columns += [sum_if(and_(employed, g.location == loc), g.n) for loc in values(LOCATIONS)]
    columns.append(sum_if(and_(employed, g.location.is_(None)), g.n))
    stmt = select(key, label, *columns).select_from(g).where(*scope.where(g))
    rows = []
    for row in db.session.execute(grouped(stmt, by, key, label, joins)):
        cohort, rest = int(row[2]), [int(x) for x in row[3:]]
        known = dict(zip(KNOWN, rest[:len(KNOWN)], strict=True))
        park = rest[len(KNOWN)]
        locations = dict(zip(LOCATION_KEYS, rest[len(KNOWN) + 1:], strict=True))
        categories = {**known, "no_information": cohort - sum(known.values())}
        rows.append(OutcomeRow(row[0], group_label(by, row[1]), cohort, categories, park,
                               locations))
    return rows


def group_label(by: str, value) -> str:
    """The display label of a group key (cohort years as 2024/25)."""
    return cohort_label(value) if by == "cohort" else str(value)


def total_row(rows: list[OutcomeRow], label: str = "All") -> OutcomeRow:
    """The sum of several groups' counts (medians are not additive and are queried apart)."""
    categories = {c: sum(r.categories[c] for r in rows) for c in CATEGORIES}
    locations = {k: sum(r.locations.get(k, 0) for r in rows) for k in LOCATION_KEYS}
    return OutcomeRow("all", label, sum(r.cohort for r in rows), categories,
                      sum(r.park for r in rows), locations)


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@documented("knowledge_rate")
def knowledge_rate(row: OutcomeRow) -> float | None:
    """Share of the cohort whose outcome is known."""
    return _rate(row.known, row.cohort)


@documented("career_outcomes_rate")
def career_outcomes_rate(row: OutcomeRow) -> float | None:
    """NACE career outcomes rate."""
    return _rate(row.career, row.known - row.categories["not_seeking"])


@documented("full_time_rate")
def full_time_rate(row: OutcomeRow) -> float | None:
    """Full-time employment rate, as Hong Kong surveys report it."""
    return _rate(row.categories["employed_full_time"], row.known)


@documented("further_study_rate")
def further_study_rate(row: OutcomeRow) -> float | None:
    """Further-study rate."""
    return _rate(row.categories["further_study"], row.known)


@documented("seeking_rate")
def seeking_rate(row: OutcomeRow) -> float | None:
    """Still-seeking rate."""
    return _rate(row.categories["seeking"], row.known)


@documented("park_share")
def park_share(row: OutcomeRow) -> float | None:
    """Science Park placement share."""
    return _rate(row.park, row.employed)


@documented("location_split")
def location_split(row: OutcomeRow) -> dict[str, float | None]:
    """Employed graduates by place of work, as shares."""
    return {k: _rate(row.locations.get(k, 0), row.employed) for k in LOCATION_KEYS}


@dataclass(frozen=True)
class Quantiles:
    """Nearest-rank quantiles of one group (median: mean of the two middle values)."""

    key: int | str
    label: str
    n: int
    p10: float | None
    p25: float | None
    median: float | None
    p75: float | None
    p90: float | None
    # Interpolated quantiles (linear between the two nearest ranks, as spreadsheets' PERCENTILE):
    # what is published outside the admin role, so a quantile is not one person's value.
    interpolated: dict[str, float | None] = field(default_factory=dict)


def quantiles(measure: str, scope: Scope, by: str) -> list[Quantiles]:
    """p10, p25, median, p75, p90 of a measure per group, in one query, from the sorted
    (value, count) pairs of the group summaries: the students holding a value occupy the
    ranks after the running total of the smaller values (window functions)."""
    g = ValueGroup
    key, label, joins = group_columns(by, g)
    inner = select(key.label("k"), label.label("l"), g.value.label("v"),
                   cast(func.sum(g.n), Integer).label("n")).select_from(g)
    for target, on in joins:
        inner = inner.outerjoin(target, on)
    inner = (inner.where(*scope.where(g), g.measure == measure)
             .group_by(key, label, g.value).subquery())
    ranked = select(
        inner.c.k, inner.c.l, inner.c.v,
        cast(func.sum(inner.c.n).over(partition_by=inner.c.k, order_by=inner.c.v,
                                      rows=(None, 0)), Integer).label("upto"),
        inner.c.n,
        cast(func.sum(inner.c.n).over(partition_by=inner.c.k), Integer).label("cnt"),
    ).subquery()
    upto, cnt, v = ranked.c.upto, ranked.c.cnt, ranked.c.v

    def rank(r):  # the value at rank r: ranks upto − n + 1 … upto hold it
        return func.max(case((and_(upto - ranked.c.n < r, r <= upto), v)))

    def at(percent: int):  # nearest rank: the ceil(p·n)-th value
        return rank((percent * cnt + 99) // 100)

    def around(percent: int):  # the ranks either side of 1 + p·(n − 1)
        low = ((cnt - 1) * percent) // 100 + 1
        return [rank(low), rank(low + 1)]

    stmt = (select(ranked.c.k, ranked.c.l, func.max(cnt), at(10), at(25),
                   rank((cnt + 1) // 2), rank((cnt + 2) // 2), at(75), at(90),
                   *[c for p in INTERPOLATED for c in around(p)])
            .group_by(ranked.c.k, ranked.c.l).order_by(ranked.c.k))
    result = []
    for r in db.session.execute(stmt):
        n = int(r[2])
        low, high = _num(r[5]), _num(r[6])
        middle = None if low is None else (low + high) / 2
        values = [_num(r[3]), _num(r[4]), middle, _num(r[7]), _num(r[8])]
        pairs = [_num(x) for x in r[9:]]
        interpolated = {f"p{p}": interpolate(pairs[2 * i], pairs[2 * i + 1], n, p)
                        for i, p in enumerate(INTERPOLATED)}
        interpolated["median"] = values[2]
        result.append(Quantiles(r[0], group_label(by, r[1]), n, *values,
                                interpolated=interpolated))
    return result


INTERPOLATED = (10, 25, 75, 90)


def interpolate(low: float | None, high: float | None, n: int, percent: int) -> float | None:
    """The value at rank 1 + p·(n − 1) between its two neighbouring ranks."""
    if low is None:
        return None
    if high is None:
        return low
    fraction = ((n - 1) * percent % 100) / 100
    return low + fraction * (high - low)


def _num(value) -> float | None:
    return None if value is None else float(value)


@documented("median_salary")
def salary_quantiles(scope: Scope, by: str = "faculty") -> list[Quantiles]:
    """Annual salary (HKD) quantiles of the full-time employed, per group."""
    return quantiles("salary", scope, by)


@documented("time_to_outcome")
def time_to_outcome(scope: Scope, by: str = "faculty") -> list[Quantiles]:
    """Days from graduation to outcome, per group (median is the headline)."""
    return quantiles("days", scope, by)
