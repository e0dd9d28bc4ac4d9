"""The one place that keeps the dashboard facts up to date: a SQLAlchemy flush hook.

`after_flush` notes which students a flush touched (their profile's scope or graduation, their
outcomes, internships, feedback and ratings, applications, mentorships and sessions);
`before_commit` recomputes just those students' fact rows in the same transaction; and
`after_commit` bumps the cache versions of exactly the scopes (university, cohort) they were
and are in. Services need not remember anything. Bulk statements the ORM does not track call
`mark_changed` with what they wrote (universities or students; nothing = everyone).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, has_app_context
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from foundry.dashboards import cache, facts, summaries
from foundry.models import (
    Application,
    Company,
    Faculty,
    GraduateOutcome,
    Internship,
    MentoringSession,
    Mentorship,
    Programme,
    Skill,
    SkillFeedback,
    SkillRating,
    StudentProfile,
    University,
)
from foundry.models.dashboards import FACT_TABLES, GROUP_TABLES

# Writes to these tables never change a dashboard figure.
IGNORED_TABLES = frozenset({"users", "notifications", "outbox_mails", "audit_logs", "api_tokens",
                            "consents", "invitations", "survey_campaigns",
                            "campaign_recipients", "user_sessions",
                            *(m.__tablename__ for m in (*FACT_TABLES, *GROUP_TABLES))})
STUDENT_KEYED = (GraduateOutcome, Internship, Application, Mentorship)
# Through a parent: (model, parent id attribute, key in the pending sets)
VIA_PARENT = ((SkillFeedback, "internship_id", "internships"),
              (SkillRating, "feedback_id", "feedbacks"),
              (MentoringSession, "mentorship_id", "mentorships"))
PROFILE_FIELDS = ("university_id", "faculty_id", "programme_id", "cohort_year",
                  "actual_graduation", "expected_graduation")
# Reference rows whose names or flags the figures show (and the filter menus list): a change
# invalidates everything.
REFERENCE = {University: None, Faculty: None, Programme: None, Skill: None,
             Company: ("name", "cluster", "is_park_tenant")}
# Company fields the group summaries hold (Science Park hires, clusters).
SUMMED_COMPANY_FIELDS = ("cluster", "is_park_tenant")
KEY = "dashboard_facts"
_installed = False


def _pending(session: Session) -> dict:
    return session.info.setdefault(KEY, {"students": set(), "internships": set(),
                                         "feedbacks": set(), "mentorships": set(),
                                         "scopes": set(), "universities": set(), "companies": set(),
                                         "everyone": False, "epoch": False, "any": False})


def _values(obj, name: str) -> set:
    """The attribute's value now and before this flush (a moved record touches both)."""
    history = inspect(obj).attrs[name].history
    return {v for v in (*history.added, *history.unchanged, *history.deleted) if v is not None}


def _changed(obj, names: Iterable[str]) -> bool:
    state = inspect(obj)
    if state.deleted or state.was_deleted or not state.has_identity:
        return True
    return any(state.attrs[n].history.has_changes() for n in names)


def _after_flush(session: Session, _context) -> None:
    pending = None
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if not table or table in IGNORED_TABLES:
            continue
        pending = pending or _pending(session)
        pending["any"] = True
        if isinstance(obj, StudentProfile):
            if obj in session.new or obj in session.deleted or _changed(obj, PROFILE_FIELDS):
                pending["students"].add(obj.id)
                for uid in _values(obj, "university_id") or {None}:  # where it was
                    for cohort in _values(obj, "cohort_year") or {None}:
                        pending["scopes"] |= cache.scopes_of(uid, cohort)
        elif isinstance(obj, STUDENT_KEYED):
            pending["students"] |= _values(obj, "student_id")
        elif type(obj) in REFERENCE:
            fields = REFERENCE[type(obj)]
            # a new company is in no figure until a student's record names it (a refresh)
            if fields is None or (obj not in session.new and _changed(obj, fields)):
                pending["epoch"] = True
                if isinstance(obj, Company) and _changed(obj, SUMMED_COMPANY_FIELDS):
                    pending["companies"].add(obj.id)  # its graduates' groups are re-summed
        else:
            for model, attribute, name in VIA_PARENT:
                if isinstance(obj, model):
                    pending[name] |= _values(obj, attribute)


def mark_changed(session: Session, *, universities: Iterable[int] | None = None,
                 students: Iterable[int] | None = None, reference: bool = False) -> None:
    """Bulk statements the ORM does not track: rebuild these universities' or students'
    facts before commit (neither given: everyone's); `reference`: names or flags the figures
    show changed (companies), so every cached figure is invalidated."""
    pending = _pending(session)
    pending["any"] = True
    pending["epoch"] = pending["epoch"] or reference
    if universities is None and students is None:
        pending["everyone"] = True
    pending["universities"] |= set(universities or ())
    pending["students"] |= set(students or ())


def _students_of(session: Session, pending: dict) -> set[int]:
    """The touched students, with those reached through feedback, ratings and sessions."""
    s = set(pending["students"])
    if pending["feedbacks"]:
        pending["internships"] |= set(session.scalars(
            select(SkillFeedback.internship_id).where(SkillFeedback.id.in_(pending["feedbacks"]))))
    if pending["internships"]:
        s |= set(session.scalars(
            select(Internship.student_id).where(Internship.id.in_(pending["internships"]))))
    if pending["mentorships"]:
        s |= set(session.scalars(
            select(Mentorship.student_id).where(Mentorship.id.in_(pending["mentorships"]))))
    return s


def _scopes_of_groups(groups) -> set[str]:
    """The cache versions of the (university, cohort) of these summary groups."""
    names: set[str] = set()
    for university_id, _faculty, _programme, cohort in groups:
        names |= cache.scopes_of(university_id, cohort)
    return names


def _before_commit(session: Session) -> None:
    if not has_app_context():
        return
    session.flush()  # the last changes reach after_flush (and the database) first
    pending = session.info.get(KEY)
    if not pending:
        return
    if pending["everyone"]:
        facts.rebuild(None, session=session)
        pending["epoch"] = True
        return
    students = _students_of(session, pending)
    # Locks in one order everywhere: the students' rows (two writers of one student queue),
    # then the summary groups (summaries.lock), so no two writers wait on each other.
    if students and session.get_bind().dialect.name == "postgresql":
        session.execute(select(StudentProfile.id).where(StudentProfile.id.in_(sorted(students)))
                        .order_by(StudentProfile.id).with_for_update())
    if pending["universities"]:
        pending["scopes"] |= _scopes_of_groups(
            facts.rebuild(pending["universities"], session=session))
    if students:
        pending["scopes"] |= _scopes_of_groups(facts.refresh(students, session=session))
    if pending["companies"]:  # every cached figure goes anyway (reference data: the epoch)
        summaries.summarise(session, summaries.groups_of_companies(
            session, sorted(pending["companies"])))


def _after_commit(session: Session) -> None:
    pending = session.info.pop(KEY, None)
    if not pending or not has_app_context():
        return
    names = set(pending["scopes"])
    if pending["any"]:
        names.add(cache.ANY)
    if pending["epoch"]:
        names.add(cache.EPOCH)
    try:
        cache.bump(names)
    except Exception:  # a cache outage must never fail a user's write
        current_app.logger.warning("dashboards: could not bump the data versions", exc_info=True)


def _after_rollback(session: Session) -> None:
    session.info.pop(KEY, None)


def install() -> None:
    """Listen to every ORM session once per process (idempotent)."""
    global _installed
    if _installed:
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)
    _installed = True
