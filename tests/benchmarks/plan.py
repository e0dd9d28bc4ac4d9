"""Who the benchmark's virtual users are, read from a scale database (one query each)."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from tests.benchmarks.common import Bench

STUDENTS, COMPANIES, DEANS = 40, 7, 3  # 50 users; deans are ~5 % of a career day's users


def read_plan(bench: Bench, rng: random.Random, users: int) -> dict:
    """Students with their live applications, positions they may open, search words, company
    members of the companies with the most open positions, the scale dean and admin, HKUST
    students (writes in the dean's own scope for the after-write measurement) and other
    students (the applications waiting when the load step starts)."""
    from foundry.extensions import db
    from foundry.models import (
        Application,
        CompanyMember,
        Position,
        StudentProfile,
        University,
        User,
    )
    from foundry.models.choices import APPLICATION_CLOSED
    from foundry.positions.queries import visible_positions

    scale = users / 50
    with bench.app.app_context():
        positions = list(db.session.scalars(
            visible_positions().with_only_columns(Position.id).order_by(Position.id)))
        titles = db.session.scalars(visible_positions().with_only_columns(Position.title)
                                    .limit(2000)).all()
        words = sorted({w.lower() for t in titles for w in t.split()
                        if len(w) >= 4 and w.isalpha()})
        students = db.session.execute(
            select(StudentProfile.user_id, University.code)
            .join(User, User.id == StudentProfile.user_id)
            .join(University, University.id == StudentProfile.university_id)
            .where(User.role == "student", User.deleted_at.is_(None))
            .order_by(StudentProfile.id)).all()
        chosen = rng.sample(students, min(len(students), 600))
        live = db.session.execute(
            select(StudentProfile.user_id, Application.position_id)
            .join(Application, Application.student_id == StudentProfile.id)
            .where(StudentProfile.user_id.in_([s.user_id for s in chosen]),
                   Application.status.not_in(APPLICATION_CLOSED))).all()
        # The career day's exhibitors: the companies with the most open positions (a company's
        # first member acts for it). Their pipelines are filled before the load step
        # (run.morning_applications): a scale database holds only decided applications.
        visible = visible_positions().with_only_columns(Position.id)
        offices = db.session.execute(
            select(CompanyMember.company_id, func.min(CompanyMember.user_id))
            .join(Position, Position.company_id == CompanyMember.company_id)
            .where(Position.id.in_(visible))
            .group_by(CompanyMember.company_id)
            .order_by(func.count(Position.id.distinct()).desc(), CompanyMember.company_id)
            .limit(max(1, round(COMPANIES * scale)))).all()
        companies = {member: {"company": company, "positions": list(db.session.scalars(
            visible.where(Position.company_id == company).order_by(Position.id)))}
            for company, member in offices}
    ids = bench.users()
    applied: dict[int, set[int]] = {}
    for user_id, position_id in live:
        applied.setdefault(user_id, set()).add(position_id)
    count = max(1, round(STUDENTS * scale))
    hkust = [s.user_id for s in chosen[count:] if s.code == "HKUST"]  # not load users
    return {"positions": positions, "words": words or ["engineer"], "applied": applied,
            "students": [s.user_id for s in chosen[:count]], "hkust": hkust,
            "morning": [s.user_id for s in chosen[count:] if s.code != "HKUST"],
            "companies": companies, "dean": ids["dean"], "admin": ids["admin"],
            "deans": max(1, round(DEANS * scale))}


def submitted_applications(bench: Bench, company: int) -> list[int]:
    """The company's applications waiting in "submitted", oldest first (what it moves)."""
    from foundry.extensions import db
    from foundry.models import Application, Position

    with bench.app.app_context():
        ids = list(db.session.scalars(
            select(Application.id).join(Position, Position.id == Application.position_id)
            .where(Application.status == "submitted", Position.company_id == company)
            .order_by(Application.id).limit(200)))
        db.session.remove()
    return ids
