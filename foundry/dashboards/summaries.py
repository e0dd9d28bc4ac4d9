"""The group summaries (models/dashboards.py GROUP_TABLES): the fact rows summed per scope
group, rebuilt for just the groups a write touched, in the writer's transaction.

A group is one (university, faculty, programme, cohort). `groups_of` names the groups some
students' fact rows are in; `summarise` deletes and re-inserts the summary rows of those groups
(or of some universities, or of everyone) from the facts with one INSERT … SELECT per table.
On PostgreSQL each group is locked first (a transaction-scoped advisory lock, in a fixed
order), so two writers of one group take turns and the second one sums the first one's
committed facts. `differences` compares the stored rows with a recompute (`flask dashboards
verify`).
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import and_, delete, false, func, insert, literal, or_, select, text, union_all
from sqlalchemy.sql import Select
from sqlalchemy.sql.expression import ColumnElement

from foundry.dashboards.metrics import CAREER, count_if
from foundry.models import Company
from foundry.models.choices import EMPLOYED_CATEGORIES
from foundry.models.dashboards import (
    GROUP_TABLES,
    ActivityGroup,
    ClusterGroup,
    EmployerGroup,
    InternshipFact,
    OutcomeGroup,
    SkillFact,
    SkillGroup,
    StudentFact,
    ValueGroup,
)

SCOPE = ("university_id", "faculty_id", "programme_id", "cohort")
Group = tuple[int | None, int | None, int | None, int | None]
LOCK_SPACE = 1_212  # the first key of the groups' advisory locks
# Which groups: None = every group, ("universities", ids) or a collection of Group tuples.
Which = Iterable[Group] | tuple[str, list[int]] | None


def _scope(table) -> list:
    return [getattr(table, name) for name in SCOPE]


def condition(table, which: Which) -> list[ColumnElement]:
    """The WHERE conditions limiting `table` (a fact or summary table) to these groups."""
    if which is None:
        return []
    if isinstance(which, tuple) and which and which[0] == "universities":
        return [table.university_id.in_(list(which[1]))]
    groups = sorted(set(which), key=_order)
    if not groups:
        return [false()]
    return [or_(*[and_(*[column.is_(None) if value is None else column == value
                         for column, value in zip(_scope(table), group, strict=True)])
                  for group in groups])]  # = and IS NULL: both read the scope index


def _order(group: Group) -> tuple:
    return tuple((value is None, value or 0) for value in group)


def groups_of(session, students: list[int]) -> set[Group]:
    """The groups these students' fact rows are in now."""
    found: set[Group] = set()
    for start in range(0, len(students), 5000):
        chunk = students[start:start + 5000]
        found |= {tuple(row) for row in session.execute(
            select(*_scope(StudentFact)).distinct().where(StudentFact.student_id.in_(chunk)))}
    return found


# Which summaries read which StudentFact column (besides the scope, which all of them read).
STUDENT_COLUMNS = {
    "category": (OutcomeGroup, ValueGroup, ActivityGroup, ClusterGroup, EmployerGroup),
    "location": (OutcomeGroup,),
    "employer_company_id": (OutcomeGroup, ClusterGroup, EmployerGroup),
    "salary": (ValueGroup,), "outcome_days": (ValueGroup,),
}
FEW = 50  # up to this many students a write compares their fact rows to re-sum less


