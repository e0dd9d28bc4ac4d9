"""`flask seed scale` generates a finished GIP year: ~3,000 applications, a third from
Mainland China, most others from 30+ countries, reviews, the stage mix of a finished cycle and
30+ placements, each an accepted offer with its internship."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select, text

from foundry.extensions import db as _db
from foundry.models import (
    Application,
    ExternalProfile,
    Internship,
    ProgrammeApplication,
    ProgrammeReview,
    StudentProfile,
    TalentProgramme,
)
from foundry.programmes import report


def test_a_finished_gip_year_of_three_thousand(runner, db):
    result = runner.invoke(args=["seed", "scale", "--factor", "0.004", "--gip", "3000",
                                 "--today", "2026-11-20"])
    assert result.exit_code == 0, result.output
    _db.session.remove()
    programme = db.session.scalar(select(TalentProgramme).where(
        TalentProgramme.name.like("Global Internship Programme 2%")))
    rows = db.session.execute(
        select(ProgrammeApplication.stage, ExternalProfile.country,
               StudentProfile.university_id)
        .join(StudentProfile, StudentProfile.id == ProgrammeApplication.student_id)
        .outerjoin(ExternalProfile, ExternalProfile.student_id == StudentProfile.id)
        .where(ProgrammeApplication.programme_id == programme.id)).all()
    assert len(rows) == 3000
    mainland = sum(1 for r in rows if r.country == "CN")
    partner = sum(1 for r in rows if r.university_id is not None)
    assert 950 <= mainland <= 1050 and 0 < partner < 300
    assert len({r.country for r in rows if r.country not in (None, "CN")}) >= 30
    stages = Counter(r.stage for r in rows)
    assert stages["accepted"] >= 30 and stages["declined"] > 0
    assert stages["rejected"] > 2000 and stages["submitted"] == 0  # the cycle is over
    placed = db.session.scalar(
        select(func.count()).select_from(Internship).join(
            Application, Application.id == Internship.application_id)
        .where(Application.programme_application_id.is_not(None)))
    assert placed == stages["accepted"]
    assert db.session.scalar(select(func.count()).select_from(ProgrammeReview)) > 3000
    data = report.build(programme)
    assert data.placements == stages["accepted"] and data.funnel["submitted"] == 3000
    assert {name for name, _ in data.by_origin} >= {"Mainland China", "Overseas",
                                                     "Partner university"}
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []
