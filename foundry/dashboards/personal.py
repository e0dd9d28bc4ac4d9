"""Company and student dashboards: their own activity, one aggregate query per block.

A company sees its own pipeline and interns (it already sees each applicant and intern by
name), so its dashboard counts are shown as they are. A student sees
only their own records, and market aggregates (skills demanded by open positions).
"""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, or_, select

from foundry.dashboards.cache import cached
from foundry.dashboards.metrics import Scope, count_if
from foundry.dashboards.tables import Column, Publisher, Table, plain
from foundry.dashboards.views import Selection, View, publisher
from foundry.extensions import db
from foundry.feedback.queries import FINISHED, feedback_awaited, feedback_overdue
from foundry.models import (
    Application,
    Company,
    Internship,
    MentoringSession,
    MentorProfile,
    Mentorship,
    Position,
    PositionSkill,
    Skill,
    SkillFeedback,
    SkillRating,
    StudentCluster,
    StudentProfile,
    StudentSkill,
    University,
    User,
)
from foundry.models.choices import (
    APPLICATION_STATUSES,
    INTERNSHIP_COUNTED,
    INTERNSHIP_STATUSES,
    label,
)


def company_rows(company_id: int) -> dict:
    """Funnel per position, interns by university, feedback status and mentoring (4 queries)."""
    a = Application
    offered = or_(a.offered_at.is_not(None), a.accepted_at.is_not(None))
    shortlisted = or_(a.shortlisted_at.is_not(None), a.interview_at.is_not(None), offered)
    positions = db.session.execute(
        select(Position.title, func.count(a.id), count_if(shortlisted), count_if(offered),
               count_if(a.accepted_at.is_not(None)))
        .join(a, a.position_id == Position.id).where(Position.company_id == company_id)
        .group_by(Position.id, Position.title).order_by(func.count(a.id).desc()).limit(12)).all()
    interns = db.session.execute(
        select(University.code, func.count(func.distinct(Internship.student_id)))
        .join(StudentProfile, StudentProfile.id == Internship.student_id)
        .join(University, University.id == StudentProfile.university_id)
        .where(Internship.company_id == company_id, Internship.status.in_(INTERNSHIP_COUNTED))
        .group_by(University.code).order_by(University.code)).all()
    finished = Internship.status.in_(FINISHED)
    feedback = db.session.execute(
        select(count_if(finished), count_if(and_(finished, SkillFeedback.id.is_not(None))),
               count_if(feedback_overdue()), count_if(feedback_awaited()))
        .select_from(Internship).outerjoin(SkillFeedback,
                                           SkillFeedback.internship_id == Internship.id)
        .where(Internship.company_id == company_id)).one()
    mentoring = db.session.execute(
        select(User.full_name, count_if(Mentorship.status == "active"),
               func.count(func.distinct(Mentorship.id)), func.count(MentoringSession.id),
               func.coalesce(func.sum(MentoringSession.minutes), 0))
        .select_from(Mentorship).join(MentorProfile, MentorProfile.id == Mentorship.mentor_id)
        .join(User, User.id == MentorProfile.user_id)
        .outerjoin(MentoringSession, MentoringSession.mentorship_id == Mentorship.id)
        .where(Mentorship.status.in_(("active", "closed")),
               User.membership.has(company_id=company_id))
        .group_by(User.id, User.full_name).order_by(User.full_name)).all()
    return {"positions": [tuple(r) for r in positions], "interns": [tuple(r) for r in interns],
            "feedback": tuple(feedback), "mentoring": [tuple(r) for r in mentoring]}


