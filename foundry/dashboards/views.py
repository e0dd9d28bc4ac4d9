"""Dean and admin dashboards: filters → cached aggregate rows → published Tables.

`dean_view` and `admin_view` return a `View`: the filters (for links), the Tables of every
chart, the headline tiles and the menus. Pages, figure JSON and CSV all call these, so they
show the same suppressed numbers. Raw rows are cached per (view, scope) (see cache.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from flask import abort
from flask_babel import gettext as _

from foundry import privacy
from foundry.dashboards import activity, metrics, pooling
from foundry.dashboards.blocks import (
    outcome_tables,
    salary_table,
    trend_table,
    university_trend_table,
)
from foundry.dashboards.blocks_activity import (
    clusters_table,
    employers_table,
    funnel_table,
    internships_table,
    mentoring_table,
    skills_table,
)
from foundry.dashboards.cache import ANY, STUDENTS, cached, cohort_scope, university_scope
from foundry.dashboards.filters import (
    Options,
    last_completed_cohort,
    load_options,
    load_universities,
    pick_cohort,
    pick_faculty,
    pick_programme,
    pick_university,
    reject_repeated,
)
from foundry.dashboards.metrics import Scope
from foundry.dashboards.tables import Publisher, Table, withheld_reasons_of
from foundry.formatting import local_name
from foundry.models.base import utcnow
from foundry.permissions import dean_scope

# Tables that show pooled "All universities" figures beside a dean's own (pooling.py).
POOLED = ("rates", "salary", "internships")
CHARTS = ("outcomes", "trend", "internships", "funnel", "clusters", "employers", "salary",
          "location", "mentoring", "skills")
TABLES = (*CHARTS, "rates")


@dataclass
class View:
    """Everything one dashboard shows for one set of filters."""

    name: str
    filters: dict
    scope: Scope
    tables: dict[str, Table]
    cohorts: list[int]
    options: Options = field(default_factory=Options)
    title: str = ""
    subtitle: str = ""
    suppressed: bool = True
    meta: dict = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Whether the chosen cohort has no students at all."""
        return self.tables["outcomes"].empty

    def scopes(self, table: str) -> tuple[str, ...]:
        """The cache versions one table of this view depends on (see cache.py)."""
        return table_scopes(self.meta.get("scopes"), table)

    def tile_reasons(self) -> list[str]:
        """Why any headline tile (the scope's, or the pooled one beside it) is withheld."""
        rates, internships = self.tables["rates"], self.tables["internships"]
        cells = list(rates.total[1].values()) if rates.total else []
        cells += list(rates.meta.get("compare", ("", {}))[1].values())
        if internships.total:
            cells.append(internships.total[1].get("participation"))
        cells.append(internships.meta.get("compare"))
        return withheld_reasons_of(cells)


def table_scopes(scopes: dict | None, table: str) -> tuple[str, ...]:
    """The cache versions a table depends on: the view's own rows, the pooled comparison
    (POOLED tables) or the trend; every version when the view names none (personal views)."""
    if scopes is None:
        return (ANY,)
    if table == "trend":
        return scopes["trend"]
    return scopes["pooled"] if table in POOLED else scopes["rows"]


@dataclass
class Selection:
    """A dashboard's resolved filters, before anything is built: enough to name its cache
    entries (the figure JSON), with `build()` making the View only when one is missing."""

    name: str
    filters: dict
    owner: str
    suppressed: bool
    build: Callable[[], View]
    versions: dict | None = None  # the cache scopes of its tables (see table_scopes)

    def scopes(self, table: str) -> tuple[str, ...]:
        """The cache versions one table depends on, known before the view is built."""
        return table_scopes(self.versions, table)

    def figure_key(self, figure: str, locale: str) -> tuple:
        """The cache key of one chart's figure JSON for this selection."""
        return ("figure", self.name, figure, self.owner, sorted(self.filters.items()), locale,
                self.suppressed)


def publisher(protect: bool) -> Publisher:
    """The privacy step for this viewer (admins: none, true values)."""
    return Publisher(privacy.rules() if protect else None)