class Snapshot:
    """A few students' fact rows, to tell after a refresh which summaries changed."""

    def __init__(self, session, students: list[int]):
        self.rows = {model: {tuple(row) for row in session.execute(
            select(*model.__table__.columns).where(model.student_id.in_(students)))}
            for model in (StudentFact, InternshipFact, SkillFact)}

    def groups(self) -> set[Group]:
        """The groups of the students' StudentFact rows."""
        return {row[1:5] for row in self.rows[StudentFact]}

    def changed(self, after: Snapshot) -> set:
        """The summary tables whose sums the difference between two snapshots changes."""
        tables: set = set()
        if self.rows[InternshipFact] != after.rows[InternshipFact]:
            tables.add(ClusterGroup)
        if self.rows[SkillFact] != after.rows[SkillFact]:
            tables.add(SkillGroup)
        old = {row[0]: row for row in self.rows[StudentFact]}
        new = {row[0]: row for row in after.rows[StudentFact]}
        names = [c.name for c in StudentFact.__table__.columns]
        for sid in old.keys() | new.keys():
            a, b = old.get(sid), new.get(sid)
            if a == b:
                continue
            if a is None or b is None or a[1:5] != b[1:5]:  # a student came, left or moved
                return set(GROUP_TABLES)
            for name, x, y in zip(names, a, b, strict=True):
                if x != y:
                    tables.update(STUDENT_COLUMNS.get(name, (ActivityGroup,)))
        return tables


def groups_of_companies(session, companies: list[int]) -> set[Group]:
    """The groups with a graduate employed at, or an internship with, these companies."""
    hires = select(*_scope(StudentFact)).where(StudentFact.employer_company_id.in_(companies))
    interns = select(*_scope(InternshipFact)).where(InternshipFact.company_id.in_(companies))
    return {tuple(row) for row in session.execute(union_all(hires, interns))}


def outcome_rows(which: Which) -> Select:
    """Students per (group, category, location, Science Park employer)."""
    f = StudentFact
    park = and_(f.category.in_(EMPLOYED_CATEGORIES), Company.is_park_tenant.is_(True))
    rows = (select(*_scope(f), f.category, f.location,
                   func.coalesce(park, false()).label("park"))
            .select_from(f).outerjoin(Company, Company.id == f.employer_company_id)
            .where(*condition(f, which)).subquery())
    keys = [rows.c[name] for name in (*SCOPE, "category", "location", "park")]
    return select(*keys[:4], func.count(), *keys[4:]).group_by(*keys)


def value_rows(which: Which) -> Select:
    """Students per (group, measure, value): salaries of the full-time employed, days to a
    career outcome."""
    f = StudentFact
    parts = []
    for measure, column, where in (("salary", f.salary, f.category == "employed_full_time"),
                                   ("days", f.outcome_days, f.category.in_(CAREER))):
        parts.append(select(*_scope(f), func.count(), literal(measure), column)
                     .where(*condition(f, which), where, column.is_not(None))
                     .group_by(*_scope(f), column))
    return union_all(*parts)


def activity_rows(which: Which) -> Select:
    """Per group: students, outcome records, and the sums of the activity counts."""
    f = StudentFact

    def total(column):
        return func.coalesce(func.sum(column), 0)

    recorded = f.category.is_not(None)
    return (select(*_scope(f), func.count(), count_if(recorded),
                   count_if(and_(recorded, f.category != "no_information")),
                   count_if(f.internships > 0), total(f.internships), total(f.completed),
                   total(f.return_offers), count_if(f.applications > 0),
                   total(f.applications), total(f.shortlisted), total(f.offered),
                   total(f.accepted), count_if(f.pairs > 0), total(f.pairs), total(f.sessions),
                   total(f.minutes))
            .where(*condition(f, which)).group_by(*_scope(f)))


def cluster_rows(which: Which) -> Select:
    """Counted internships and graduate hires per (group, company cluster)."""
    i, f = InternshipFact, StudentFact
    interns = (select(*_scope(i), Company.cluster.label("cluster"), literal(1).label("i"),
                      literal(0).label("h"))
               .select_from(i).join(Company, Company.id == i.company_id)
               .where(*condition(i, which)))
    hires = (select(*_scope(f), Company.cluster, literal(0), literal(1))
             .select_from(f).join(Company, Company.id == f.employer_company_id)
             .where(*condition(f, which), f.category.in_(EMPLOYED_CATEGORIES)))
    both = union_all(interns, hires).subquery()
    keys = [both.c[name] for name in SCOPE]
    return (select(*keys, literal(0), both.c.cluster, func.sum(both.c.i), func.sum(both.c.h))
            .group_by(*keys, both.c.cluster))