def company_tables(rows: dict, pub: Publisher) -> dict[str, Table]:
    """Published tables of the company dashboard."""
    positions = Table("positions", _("Applications to your positions, by stage"), _("Position"),
                      [Column(k, name) for k, name in (
                          ("applications", _("Applied")), ("shortlisted", _("Shortlisted")),
                          ("offered", _("Offered")), ("accepted", _("Accepted")))],
                      formulas=["funnel"], meta={"figure": "positions"})
    for title, *counts in rows["positions"]:
        positions.rows.append((title, {k: plain(v) for k, v in zip(
            ("applications", "shortlisted", "offered", "accepted"), counts, strict=True)}))
    interns = Table("interns", _("Your interns by university"), _("University"),
                    [Column("interns", _("Interns"))], meta={"figure": "interns"})
    # The company sees each of its interns by name on its Interns page, so counting them by
    # university withholds nothing: plain counts (issue 14 — the chart was empty).
    for code, n in rows["interns"]:
        interns.rows.append((code, {"interns": plain(n)}))
    if rows["interns"]:
        interns.total = (_("All universities"), {"interns": plain(sum(n for _c, n in
                                                                  rows["interns"]))})
    done, given, overdue, waiting = rows["feedback"]
    feedback = Table("feedback", _("Skills feedback on completed internships"), _("Status"),
                     [Column("internships", _("Internships"))], meta={"figure": "feedback"})
    if done:
        for name, n in ((_("Feedback given"), given), (_("Overdue (over 14 days)"), overdue),
                        (_("Due within 14 days of the end"), waiting)):
            feedback.rows.append((name, {"internships": plain(n)}))
    mentoring = Table("mentoring", _("Mentoring by your colleagues"), _("Mentor"),
                      [Column("active", _("Active pairs")), Column("pairs", _("All pairs")),
                       Column("sessions", _("Sessions")),
                       Column("hours", _("Hours"), "number")], meta={"figure": "mentors"})
    for name, active, pairs, sessions, minutes in rows["mentoring"]:
        mentoring.rows.append((name, {"active": plain(active), "pairs": plain(pairs),
                                      "sessions": plain(sessions),
                                      "hours": plain(minutes / 60, "number")}))
    return {"positions": positions, "interns": interns, "feedback": feedback,
            "mentoring": mentoring}


def company_view(user) -> View:
    """The company member's dashboard."""
    return company_selection(user).build()


def company_selection(user) -> Selection:
    """The company member's dashboard, named by its company, built when asked."""
    membership = getattr(user, "membership", None)
    if membership is None:
        abort(403)
    company_id = membership.company_id

    def build() -> View:
        rows = cached(("company", company_id), lambda: company_rows(company_id))
        tables = company_tables(rows, publisher(True))
        return View("company", {}, Scope(), tables, [], title=membership.company.name,
                    subtitle=_("Your positions, interns, feedback and mentoring"),
                    meta={"owner": f"c{company_id}"})

    return Selection("company", {}, f"c{company_id}", True, build)


def student_rows(student_id: int) -> dict:
    """Applications by status, internships, feedback over time, skills readiness (4 queries)."""
    applications = db.session.execute(
        select(Application.status, func.count(Application.id))
        .where(Application.student_id == student_id).group_by(Application.status)).all()
    internships = db.session.execute(
        select(Internship.title, func.coalesce(Company.name, Internship.company_name),
               Internship.start_date, Internship.end_date, Internship.status)
        .outerjoin(Company, Company.id == Internship.company_id)
        .where(Internship.student_id == student_id)
        .order_by(Internship.start_date.desc())).all()
    feedback = db.session.execute(
        select(SkillFeedback.submitted_at, func.coalesce(Company.name, Internship.company_name),
               func.avg(SkillRating.expected), func.avg(SkillRating.observed),
               func.count(SkillRating.id))
        .join(Internship, Internship.id == SkillFeedback.internship_id)
        .outerjoin(Company, Company.id == Internship.company_id)
        .join(SkillRating, SkillRating.feedback_id == SkillFeedback.id)
        .where(Internship.student_id == student_id)
        .group_by(SkillFeedback.id, SkillFeedback.submitted_at, Company.name,
                  Internship.company_name)
        .order_by(SkillFeedback.submitted_at)).all()
    followed = select(StudentCluster.cluster).where(StudentCluster.student_id == student_id)
    in_clusters = or_(~exists(followed), Position.cluster.in_(followed))
    demand = func.count(func.distinct(Position.id))
    readiness = db.session.execute(
        select(Skill.name, demand, func.avg(PositionSkill.required_level), StudentSkill.level)
        .join(PositionSkill, PositionSkill.skill_id == Skill.id)
        .join(Position, Position.id == PositionSkill.position_id)
        .outerjoin(StudentSkill, and_(StudentSkill.skill_id == Skill.id,
                                      StudentSkill.student_id == student_id))
        .where(Position.status == "open", in_clusters)
        .group_by(Skill.id, Skill.name, StudentSkill.level)
        .order_by(demand.desc(), Skill.name).limit(10)).all()
    return {"applications": [tuple(r) for r in applications],
            "internships": [tuple(r) for r in internships],
            "feedback": [tuple(r) for r in feedback], "readiness": [tuple(r) for r in readiness]}


