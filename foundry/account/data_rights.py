"""A student's rights over their data (Hong Kong PDPO): download everything, ask for deletion.

Deletion removes identity — name, e-mail, student number, CV files, free-text notes and comments
about or by the student — and keeps the anonymous records (cohort, faculty, application
statuses, internships, ratings, outcome category and salary) that feed published aggregates, so
no dashboard figure changes. The account can no longer sign in.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import url_for
from sqlalchemy import delete, select, update
from sqlalchemy.orm import selectinload

from foundry.applications.cv import remove_cv
from foundry.applications.cv_library import student_cv_keys
from foundry.common.audit import record_audit
from foundry.common.mail import absolute
from foundry.extensions import db
from foundry.models import (
    ApiToken,
    Application,
    Consent,
    CvFile,
    EventRegistration,
    GraduateOutcome,
    Internship,
    MentoringSession,
    Mentorship,
    Notification,
    ProgrammeApplication,
    ProgrammeReview,
    SkillFeedback,
    SkillRating,
    StudentProfile,
    StudentSkill,
    User,
)
from foundry.models.base import utcnow

DELETED_NAME = "Deleted student"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj, *columns: str) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in columns}


def export_student_data(*, student: StudentProfile) -> dict[str, Any]:
    """Everything the platform holds about one student, as plain JSON-ready data."""
    user = student.user
    sid = student.id
    applications = db.session.scalars(
        select(Application).where(Application.student_id == sid)
        .options(selectinload(Application.position)).order_by(Application.submitted_at)
    ).all()
    internships = db.session.scalars(
        select(Internship).where(Internship.student_id == sid)
        .options(selectinload(Internship.company), selectinload(Internship.feedback)
                 .selectinload(SkillFeedback.ratings).selectinload(SkillRating.skill))
        .order_by(Internship.start_date)
    ).all()
    mentorships = db.session.scalars(
        select(Mentorship).where(Mentorship.student_id == sid)
        .options(selectinload(Mentorship.sessions), selectinload(Mentorship.mentor))
    ).all()
    skills = db.session.scalars(
        select(StudentSkill).where(StudentSkill.student_id == sid)
        .options(selectinload(StudentSkill.skill))
    ).all()
    return {
        "exported_at": utcnow().isoformat(),
        "profile": {
            "full_name": user.full_name if user else None,
            "email": user.email if user else None,
            "locale": user.locale if user else None,
            "created_at": _plain(user.created_at) if user else None,
            "university": student.university.code if student.university else None,
            "faculty": student.faculty.name if student.faculty else None,
            "programme": student.programme.name if student.programme else None,
            **_row(student, "student_number", "expected_graduation", "actual_graduation",
                   "cohort_year", "headline", "mentee_opt_in", "mentee_interests",
                   "mentee_goals"),
            "followed_clusters": [c.cluster for c in student.followed_clusters],
            "external": None if student.external is None else _row(
                student.external, "institution", "country", "degree_level", "field_of_study",
                "years_experience", "current_location", "needs_visa"),
        },
        "programme_applications": _programme_applications(sid),
        "cvs": [{**_row(c, "label", "filename", "uploaded_at"),
                 "download": absolute(url_for("cvs.download", cv_id=c.id))}
                for c in db.session.scalars(select(CvFile).where(CvFile.student_id == sid)
                                            .order_by(CvFile.uploaded_at))],
        "skills": [{"skill": s.skill.name, "level": s.level} for s in skills],
        "applications": [
            {"position": a.position.title, "company_id": a.position.company_id,
             **_row(a, "status", "note", "cv_filename", "submitted_at", "shortlisted_at",
                    "interview_at", "offered_at", "accepted_at", "declined_at", "rejected_at",
                    "withdrawn_at", "offer_pay_kind", "offer_amount", "offer_pay_period",
                    "offer_start_date", "offer_reply_by", "offer_lapsed_at")}
            for a in applications
        ],
        "internships": [
            {"employer": i.employer_name,
             **_row(i, "title", "start_date", "end_date", "hours_per_week", "paid",
                    "stipend_monthly", "mode", "site", "supervisor_email", "status", "source",
                    "return_offer"),
             "feedback": None if i.feedback is None else {
                 **_row(i.feedback, "submitted_at", "overall_comment", "return_offer"),
                 "ratings": [{"skill": r.skill.name, "expected": r.expected,
                              "observed": r.observed, "comment": r.comment}
                             for r in i.feedback.ratings],
             }}
            for i in internships
        ],
        "mentoring": [
            {"mentor": m.mentor.user.full_name if m.mentor.user else None,
             **_row(m, "status", "goals", "requested_at", "started_at", "closed_at"),
             "sessions": [_row(s, "held_on", "minutes", "mode", "topics", "notes")
                          for s in m.sessions]}
            for m in mentorships
        ],
        "outcomes": [
            _row(o, "category", "employer_name", "job_title", "sector", "location",
                 "annual_salary", "start_date", "outcome_date", "source", "is_current")
            for o in db.session.scalars(select(GraduateOutcome)
                                        .where(GraduateOutcome.student_id == sid)
                                        .order_by(GraduateOutcome.recorded_at))
        ],
        "event_registrations": [
            {"event": r.event.name, **_row(r, "registered_at", "checked_in_at")}
            for r in db.session.scalars(select(EventRegistration)
                                        .where(EventRegistration.student_id == sid))
        ],
        "consents": [
            _row(c, "notice_version", "given_at")
            for c in db.session.scalars(select(Consent).where(Consent.user_id == user.id))
        ] if user else [],
    }


def _programme_applications(sid: int) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(ProgrammeApplication).where(ProgrammeApplication.student_id == sid)
        .options(selectinload(ProgrammeApplication.programme),
                 selectinload(ProgrammeApplication.preferences))
        .order_by(ProgrammeApplication.submitted_at))
    return [{"programme": a.programme.name,
             **_row(a, "stage", "rejection_reason", "statement", "cv_filename",
                    "available_from", "available_to", "submitted_at", "updated_at"),
             "preferences": [{"rank": p.rank, "position_id": p.position_id}
                             for p in a.preferences]} for a in rows]


def delete_student_identity(*, student: StudentProfile, actor: User) -> None:
    """Remove the student's identity and free text; keep anonymous records for the aggregates."""
    user = student.user
    sid = student.id
    cv_paths = db.session.scalars(
        select(Application.cv_path).where(Application.student_id == sid,
                                          Application.cv_path.is_not(None))
    ).all()
    cv_paths += db.session.scalars(
        select(ProgrammeApplication.cv_path).where(ProgrammeApplication.student_id == sid,
                                                   ProgrammeApplication.cv_path.is_not(None))
    ).all()
    cv_paths += student_cv_keys(sid)  # the whole CV library goes too
    db.session.execute(delete(CvFile).where(CvFile.student_id == sid))
    db.session.execute(update(Application).where(Application.student_id == sid)
                       .values(note=None, cv_path=None, cv_filename=None, cv_file_id=None))
    programme_ids = select(ProgrammeApplication.id).where(ProgrammeApplication.student_id == sid)
    db.session.execute(update(ProgrammeApplication).where(ProgrammeApplication.student_id == sid)
                       .values(statement="", cv_path=None, cv_filename=None))
    db.session.execute(update(ProgrammeReview)
                       .where(ProgrammeReview.application_id.in_(programme_ids))
                       .values(comment=None))
    if student.external is not None:  # origin, country and degree stay for the reports
        student.external.institution = "—"
        student.external.current_location = None
    db.session.execute(update(Internship).where(Internship.student_id == sid)
                       .values(supervisor_email=None, dispute_reason=None))
    feedback_ids = select(SkillFeedback.id).join(Internship).where(Internship.student_id == sid)
    db.session.execute(update(SkillFeedback).where(SkillFeedback.id.in_(feedback_ids))
                       .values(overall_comment=None))
    db.session.execute(update(SkillRating).where(SkillRating.feedback_id.in_(feedback_ids))
                       .values(comment=None))
    pair_ids = select(Mentorship.id).where(Mentorship.student_id == sid)
    db.session.execute(update(Mentorship).where(Mentorship.id.in_(pair_ids)).values(goals=None))
    db.session.execute(update(MentoringSession).where(MentoringSession.mentorship_id.in_(pair_ids))
                       .values(notes=None, topics=None))
    db.session.execute(update(GraduateOutcome).where(GraduateOutcome.student_id == sid)
                       .values(job_title=None))
    student.student_number = None
    student.headline = None
    student.mentee_interests = None
    student.mentee_goals = None
    student.mentee_opt_in = False
    if user is not None:
        db.session.execute(delete(Notification).where(Notification.user_id == user.id))
        db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id,
                                                  ApiToken.revoked_at.is_(None))
                           .values(revoked_at=utcnow()))
        user.full_name = DELETED_NAME
        user.email = f"deleted-{user.id}@deleted.invalid"
        user.password_hash = None
        user.active = False
        user.deleted_at = utcnow()
    record_audit("student.identity_deleted", target=student, actor=actor,
                 details={"cv_files_removed": len(cv_paths)})
    db.session.flush()
    _remove_cv_files(cv_paths)


def _remove_cv_files(keys: list[str]) -> None:
    """Delete stored CVs (after the rows no longer point at them)."""
    for key in set(keys):  # a forwarded application shares its programme CV
        remove_cv(key)