def load_rows(scope: Scope, by: str) -> dict:
    """Every aggregate of one dashboard for one scope, one query each."""
    def as_total(rows):
        return [replace(q, key="all") for q in rows]

    return {
        "outcomes": metrics.outcome_counts(scope, by),
        "salaries": metrics.salary_quantiles(scope, by)
        + as_total(metrics.salary_quantiles(scope, "all")),
        "days": metrics.time_to_outcome(scope, by)
        + as_total(metrics.time_to_outcome(scope, "all")),
        "internships": activity.internship_counts(scope, by),
        "funnel": activity.funnel_counts(scope, "all"),
        "clusters": activity.cluster_counts(scope),
        "employers": activity.top_employers(scope),
        "mentoring": activity.mentoring_counts(scope, by),
        "skills": activity.skills_gap(scope, by),
        "as_of": utcnow(),  # when these figures were computed (shown on the page)
    }


def load_trend(scope: Scope) -> dict:
    """Outcome counts per cohort for the scope."""
    return {"trend": metrics.outcome_counts(replace(scope, cohort=None), "cohort")}


def build_tables(rows: dict, trend: dict, pub: Publisher, *, group_header: str,
                 total_label: str, compare_label: str, own: int | None = None) -> dict[str, Table]:
    """The published Tables of every chart from the raw rows; with `own` (a dean's
    university) the pooled "All universities" figures beside them, where the pool is safe."""
    compare = rows.get("compare")
    tables = outcome_tables(
        rows["outcomes"], pub, group_header=group_header, total_label=total_label,
        salaries=rows["salaries"], days=rows["days"],
        compare=(compare_label, pooling.compare_cells(compare, own, pub)) if compare else None)
    done = last_completed_cohort()
    tables["trend"] = trend_table(
        [r for r in trend["trend"] if r.key <= done],
        pooling.compare_trend(trend["parts"], own, pub) if "parts" in trend else {}, pub,
        scope_label=total_label, compare_label=compare_label)
    extra = [(total_label, q) for q in rows["salaries"] if q.key == "all"]
    if compare and (cells := pooling.compare_salary_cells(compare, own, pub)):
        extra.append((compare_label, cells))
    body = [q for q in rows["salaries"] if q.key != "all"]
    tables["salary"] = salary_table(body, pub, group_header=group_header, extra=extra)
    tables["internships"] = internships_table(rows["internships"], pub,
                                              group_header=group_header,
                                              total_label=total_label)
    if compare and (rate := pooling.compare_participation(compare, own, pub)):
        tables["internships"].meta["compare"] = rate
    tables["funnel"] = funnel_table((rows["funnel"] or [None])[0], pub)
    tables["clusters"] = clusters_table(rows["clusters"], pub)
    tables["employers"] = employers_table(rows["employers"], pub)
    tables["mentoring"] = mentoring_table(rows["mentoring"], pub, group_header=group_header,
                                          total_label=total_label)
    tables["skills"] = skills_table(rows["skills"], pub, all_label=total_label)
    return tables


def as_of(rows: dict) -> datetime | None:
    """When the oldest part of a view's figures was computed (its own rows, the pooled
    comparison)."""
    stamps = [part.get("as_of") for part in (rows, rows.get("compare") or {})]
    return min((s for s in stamps if s is not None), default=None)


def dean_view(user, args) -> View:
    """The dean's dashboard: own university (or faculty) only, filters from the URL."""
    return dean_selection(user, args).build()