def student_tables(rows: dict) -> dict[str, Table]:
    """Tables of the student's own dashboard (their own data: nothing to suppress)."""
    counts = dict(rows["applications"])
    applications = Table("applications", _("Your applications by status"), _("Status"),
                         [Column("n", _("Applications"))], meta={"figure": "applications"})
    for status, name in APPLICATION_STATUSES:
        if counts.get(status):
            applications.rows.append((str(name), {"n": plain(counts[status])}))
    internships = Table("internships", _("Your internships"), _("Internship"),
                        [Column("company", _("Company"), "text"),
                         Column("dates", _("Dates"), "text"),
                         Column("status", _("Status"), "text")], meta={"figure": "none"})
    for title, company, start, end, status in rows["internships"]:
        internships.rows.append((title, {
            "company": plain(company or "", "text"),
            "dates": plain(f"{start:%d %b %Y} – {end:%d %b %Y}", "text"),
            "status": plain(label(INTERNSHIP_STATUSES, status), "text")}))
    feedback = Table("feedback", _("Feedback received over time"), _("Feedback"),
                     [Column("expected", _("Mean level expected"), "number"),
                      Column("observed", _("Mean level observed"), "number"),
                      Column("ratings", _("Skills rated"))], meta={"figure": "feedback_time"})
    for submitted, company, expected, observed, n in rows["feedback"]:
        feedback.rows.append((f"{submitted:%Y-%m-%d} · {company}", {
            "expected": plain(float(expected), "number"),
            "observed": plain(float(observed), "number"), "ratings": plain(n)}))
    readiness = Table("readiness", _("Your skills against those most demanded"), _("Skill"),
                      [Column("positions", _("Open positions asking for it")),
                       Column("required", _("Mean level required"), "number"),
                       Column("yours", _("Your level (self-assessed)"), "number")],
                      meta={"figure": "readiness"})
    for name, positions, required, yours in rows["readiness"]:
        readiness.rows.append((name, {"positions": plain(positions),
                                      "required": plain(float(required), "number"),
                                      "yours": plain(yours, "number")}))
    return {"applications": applications, "internships": internships, "feedback": feedback,
            "readiness": readiness}


def student_view(user) -> View:
    """The student's own progress dashboard."""
    return student_selection(user).build()


def student_selection(user) -> Selection:
    """The student's own dashboard, named by the student, built when asked."""
    student = getattr(user, "student", None)
    if student is None:
        abort(403)
    student_id = student.id

    def build() -> View:
        rows = cached(("student", student_id), lambda: student_rows(student_id))
        return View("student", {}, Scope(), student_tables(rows), [], title=_("My progress"),
                    subtitle=user.full_name, suppressed=False,
                    meta={"owner": f"s{student_id}"})

    return Selection("student", {}, f"s{student_id}", False, build)