def employer_rows(which: Which) -> Select:
    """Employed graduates per (group, employer)."""
    f = StudentFact
    return (select(*_scope(f), func.count(), f.employer_company_id)
            .where(*condition(f, which), f.category.in_(EMPLOYED_CATEGORIES),
                   f.employer_company_id.is_not(None))
            .group_by(*_scope(f), f.employer_company_id))


def skill_rows(which: Which) -> Select:
    """Rated students, ratings, gap sums per (group, skill)."""
    r = SkillFact
    return (select(*_scope(r), func.count(), r.skill_id, func.sum(r.ratings),
                   func.sum(r.gap_sum), func.sum(r.gap_ge1))
            .where(*condition(r, which)).group_by(*_scope(r), r.skill_id))


def _columns(*names: str) -> list[str]:
    """A summary table's columns in its builder's order: the scope, n, then its own."""
    return [*SCOPE, "n", *names]


BUILDERS = (
    (OutcomeGroup, outcome_rows, ("category", "location", "park")),
    (ValueGroup, value_rows, ("measure", "value")),
    (ActivityGroup, activity_rows,
     ("recorded", "known", "participants", "internships", "completed", "return_offers",
      "applicants", "applications", "shortlisted", "offered", "accepted", "mentored", "pairs",
      "sessions", "minutes")),
    (ClusterGroup, cluster_rows, ("cluster", "internships", "hires")),
    (EmployerGroup, employer_rows, ("company_id",)),
    (SkillGroup, skill_rows, ("skill_id", "ratings", "gap_sum", "gap_ge1")),
)


def lock(session, groups: Iterable[Group]) -> None:
    """Take every group's advisory lock (PostgreSQL; in one order: no deadlock)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for group in sorted(set(groups), key=_order):
        key = zlib.crc32(repr(group).encode()) - 2**31
        session.execute(text("SELECT pg_advisory_xact_lock(:space, :key)"),
                        {"space": LOCK_SPACE, "key": key})


def summarise(session, which: Which, tables: Iterable | None = None) -> None:
    """Rebuild the summary rows of these groups from the facts (None: every group); only
    `tables` when given."""
    if which is not None and not isinstance(which, tuple):
        which = set(which)
        if not which or (tables is not None and not tables):
            return
        lock(session, which)
    for model, build, names in BUILDERS:
        if tables is not None and model not in tables:
            continue
        session.execute(delete(model).where(*condition(model, which))
                        .execution_options(synchronize_session=False))
        session.execute(insert(model).from_select(_columns(*names), build(which)))


def differences(university_id: int | None = None, limit: int = 50) -> list[str]:
    """Summary rows that differ from a recompute from the facts (empty: all correct)."""
    from foundry.extensions import db

    which = None if university_id is None else ("universities", [university_id])
    found: list[str] = []
    for model, build, names in BUILDERS:
        columns = _columns(*names)
        stored_stmt = select(*[getattr(model, c) for c in columns]).where(
            *condition(model, which))
        stored = Counter(_normal(row) for row in db.session.execute(stored_stmt))
        fresh = Counter(_normal(row) for row in db.session.execute(build(which)))
        for row in sorted((stored - fresh) + (fresh - stored), key=repr):
            where = "stored, not recomputed" if stored[row] > fresh[row] else \
                "recomputed, not stored"
            found.append(f"{model.__tablename__} {dict(zip(columns, row, strict=True))}: "
                         f"{where}")
            if len(found) >= limit:
                return found
    return found


def _normal(row) -> tuple:
    """A row with booleans and decimals as ints (SQLite and PostgreSQL alike)."""
    return tuple(v if v is None or isinstance(v, str) else int(v) for v in row)


__all__ = ["GROUP_TABLES", "differences", "groups_of", "summarise"]
