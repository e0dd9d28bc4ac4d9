"""Mentoring writes: opt-in profiles, the one pair state machine, goals and sessions.

Services add/flush and never commit; the route commits once.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError, Problems
from foundry.common.notify import Message, notify
from foundry.extensions import db
from foundry.formatting import day
from foundry.models import (
    MentorCluster,
    MentoringSession,
    MentorProfile,
    Mentorship,
    MentorSkill,
    Skill,
    StudentCluster,
    StudentProfile,
    User,
)
from foundry.models.base import utcnow
from foundry.models.choices import CLUSTERS, MENTORSHIP_STATUSES, SESSION_MODES, label, values
from foundry.permissions import is_admin, student_of

MAX_MINUTES = 600
MAX_CAPACITY = 10
# A session may be dated at most this far ahead of today (UTC): Hong Kong is UTC+8, so a
# session held this evening in Hong Kong can already be "tomorrow" in UTC.
SESSION_DAYS_AHEAD = 1

# THE state machine of a pair: (from, to) → the sides that may make that move.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    ("requested", "active"): frozenset({"mentor", "admin"}),     # accept (admin: pair)
    ("requested", "declined"): frozenset({"mentor", "admin"}),   # decline
    ("requested", "closed"): frozenset({"student", "admin"}),    # withdraw the request
    ("active", "closed"): frozenset({"mentor", "student", "admin"}),
}
LIVE_STATUSES = ("requested", "active")


def side_of(user: User, mentorship: Mentorship) -> str | None:
    """Which side of the pair a user is on: 'mentor', 'student', 'admin' or None."""
    if mentorship.mentor.user_id == user.id:
        return "mentor"
    own = student_of(user)
    if own is not None and own.id == mentorship.student_id:
        return "student"
    return "admin" if is_admin(user) else None


def allowed_targets(*, mentorship: Mentorship, user: User) -> list[str]:
    """The statuses this user may move the pair to now (for the buttons on the page)."""
    side = side_of(user, mentorship)
    return [to for (start, to), sides in TRANSITIONS.items()
            if start == mentorship.status and side in sides]


def active_pair_count(mentor_id: int) -> int:
    """How many active pairs a mentor has."""
    return db.session.scalar(select(func.count(Mentorship.id)).where(
        Mentorship.mentor_id == mentor_id, Mentorship.status == "active")) or 0


def _require_mentor_available(mentor: MentorProfile, *, field: str | None = None) -> None:
    """A mentor takes a new pair only when opted in, able to sign in, vetted and not full."""
    # Lock the mentor's row so two concurrent accepts cannot both take the last place
    # (PostgreSQL; SQLite serialises writers anyway and ignores FOR UPDATE).
    db.session.execute(select(MentorProfile.id).where(MentorProfile.id == mentor.id)
                       .with_for_update())
    membership = mentor.user.membership
    if not mentor.active or not mentor.user.is_active:
        raise DomainError(_("This mentor is not taking mentees at the moment."), field=field)
    if membership is not None and not membership.company.is_verified:
        raise DomainError(_("This mentor's company is not verified, so it cannot mentor now."),
                          field=field)
    if active_pair_count(mentor.id) >= mentor.capacity:
        raise DomainError(_("This mentor has no free capacity."), field=field)


def _live_pair(mentor: MentorProfile, student: StudentProfile) -> Mentorship | None:
    return db.session.scalar(select(Mentorship).where(
        Mentorship.mentor_id == mentor.id, Mentorship.student_id == student.id,
        Mentorship.status.in_(LIVE_STATUSES)))


def _pair_link(mentorship: Mentorship) -> str:
    return url_for("mentoring.detail", pair_id=mentorship.id)


def _notify_others(mentorship: Mentorship, actor: User, message: Message) -> None:
    """Tell the side(s) of the pair that did not act."""
    for user in (mentorship.mentor.user, mentorship.student.user):
        if user is not None and user.id != actor.id:
            notify(user=user, message=message, link=_pair_link(mentorship), email=True)


def _sync(current: list, wanted: set, key: str, make) -> None:
    """Make a child collection hold exactly `wanted` keys, touching only the differences
    (removing and re-adding the same key in one flush would break the unique constraint)."""
    for item in list(current):
        if getattr(item, key) not in wanted:
            current.remove(item)
    have = {getattr(item, key) for item in current}
    current.extend(make(value) for value in sorted(wanted - have))


def _check_clusters(clusters: list[str]) -> set[str]:
    unknown = set(clusters) - set(values(CLUSTERS))
    if unknown:
        raise DomainError(_("Unknown cluster."), field="clusters")
    return set(clusters)


def save_mentor_profile(*, user: User, expertise: str | None, skill_ids: list[int],
                        clusters: list[str], capacity: int, active: bool) -> MentorProfile:
    """Opt a company member in (or out) as a mentor with expertise, skills, clusters, capacity."""
    membership = user.membership
    if membership is not None and membership.company.vetting_status == "suspended":
        raise DomainError(_("Your company is suspended; its members cannot mentor."))
    problems = Problems()
    if not 0 <= capacity <= MAX_CAPACITY:
        problems.add(_("Capacity must be between 0 and %(n)s.", n=MAX_CAPACITY),
                     field="capacity")
    profile = db.session.scalar(select(MentorProfile).where(MentorProfile.user_id == user.id))
    if profile is not None and not problems.has("capacity") \
            and capacity < (busy := active_pair_count(profile.id)):
        problems.add(_("You have %(n)s active pairs; capacity cannot be lower.", n=busy),
                     field="capacity")
    wanted_skills = set(skill_ids)
    found = set(db.session.scalars(select(Skill.id).where(
        Skill.id.in_(wanted_skills), Skill.active.is_(True))))
    if found != wanted_skills:
        problems.add(_("Unknown skill."), field="skills")
    if set(clusters) - set(values(CLUSTERS)):
        problems.add(_("Unknown cluster."), field="clusters")
    problems.raise_any()
    if profile is None:
        profile = MentorProfile(user=user)
        db.session.add(profile)
    profile.expertise = (expertise or "").strip() or None
    profile.capacity = capacity
    profile.active = active
    _sync(profile.skills, wanted_skills, "skill_id", lambda sid: MentorSkill(skill_id=sid))
    _sync(profile.clusters, _check_clusters(clusters), "cluster",
          lambda c: MentorCluster(cluster=c))
    if membership is not None:
        membership.can_mentor = active
    db.session.flush()
    record_audit("mentoring.mentor_profile", target=profile, actor=user,
                 details={"active": active, "capacity": capacity})
    return profile


def save_mentee_profile(*, student: StudentProfile, opt_in: bool, interests: str | None,
                        goals: str | None, clusters: list[str]) -> StudentProfile:
    """Opt a student in (or out) as a mentee with interests, goals and followed clusters."""
    student.mentee_opt_in = opt_in
    student.mentee_interests = (interests or "").strip() or None
    student.mentee_goals = (goals or "").strip() or None
    _sync(student.followed_clusters, _check_clusters(clusters), "cluster",
          lambda c: StudentCluster(cluster=c))
    db.session.flush()
    record_audit("mentoring.mentee_profile", target=student, details={"opt_in": opt_in})
    return student


def request_mentor(*, student: StudentProfile, mentor: MentorProfile,
                   goals: str) -> Mentorship:
    """A student asks a mentor for a pair; the mentor is notified."""
    if not student.mentee_opt_in:
        raise DomainError(_("Opt in as a mentee before requesting a mentor."))
    if not (goals or "").strip():
        raise DomainError(_("Say what you would like to work on."), field="goals")
    if _live_pair(mentor, student) is not None:
        raise DomainError(_("You already have a request or a pair with this mentor."))
    _require_mentor_available(mentor)
    pair = Mentorship(mentor=mentor, student=student, status="requested", goals=goals.strip(),
                      created_by_id=student.user_id)
    db.session.add(pair)
    db.session.flush()
    record_audit("mentoring.request", target=pair, details={"mentor_id": mentor.id})
    notify(user=mentor.user, link=_pair_link(pair), email=True,
           message=lambda: _("%(name)s asked you to be their mentor.",
                             name=student.user.full_name))
    return pair


def change_status(*, mentorship: Mentorship, to: str, actor: User) -> Mentorship:
    """Move a pair along TRANSITIONS (accept, decline, withdraw, close); repeating is a no-op."""
    if mentorship.status == to:
        return mentorship  # a double submission changes nothing
    sides = TRANSITIONS.get((mentorship.status, to))
    if sides is None:
        raise DomainError(_("A pair that is “%(a)s” cannot become “%(b)s”.",
                            a=label(MENTORSHIP_STATUSES, mentorship.status),
                            b=label(MENTORSHIP_STATUSES, to)))
    if side_of(actor, mentorship) not in sides:
        raise DomainError(_("You may not make this change to the pair."))
    start = mentorship.status
    now = utcnow()
    if to == "active":
        _require_mentor_available(mentorship.mentor)
        mentorship.started_at = now
    else:
        mentorship.closed_at = now
    mentorship.status = to
    db.session.flush()
    record_audit(f"mentoring.{to}", target=mentorship, actor=actor,
                 details={"from": start, "to": to})
    messages = {
        "active": lambda: _("%(name)s accepted the mentoring request.", name=actor.full_name),
        "declined": lambda: _("%(name)s declined the mentoring request.",
                              name=actor.full_name),
        "closed": lambda: _("%(name)s closed the mentoring pair.", name=actor.full_name),
    }
    _notify_others(mentorship, actor, messages[to])
    return mentorship


def pair_directly(*, mentor: MentorProfile, student: StudentProfile, goals: str | None,
                  actor: User) -> Mentorship:
    """An admin pairs a mentor and a student: the pair is active at once (capacity applies)."""
    pair = _live_pair(mentor, student)
    if pair is not None and pair.status == "active":
        raise DomainError(_("These two are already paired."), field="student_email")
    if (goals or "").strip():
        goals = goals.strip()
    if pair is not None:  # a pending request: the admin accepts it through the table
        pair.goals = goals or pair.goals
        return change_status(mentorship=pair, to="active", actor=actor)
    _require_mentor_available(mentor, field="mentor_id")
    pair = Mentorship(mentor=mentor, student=student, status="active", started_at=utcnow(),
                      goals=goals or None, created_by_id=actor.id)
    db.session.add(pair)
    db.session.flush()
    record_audit("mentoring.pair", target=pair, actor=actor,
                 details={"mentor_id": mentor.id, "student_id": student.id})
    _notify_others(pair, actor,
                   lambda: _("You have been paired for mentoring by the programme team."))
    return pair


def update_goals(*, mentorship: Mentorship, goals: str | None, actor: User) -> Mentorship:
    """Either member of a live pair edits its goals."""
    if side_of(actor, mentorship) not in ("mentor", "student"):
        raise DomainError(_("Only the mentor and the mentee edit the goals."))
    if mentorship.status not in LIVE_STATUSES:
        raise DomainError(_("The goals of a finished pair cannot change."), field="goals")
    mentorship.goals = (goals or "").strip() or None
    db.session.flush()
    record_audit("mentoring.goals", target=mentorship, actor=actor)
    return mentorship


def check_session(mentorship: Mentorship, *, held_on: date, minutes: int, mode: str) -> None:
    """The rules every logged session obeys (the database CHECKs repeat the range)."""
    problems = Problems()
    if not isinstance(minutes, int) or not 0 < minutes <= MAX_MINUTES:
        problems.add(_("Minutes must be between 1 and %(n)s.", n=MAX_MINUTES), field="minutes")
    if held_on > utcnow().date() + timedelta(days=SESSION_DAYS_AHEAD):
        problems.add(_("The date cannot be more than a day ahead."), field="held_on")
    elif held_on < mentorship.requested_at.date():
        problems.add(_("The date is before this pair was formed (%(d)s).",
                       d=day(mentorship.requested_at)), field="held_on")
    if mode not in values(SESSION_MODES):
        problems.add(_("Choose a mode."), field="mode")
    problems.raise_any()


def log_session(*, mentorship: Mentorship, actor: User, held_on: date, minutes: int, mode: str,
                topics: str | None, notes: str | None) -> MentoringSession:
    """Either member of an active pair logs a session; the other is notified."""
    if side_of(actor, mentorship) not in ("mentor", "student"):
        raise DomainError(_("Only the mentor and the mentee log sessions."))
    if mentorship.status != "active":
        raise DomainError(_("Sessions can be logged only for an active pair."))
    check_session(mentorship, held_on=held_on, minutes=minutes, mode=mode)
    entry = MentoringSession(mentorship=mentorship, held_on=held_on, minutes=minutes, mode=mode,
                             topics=(topics or "").strip() or None,
                             notes=(notes or "").strip() or None, logged_by_id=actor.id)
    db.session.add(entry)
    db.session.flush()
    record_audit("mentoring.session", target=entry, actor=actor,
                 details={"mentorship_id": mentorship.id, "minutes": minutes})
    _notify_others(mentorship, actor, lambda: _("%(name)s logged a mentoring session on %(d)s.",
                                                name=actor.full_name, d=day(held_on)))
    return entry


def edit_session(*, entry: MentoringSession, actor: User, held_on: date, minutes: int,
                 mode: str, topics: str | None, notes: str | None) -> MentoringSession:
    """The author of a session entry corrects it while the pair is active."""
    if entry.logged_by_id != actor.id:
        raise DomainError(_("Only the person who logged a session can edit it."))
    if entry.mentorship.status != "active":
        raise DomainError(_("Sessions of a finished pair cannot change."))
    check_session(entry.mentorship, held_on=held_on, minutes=minutes, mode=mode)
    entry.held_on, entry.minutes, entry.mode = held_on, minutes, mode
    entry.topics = (topics or "").strip() or None
    entry.notes = (notes or "").strip() or None
    db.session.flush()
    record_audit("mentoring.session_edit", target=entry, actor=actor,
                 details={"minutes": minutes, "held_on": held_on.isoformat()})
    return entry
