"""The dashboard fact tables (models/dashboards.py): built from the base tables by three
INSERT … SELECT statements, for some students, some universities or everyone.

The same SELECTs serve the incremental refresh (facts_hook.py, in the writer's transaction),
the bulk rebuild of loaders (imports, `flask seed …`) and `flask dashboards verify`, which
compares the stored rows with what they would be now.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import BindParameter

from foundry.dashboards import summaries
from foundry.dashboards.metrics import count_if, days_between
from foundry.dashboards.summaries import Group
from foundry.extensions import db
from foundry.models import (
    Application,
    GraduateOutcome,
    Internship,
    MentoringSession,
    Mentorship,
    SkillFeedback,
    SkillRating,
    StudentProfile,
)
from foundry.models.choices import INTERNSHIP_COUNTED
from foundry.models.dashboards import FACT_TABLES, InternshipFact, SkillFact, StudentFact

MENTORED = ("active", "closed")
SCOPE_COLUMNS = ("university_id", "faculty_id", "programme_id", "cohort")
# Which students to build: None = everyone, else a list of ids, a SELECT of ids or an
# expanding bind parameter (the prepared statements of the incremental refresh).
Students = Iterable[int] | Select | BindParameter | None


def _only(column, students: Students) -> list:
    """The condition limiting `column` (a student id) to `students`."""
    if students is None:
        return []
    if isinstance(students, Select | BindParameter):
        return [column.in_(students)]
    return [column.in_(list(students))]


def _scope(s=StudentProfile) -> list:
    return [s.university_id, s.faculty_id, s.programme_id, s.cohort_year]


def student_rows(students: Students = None) -> Select:
    """One StudentFact row per student (columns in the model's order)."""
    s, o, i, a = StudentProfile, GraduateOutcome, Internship, Application
    completed = i.status == "completed"
    offer = or_(i.return_offer.is_(True), SkillFeedback.return_offer.is_(True))
    interns = (select(i.student_id.label("sid"), func.count(i.id).label("n"),
                      count_if(completed).label("done"),
                      count_if(and_(completed, offer)).label("offers"))
               .outerjoin(SkillFeedback, SkillFeedback.internship_id == i.id)
               .where(i.status.in_(INTERNSHIP_COUNTED), *_only(i.student_id, students))
               .group_by(i.student_id).subquery())
    offered = or_(a.offered_at.is_not(None), a.accepted_at.is_not(None))
    shortlisted = or_(a.shortlisted_at.is_not(None), a.interview_at.is_not(None), offered)
    apps = (select(a.student_id.label("sid"), func.count(a.id).label("n"),
                   count_if(shortlisted).label("short"), count_if(offered).label("offer"),
                   count_if(a.accepted_at.is_not(None)).label("acc"))
            .where(*_only(a.student_id, students)).group_by(a.student_id).subquery())
    m, x = Mentorship, MentoringSession
    mentoring = (select(m.student_id.label("sid"), func.count(func.distinct(m.id)).label("pairs"),
                        func.count(x.id).label("sessions"),
                        func.coalesce(func.sum(x.minutes), 0).label("minutes"))
                 .outerjoin(x, x.mentorship_id == m.id)
                 .where(m.status.in_(MENTORED), *_only(m.student_id, students))
                 .group_by(m.student_id).subquery())
    graduated = func.coalesce(s.actual_graduation, s.expected_graduation)

    def zero(column):
        return func.coalesce(column, 0)

    return (select(s.id, *_scope(), o.category, o.employer_company_id, o.location,
                   o.annual_salary, days_between(o.outcome_date, graduated),
                   zero(interns.c.n), zero(interns.c.done), zero(interns.c.offers),
                   zero(apps.c.n), zero(apps.c.short), zero(apps.c.offer), zero(apps.c.acc),
                   zero(mentoring.c.pairs), zero(mentoring.c.sessions),
                   zero(mentoring.c.minutes))
            .select_from(s)
            .outerjoin(o, and_(o.student_id == s.id, o.is_current.is_(True)))
            .outerjoin(interns, interns.c.sid == s.id)
            .outerjoin(apps, apps.c.sid == s.id)
            .outerjoin(mentoring, mentoring.c.sid == s.id)
            .where(*_only(s.id, students)))


def internship_rows(students: Students = None) -> Select:
    """One InternshipFact row per counted internship."""
    s, i = StudentProfile, Internship
    return (select(i.id, i.student_id, *_scope(), i.company_id)
            .join(s, s.id == i.student_id)
            .where(i.status.in_(INTERNSHIP_COUNTED), *_only(i.student_id, students)))


def skill_rows(students: Students = None) -> Select:
    """One SkillFact row per student and rated skill (counted internships only)."""
    s, i, r = StudentProfile, Internship, SkillRating
    gap = r.expected - r.observed
    return (select(s.id, r.skill_id, *_scope(), func.count(r.id),
                   func.coalesce(func.sum(gap), 0), count_if(gap >= 1))
            .select_from(s)
            .join(i, and_(i.student_id == s.id, i.status.in_(INTERNSHIP_COUNTED)))
            .join(SkillFeedback, SkillFeedback.internship_id == i.id)
            .join(r, r.feedback_id == SkillFeedback.id)
            .where(*_only(s.id, students))
            .group_by(s.id, r.skill_id, *_scope()))


BUILDERS = ((StudentFact, student_rows), (InternshipFact, internship_rows),
            (SkillFact, skill_rows))


def columns_of(model) -> list[str]:
    """The fact table's column names, in the order its builder selects them."""
    return [c.name for c in model.__table__.columns]


CHUNK = 5000  # ids per IN list


_prepared: list = []


def _statements() -> list:
    """The refresh's DELETE and INSERT … SELECT per fact table, built once for an `ids` list
    (building these SELECTs costs more than running them for one student)."""
    if not _prepared:
        ids = bindparam("ids", expanding=True)
        for model, build in BUILDERS:  # Core tables: parameters are not ORM bulk rows
            table = model.__table__
            _prepared.append(delete(table).where(table.c.student_id.in_(ids)))
            _prepared.append(insert(table).from_select(columns_of(model), build(ids)))
    return _prepared


def refresh(students: Students, *, session=None) -> set[Group]:
    """Rebuild the fact rows of these students (None: everyone) and the summaries of their
    groups in the session's transaction; return the groups they were and are in (None:
    everyone's, an empty set)."""
    session = session if session is not None else db.session
    if students is None:
        _refresh(session, None)
        summaries.summarise(session, None)
        return set()
    ids = sorted(set(students)) if not isinstance(students, Select) else \
        list(session.scalars(students))
    if len(ids) <= summaries.FEW:  # a write: re-sum only what changed
        before = summaries.Snapshot(session, ids)
        _refresh_ids(session, ids)
        after = summaries.Snapshot(session, ids)
        groups = before.groups() | after.groups()  # where they were and are now
        summaries.summarise(session, groups, before.changed(after))
        return groups
    groups = summaries.groups_of(session, ids)  # where they were …
    _refresh_ids(session, ids)
    groups |= summaries.groups_of(session, ids)  # … and where they are now
    summaries.summarise(session, groups)
    return groups


def _refresh_ids(session, ids: list[int]) -> None:
    for chunk in _chunks(ids, CHUNK):
        for statement in _statements():
            session.execute(statement, {"ids": chunk})


def _refresh(session, students: Students) -> None:
    for model, build in BUILDERS:
        session.execute(delete(model).where(*_only(model.student_id, students))
                        .execution_options(synchronize_session=False))
        session.execute(insert(model).from_select(columns_of(model), build(students)))


def rebuild(university_ids: Iterable[int] | None = None, *, session=None) -> set[Group]:
    """Rebuild the facts (and summaries) of every student of these universities (None: all)
    in bulk. Rows of students who left these universities are recomputed too."""
    session = session if session is not None else db.session
    if university_ids is None:
        return refresh(None, session=session)
    ids = sorted(set(university_ids))
    if not ids:
        return set()
    return refresh(session.scalars(_students_of_universities(ids)).all(), session=session)


def _students_of_universities(ids: list[int]) -> Select:
    """Students now in these universities or whose facts say they were."""
    either = (select(StudentProfile.id).where(StudentProfile.university_id.in_(ids))
              .union(select(StudentFact.student_id).where(StudentFact.university_id.in_(ids))))
    return select(either.subquery().c[0])


def _chunks(items: list[int], size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def differences(university_id: int | None = None, limit: int = 50) -> list[str]:
    """Fact rows that differ from a recompute from the base tables (empty: all correct),
    for one university's students or everyone."""
    students = None if university_id is None else _students_of_universities([university_id])
    found: list[str] = []
    for model, build in BUILDERS:
        names = columns_of(model)
        keys = [c.name for c in model.__table__.primary_key.columns]
        stored_stmt = select(*model.__table__.columns)
        if students is not None:
            stored_stmt = stored_stmt.where(model.student_id.in_(students))
        stored = {_key(row, names, keys): tuple(row) for row in db.session.execute(stored_stmt)}
        fresh = {_key(row, names, keys): tuple(row) for row in db.session.execute(build(students))}
        for key in sorted(stored.keys() | fresh.keys()):
            if stored.get(key) != fresh.get(key):
                found.append(f"{model.__tablename__} {dict(zip(keys, key, strict=True))}: "
                             f"stored {_show(stored.get(key), names)} "
                             f"≠ recomputed {_show(fresh.get(key), names)}")
                if len(found) >= limit:
                    return found
    return found + summaries.differences(university_id, limit - len(found))


def _key(row, names: list[str], keys: list[str]) -> tuple:
    return tuple(row[names.index(k)] for k in keys)


def _show(row: tuple | None, names: list[str]) -> str:
    return "nothing" if row is None else str(dict(zip(names, row, strict=True)))


__all__ = ["FACT_TABLES", "SCOPE_COLUMNS", "differences", "rebuild", "refresh"]
