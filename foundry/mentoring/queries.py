"""Mentoring reads: ranked suggestions (in SQL), a member's pairs, the admin list and inactivity."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import selectinload

from foundry.extensions import db
from foundry.models import (
    Company,
    CompanyMember,
    MentorCluster,
    MentoringSession,
    MentorProfile,
    Mentorship,
    MentorSkill,
    Skill,
    StudentCluster,
    StudentProfile,
    StudentSkill,
    User,
)
from foundry.models.base import utcnow
from foundry.models.choices import MENTORSHIP_INACTIVE_DAYS

LIVE = ("requested", "active")


@dataclass
class Suggestion:
    """A suggested mentor and why: shared skills and clusters, and free places."""

    mentor: MentorProfile
    free: int
    skills: list[str] = field(default_factory=list)
    clusters: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        """Overlap: shared skills plus shared clusters."""
        return len(self.skills) + len(self.clusters)


def _mentor_options():
    return selectinload(MentorProfile.user).selectinload(User.membership) \
        .selectinload(CompanyMember.company)


def _active_counts():
    """Active pairs per mentor (a grouped subquery)."""
    return (select(Mentorship.mentor_id, func.count(Mentorship.id).label("n"))
            .where(Mentorship.status == "active").group_by(Mentorship.mentor_id).subquery())


def _available(stmt: Select, busy) -> Select:
    """Mentors who can take someone now: opted in, able to sign in, vetted company, free place."""
    return (stmt.join(User, User.id == MentorProfile.user_id)
            .outerjoin(CompanyMember, CompanyMember.user_id == User.id)
            .outerjoin(Company, Company.id == CompanyMember.company_id)
            .outerjoin(busy, busy.c.mentor_id == MentorProfile.id)
            .where(MentorProfile.active.is_(True), User.active.is_(True),
                   User.deleted_at.is_(None),
                   or_(Company.id.is_(None), Company.vetting_status == "verified"),
                   MentorProfile.capacity - func.coalesce(busy.c.n, 0) > 0))


def suggested_mentors(student: StudentProfile, *, limit: int = 10) -> list[Suggestion]:
    """Mentors with free capacity ranked by overlap of the student's skills and followed
    clusters with theirs (then by free places); mentors already asked are left out."""
    shared_skills = (
        select(MentorSkill.mentor_id, func.count().label("n"))
        .join(StudentSkill, and_(StudentSkill.skill_id == MentorSkill.skill_id,
                                 StudentSkill.student_id == student.id))
        .group_by(MentorSkill.mentor_id).subquery())
    shared_clusters = (
        select(MentorCluster.mentor_id, func.count().label("n"))
        .join(StudentCluster, and_(StudentCluster.cluster == MentorCluster.cluster,
                                   StudentCluster.student_id == student.id))
        .group_by(MentorCluster.mentor_id).subquery())
    busy = _active_counts()
    score = func.coalesce(shared_skills.c.n, 0) + func.coalesce(shared_clusters.c.n, 0)
    free = MentorProfile.capacity - func.coalesce(busy.c.n, 0)
    already = select(Mentorship.id).where(Mentorship.mentor_id == MentorProfile.id,
                                          Mentorship.student_id == student.id,
                                          Mentorship.status.in_(LIVE)).exists()
    stmt = _available(select(MentorProfile, free.label("free")), busy)
    stmt = (stmt.outerjoin(shared_skills, shared_skills.c.mentor_id == MentorProfile.id)
            .outerjoin(shared_clusters, shared_clusters.c.mentor_id == MentorProfile.id)
            .where(score > 0, ~already, MentorProfile.user_id != student.user_id)
            .order_by(score.desc(), free.desc(), User.full_name, MentorProfile.id)
            .limit(limit).options(_mentor_options()))
    suggestions = [Suggestion(mentor=m, free=f) for m, f in db.session.execute(stmt)]
    _explain(student, suggestions)
    return suggestions


def _explain(student: StudentProfile, suggestions: list[Suggestion]) -> None:
    """Fill in the shared skill names and clusters of the suggested mentors (two queries)."""
    by_id = {s.mentor.id: s for s in suggestions}
    if not by_id:
        return
    skills = db.session.execute(
        select(MentorSkill.mentor_id, Skill.name).join(Skill, Skill.id == MentorSkill.skill_id)
        .join(StudentSkill, and_(StudentSkill.skill_id == MentorSkill.skill_id,
                                 StudentSkill.student_id == student.id))
        .where(MentorSkill.mentor_id.in_(by_id)).order_by(Skill.name))
    for mentor_id, name in skills:
        by_id[mentor_id].skills.append(name)
    clusters = db.session.execute(
        select(MentorCluster.mentor_id, MentorCluster.cluster)
        .join(StudentCluster, and_(StudentCluster.cluster == MentorCluster.cluster,
                                   StudentCluster.student_id == student.id))
        .where(MentorCluster.mentor_id.in_(by_id)).order_by(MentorCluster.cluster))
    for mentor_id, cluster in clusters:
        by_id[mentor_id].clusters.append(cluster)


def _pair_options():
    return (selectinload(Mentorship.mentor).selectinload(MentorProfile.user)
            .selectinload(User.membership).selectinload(CompanyMember.company),
            selectinload(Mentorship.student).selectinload(StudentProfile.user),
            selectinload(Mentorship.student).selectinload(StudentProfile.university))


def _by_status_then_newest(stmt: Select) -> Select:
    order = case({"requested": 0, "active": 1}, value=Mentorship.status, else_=2)
    return stmt.order_by(order, Mentorship.requested_at.desc(), Mentorship.id.desc())


def student_pairs(student: StudentProfile) -> list[Mentorship]:
    """A student's pairs and requests: live ones first, then newest."""
    return list(db.session.scalars(_by_status_then_newest(
        select(Mentorship).where(Mentorship.student_id == student.id)
        .options(*_pair_options()))))


