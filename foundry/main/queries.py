"""Reads for the role home pages, each scoped to the viewer."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from foundry.extensions import db
from foundry.models import (
    ActivityGroup,
    Application,
    Company,
    Event,
    EventRegistration,
    GraduateOutcome,
    Internship,
    MentorProfile,
    Mentorship,
    Position,
    StudentProfile,
    User,
)


def student_home(student: StudentProfile) -> dict:
    """The student's own applications, internships, mentorships, outcome and events."""
    applications = db.session.scalars(
        select(Application).where(Application.student_id == student.id)
        .join(Application.position).join(Position.company)
        .order_by(Application.updated_at.desc()).limit(8)
    ).all()
    internships = db.session.scalars(
        select(Internship).where(Internship.student_id == student.id)
        .order_by(Internship.start_date.desc())
    ).all()
    mentorships = db.session.scalars(
        select(Mentorship).where(Mentorship.student_id == student.id,
                                 Mentorship.status.in_(("requested", "active")))
        .join(Mentorship.mentor).join(MentorProfile.user)
    ).all()
    outcome = db.session.scalar(
        select(GraduateOutcome).where(GraduateOutcome.student_id == student.id,
                                      GraduateOutcome.is_current.is_(True))
    )
    registrations = db.session.scalars(
        select(EventRegistration).where(EventRegistration.student_id == student.id)
        .join(EventRegistration.event).order_by(Event.starts_at.desc()).limit(5)
    ).all()
    from foundry.programmes import queries as programme_queries

    return {"applications": applications, "internships": internships,
            "mentorships": mentorships, "outcome": outcome, "registrations": registrations,
            "graduated": bool(student.graduation_date and student.graduation_date
                              <= date.today()),
            "programme_applications": programme_queries.applications_of(student),
            "programmes": programme_queries.open_to(student, date.today())}


def external_home(student: StudentProfile) -> dict:
    """External talent's applications, internships, programme applications and programmes
    open to them."""
    base = student_home(student)
    return {key: base[key] for key in ("applications", "internships",
                                       "programme_applications", "programmes")}


def company_home(company: Company) -> dict:
    """The company's positions with applicant counts, its interns and pending confirmations."""
    counts = (select(Application.position_id, func.count(Application.id).label("n"))
              .group_by(Application.position_id).subquery())
    positions = db.session.execute(
        select(Position, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.position_id == Position.id)
        .where(Position.company_id == company.id)
        .order_by(Position.status.desc(), Position.deadline.desc()).limit(10)
    ).all()
    interns = db.session.scalars(
        select(Internship).where(Internship.company_id == company.id)
        .order_by(Internship.start_date.desc()).limit(10)
    ).all()
    pending = db.session.scalar(
        select(func.count(Internship.id)).where(Internship.company_id == company.id,
                                                Internship.status == "pending")
    )
    return {"company": company, "positions": positions, "interns": interns,
            "pending_confirmations": pending}


def university_summary(university_id: int, faculty_id: int | None = None) -> list[dict]:
    """Per cohort: students, students with a counted internship, known outcomes (aggregates),
    from the dashboard group summaries of this university only."""
    g = ActivityGroup
    stmt = (select(g.cohort, func.sum(g.n), func.sum(g.participants), func.sum(g.known))
            .where(g.university_id == university_id)
            .group_by(g.cohort).order_by(g.cohort.desc()))
    if faculty_id is not None:
        stmt = stmt.where(g.faculty_id == faculty_id)
    return [{"cohort": c, "students": int(s), "interned": int(i), "known": int(k)}
            for c, s, i, k in db.session.execute(stmt)]


def publish_summary(rows: list[dict], pub) -> list[dict]:
    """The summary through the one privacy step (a dashboards Publisher): rounded counts."""
    return [{"cohort": row["cohort"],
             "cells": {key: pub.count(row[key]) for key in ("students", "interned", "known")}}
            for row in rows]


def admin_counts() -> dict:
    """Programme-wide counts for the admin home page (people and their records from the
    dashboard group summaries, instead of four scans of the base tables)."""
    def count(model, *where):
        return db.session.scalar(select(func.count(model.id)).where(*where)) or 0

    g = ActivityGroup
    students, applications, internships, outcomes = (int(n) for n in db.session.execute(
        select(*[func.coalesce(func.sum(c), 0)
                 for c in (g.n, g.applications, g.internships, g.recorded)])).one())
    return {
        "students": students,
        "companies": count(Company, Company.vetting_status == "verified"),
        "pending_companies": count(Company, Company.vetting_status == "pending"),
        "open_positions": count(Position, Position.status == "open"),
        "applications": applications,
        "internships": internships,
        "outcomes": outcomes,
        "mentorships": count(Mentorship, Mentorship.status == "active"),
        "users": count(User),
        "events": count(Event),
    }