def dean_selection(user, args) -> Selection:
    """The dean's filters checked and resolved (400/403 on bad ones), nothing built yet."""
    scope_ids = dean_scope(user)
    if scope_ids is None:
        abort(403)
    reject_repeated(args)
    university_id, fixed_faculty = scope_ids
    university = user.dean_assignment.university
    asked = (args.get("university") or "").strip()
    if asked and asked.lower() != university.code.lower():
        abort(403)
    options = load_options(university_id)
    faculty = pick_faculty(args, options, fixed_faculty)
    notes: list[str] = []
    programme = pick_programme(args, options, faculty, notes)
    base = Scope(university_id=university_id, faculty_id=faculty, programme_id=programme)
    trend = cached(("trend", base.key()), lambda: load_trend(base),
                   scopes=(university_scope(university_id),))
    cohorts = [r.key for r in trend["trend"]]
    scope = replace(base, cohort=pick_cohort(args, cohorts))
    filters = {k: v for k, v in (("faculty", faculty), ("programme", programme),
                                 ("cohort", scope.cohort)) if v is not None}
    owner = f"u{university_id}-f{fixed_faculty}"
    own = cohort_scope(university_id, scope.cohort)
    scopes = {"rows": (own,), "pooled": (own, cohort_scope(None, scope.cohort)),
              "trend": (university_scope(university_id), STUDENTS)}

    def build() -> View:
        by = "programme" if faculty is not None else "faculty"
        rows = cached(("dean", scope.key(), by), lambda: load_rows(scope, by), scopes=(own,))
        rows = {**rows, "compare": pooling.load_comparison(scope.cohort),
                "cohort": scope.cohort}
        names = dict(options.faculties)
        programmes = {pid: name for pid, name, _fid in options.programmes}
        # The total row and headline name what they hold: the programme, the faculty or the
        # university (a faculty view's total is the faculty's, not the university's).
        total_label = (programmes.get(programme) if programme else None) or \
            (names.get(faculty) if faculty else None) or university.code
        tables = build_tables(rows, {**trend, "parts": pooling.load_trend_parts()},
                              publisher(True),
                              group_header=_("Programme") if faculty else _("Faculty"),
                              total_label=total_label, compare_label=_("All universities"),
                              own=university_id)
        subtitle = names.get(faculty, _("All faculties")) if faculty else _("All faculties")
        return View("dean", filters, scope, tables, cohorts, options, local_name(university),
                    subtitle, suppressed=True,
                    meta={"fixed_faculty": fixed_faculty, "notes": notes, "owner": owner,
                          "scopes": scopes, "as_of": as_of(rows)})

    return Selection("dean", filters, owner, True, build, scopes)


def admin_view(args) -> View:
    """Every metric per university side by side; ?university=CODE drills down to faculties,
    and &faculty=ID (&programme=ID) further down to programmes."""
    return admin_selection(args).build()


def admin_selection(args) -> Selection:
    """The admin's filters checked and resolved (400 on bad ones), nothing built yet."""
    reject_repeated(args)
    universities = load_universities()
    drill = pick_university(args, universities)
    if drill is None and (args.get("faculty") or args.get("programme")):
        abort(400, description=_("Choose a university before a faculty or programme."))
    options = load_options(drill[0]) if drill else Options()
    options.universities = universities
    faculty = pick_faculty(args, options, None) if drill else None
    programme = pick_programme(args, options, faculty) if drill else None
    base = Scope(university_id=drill[0] if drill else None, faculty_id=faculty,
                 programme_id=programme)
    university_id = drill[0] if drill else None
    trend_scopes = (university_scope(university_id),)
    trend = cached(("trend", base.key()), lambda: load_trend(base), scopes=trend_scopes)
    cohorts = [r.key for r in trend["trend"]]
    scope = replace(base, cohort=pick_cohort(args, cohorts))
    filters = {"cohort": scope.cohort, **({"university": drill[1]} if drill else {}),
               **({"faculty": faculty} if faculty else {}),
               **({"programme": programme} if programme else {})}

    own = (cohort_scope(university_id, scope.cohort),)
    scopes = {"rows": own, "pooled": own, "trend": trend_scopes}

    def build() -> View:
        by = "programme" if faculty else "faculty" if drill else "university"
        rows = cached(("admin", scope.key(), by), lambda: load_rows(scope, by), scopes=own)
        rows = {**rows, "cohort": scope.cohort}
        names = dict(options.faculties)
        programmes = {pid: name for pid, name, _fid in options.programmes}
        total_label = (programmes.get(programme) if programme else None) or \
            (names.get(faculty) if faculty else None) or (drill[1] if drill else None) or \
            _("All universities")
        pub = publisher(False)
        tables = build_tables(rows, trend, pub,
                              group_header=_("Programme") if faculty else
                              _("Faculty") if drill else _("University"),
                              total_label=total_label, compare_label=_("All universities"))
        if drill is None:  # side by side: one line per university, not one pooled line
            tables["trend"] = university_trend_table(
                pooling.load_trend_parts(), universities, pub,
                last_cohort=last_completed_cohort())
        title = _("Cross-university placement view")
        subtitle = dict((u[1], u[2]) for u in universities).get(drill[1]) if drill else \
            _("All universities side by side")
        return View("admin", filters, scope, tables, cohorts, options, title, subtitle,
                    suppressed=False, meta={"scopes": scopes, "as_of": as_of(rows)})

    return Selection("admin", filters, "", False, build, scopes)