def mentor_pairs(mentor: MentorProfile) -> list[Mentorship]:
    """A mentor's incoming requests and pairs: requests first, then active, then the rest."""
    return list(db.session.scalars(_by_status_then_newest(
        select(Mentorship).where(Mentorship.mentor_id == mentor.id)
        .options(*_pair_options()))))


def mentor_profile_of(user: User) -> MentorProfile | None:
    """The mentor profile of a user, with skills and clusters loaded."""
    return db.session.scalar(
        select(MentorProfile).where(MentorProfile.user_id == user.id)
        .options(selectinload(MentorProfile.skills), selectinload(MentorProfile.clusters)))


def active_skills() -> list[Skill]:
    """The skills a mentor can offer (the active taxonomy), competencies first."""
    return list(db.session.scalars(
        select(Skill).where(Skill.active.is_(True)).order_by(Skill.kind, Skill.name)))


def available_mentors() -> list[tuple[MentorProfile, int]]:
    """Mentors an admin can pair now, with their free places (one query)."""
    busy = _active_counts()
    free = MentorProfile.capacity - func.coalesce(busy.c.n, 0)
    stmt = _available(select(MentorProfile, free.label("free")), busy)
    return [(m, f) for m, f in db.session.execute(
        stmt.order_by(User.full_name, MentorProfile.id).options(_mentor_options()))]


# --- Admin list and inactivity ---------------------------------------------------------------

def _last_sessions():
    return (select(MentoringSession.mentorship_id, func.max(MentoringSession.held_on).label("last"),
                   func.count(MentoringSession.id).label("n"))
            .group_by(MentoringSession.mentorship_id).subquery())


def inactive_condition(last, now: datetime | None = None):
    """SQL: an active pair with no session for MENTORSHIP_INACTIVE_DAYS days; without any
    session, counted from the day the pair started (a newer pair is not inactive)."""
    now = now or utcnow()
    cutoff = now - timedelta(days=MENTORSHIP_INACTIVE_DAYS)
    started = func.coalesce(Mentorship.started_at, Mentorship.requested_at)
    return and_(Mentorship.status == "active",
                or_(and_(last.c.last.is_(None), started <= cutoff),
                    last.c.last <= cutoff.date()))


def admin_pairs(*, status: str | None, inactive: bool, page: int, per_page: int = 25):
    """All pairs for admins, newest first, filtered by status and/or inactivity."""
    last = _last_sessions()
    stmt = select(Mentorship).outerjoin(last, last.c.mentorship_id == Mentorship.id)
    if status:
        stmt = stmt.where(Mentorship.status == status)
    if inactive:
        stmt = stmt.where(inactive_condition(last))
    stmt = stmt.order_by(Mentorship.requested_at.desc(), Mentorship.id.desc()) \
        .options(*_pair_options())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def pair_activity(pair_ids: list[int]) -> dict[int, tuple]:
    """(last session date, session count, inactive?) per pair, for one page of pairs."""
    if not pair_ids:
        return {}
    last = _last_sessions()
    flag = case((inactive_condition(last), 1), else_=0)
    rows = db.session.execute(
        select(Mentorship.id, last.c.last, func.coalesce(last.c.n, 0), flag)
        .outerjoin(last, last.c.mentorship_id == Mentorship.id)
        .where(Mentorship.id.in_(pair_ids)))
    return {pid: (last_on, n, bool(inactive)) for pid, last_on, n, inactive in rows}


def inactive_pairs(now: datetime) -> list[tuple[Mentorship, object]]:
    """Active pairs quiet for MENTORSHIP_INACTIVE_DAYS, with the date of their last session."""
    last = _last_sessions()
    rows = db.session.execute(
        select(Mentorship, last.c.last).outerjoin(last, last.c.mentorship_id == Mentorship.id)
        .where(inactive_condition(last, now)).order_by(Mentorship.id)
        .options(*_pair_options()))
    return [(pair, last_on) for pair, last_on in rows.unique()]


def pair_detail(pair_id: int) -> Mentorship | None:
    """One pair with its members and sessions (and who logged each) loaded."""
    return db.session.scalar(
        select(Mentorship).where(Mentorship.id == pair_id)
        .options(*_pair_options(), selectinload(Mentorship.sessions)))


def authors(pair: Mentorship) -> dict[int, str]:
    """Names of the people who logged the pair's sessions, by user id."""
    ids = {s.logged_by_id for s in pair.sessions if s.logged_by_id}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())


def group_pairs(pairs: list[Mentorship]) -> dict[str, list[Mentorship]]:
    """Pairs grouped by status (for the mentor's page)."""
    grouped: dict[str, list[Mentorship]] = defaultdict(list)
    for pair in pairs:
        grouped[pair.status].append(pair)
    return grouped
