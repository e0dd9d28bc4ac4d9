"""`flask seed scale`: counts follow --factor, constraints hold, it needs an empty database."""

from __future__ import annotations

from sqlalchemy import func, select, text

from foundry.extensions import db as _db
from foundry.models import (
    Application,
    GraduateOutcome,
    Internship,
    SkillFeedback,
    StudentProfile,
    User,
)
from foundry.models.choices import cohort_year
from foundry.seed.plan import scale_plan
from foundry.seed.writer import table_counts

DAY = "2026-11-20"


def seed(runner, *args):
    result = runner.invoke(args=["seed", "scale", "--today", DAY, *args])
    assert result.exit_code == 0, result.output
    _db.session.remove()
    return table_counts()


def test_scale_counts_follow_the_factor_and_constraints_hold(runner, db):
    small = seed(runner, "--factor", "0.004")
    small_users = db.session.scalars(select(User.email).order_by(User.id)).all()
    externals = small["external_profiles"]
    assert small["student_profiles"] == scale_plan(0.004).total_students + externals
    assert small["programme_applications"] == 40 and externals >= 30
    assert small["universities"] == 6 and small["faculties"] >= 28
    for table in ("applications", "internships", "skill_feedbacks", "skill_ratings",
                  "mentorships", "mentoring_sessions", "graduate_outcomes"):
        assert small[table] > 0, table

    refused = runner.invoke(args=["seed", "scale", "--factor", "0.004"])
    assert refused.exit_code != 0 and "not empty" in refused.output

    large = seed(runner, "--factor", "0.012", "--reset")
    assert large["student_profiles"] == (scale_plan(0.012).total_students
                                         + large["external_profiles"])
    ratio = large["student_profiles"] / small["student_profiles"]
    for table in ("applications", "internships", "graduate_outcomes", "users"):
        # positions are sparse at tiny factors, so applications grow faster than students
        assert 0.5 * ratio < large[table] / small[table] < 2.5 * ratio, table
    assert large["universities"] == 6  # reference data is not duplicated by --reset

    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []
    assert db.session.scalar(select(func.count()).select_from(SkillFeedback).join(Internship)
                             .where(Internship.status != "completed")) == 0
    assert db.session.scalar(select(func.count()).select_from(Internship).where(
        Internship.source == "offer", Internship.application_id.is_(None))) == 0
    assert db.session.scalar(select(func.count()).select_from(Application).where(
        Application.status == "accepted", Application.accepted_at.is_(None))) == 0
    for student in db.session.scalars(select(StudentProfile).where(
            StudentProfile.university_id.is_not(None))):  # external talent have no cohort
        assert student.cohort_year == cohort_year(student.graduation_date)
    current = select(GraduateOutcome.student_id).where(GraduateOutcome.is_current.is_(True))
    students = db.session.scalars(current).all()
    assert len(students) == len(set(students))

    # deterministic: the same factor and day give the same rows again
    assert seed(runner, "--factor", "0.004", "--reset") == small
    assert db.session.scalars(select(User.email).order_by(User.id)).all() == small_users


def test_scale_ids_leave_room_for_new_rows(runner, db):
    """Explicit ids are followed by working sequences (PostgreSQL) and plain inserts."""
    seed(runner, "--factor", "0.001")
    user = User(email="after.scale@example.com", full_name="After Scale", role="admin")
    db.session.add(user)
    db.session.commit()
    assert user.id > db.session.scalar(select(func.count()).select_from(User)) - 1


def test_scale_has_a_finished_campaign_per_university_and_cohort(runner, db):
    """Each university and cohort has a campaign; answers follow the survey outcomes' dates."""
    from datetime import date

    from foundry.campaigns.queries import progress
    from foundry.models import CampaignRecipient, SurveyCampaign

    seed(runner, "--factor", "0.02")
    campaigns = db.session.scalars(select(SurveyCampaign)).all()
    cohorts = set(db.session.scalars(select(StudentProfile.cohort_year).distinct())) - {None}
    opened = {c for c in cohorts if date(c, 6, 1) <= date.fromisoformat(DAY)}
    assert {(c.university_id, c.cohort_year) for c in campaigns} >= {
        (u, c) for u in {c.university_id for c in campaigns} for c in opened}
    finished = [c for c in campaigns if c.closes_on < date.fromisoformat(DAY)]
    assert finished
    _rows, total = progress(finished[-1])
    assert 0.2 < total.answered / total.invited < 0.9
    answered = db.session.scalars(select(CampaignRecipient).where(
        CampaignRecipient.campaign_id == finished[-1].id,
        CampaignRecipient.answered_at.is_not(None))).all()
    days = sorted((r.answered_at - r.invited_at).days for r in answered)
    median = days[len(days) // 2]
    assert 0 <= days[0] <= median < days[-1] and median < 120  # most early, a long tail
