"""The dashboard facts equal a from-scratch recompute after every write (issue 12, item 2).

A Hypothesis test drives random sequences of the write paths — applications and their stage
changes, internships confirmed / disputed / completed, feedback and ratings, outcomes and their
history, mentoring pairs and sessions, an outcomes import, identity erasure, a student moving
faculty or cohort — each committed on its own, and checks `facts.differences()` is empty after
each commit. Plus `flask dashboards verify / rebuild` and the bulk paths.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from foundry.account.data_rights import delete_student_identity
from foundry.dashboards import facts
from foundry.imports.services import run_import
from foundry.models import (
    ActivityGroup,
    Application,
    GraduateOutcome,
    Internship,
    MentoringSession,
    Mentorship,
    SkillFeedback,
    SkillRating,
    StudentFact,
    StudentProfile,
)
from foundry.models.choices import CLUSTERS as COMPANY_CLUSTERS
from foundry.models.choices import values
from tests import factories as f
from tests.dbutil import empty_all_tables

STATUSES = ("pending", "confirmed", "disputed", "completed", "ended_early")
CLUSTERS = values(COMPANY_CLUSTERS)
CATEGORIES = ("employed_full_time", "employed_part_time", "further_study", "seeking",
              "not_seeking", "no_information")


def world(db) -> dict:
    """Two universities, three faculties, students of two cohorts, companies and skills."""
    u1 = f.UniversityFactory(code="HKA")
    u2 = f.UniversityFactory(code="HKB")
    faculties = [f.FacultyFactory(university=u1), f.FacultyFactory(university=u1),
                 f.FacultyFactory(university=u2)]
    students = [f.StudentProfileFactory(faculty=faculties[i % 3],
                                        expected_graduation=date(2024 + i % 2, 6, 30))
                for i in range(6)]
    companies = [f.CompanyFactory(is_park_tenant=True), f.CompanyFactory(is_park_tenant=False)]
    positions = [f.PositionFactory(company=c) for c in companies]
    skills = [f.SkillFactory(), f.SkillFactory()]
    admin = f.UserFactory(role="admin")
    db.session.commit()
    return {"u": [u1, u2], "faculties": faculties, "students": students,
            "companies": companies, "positions": positions, "skills": skills,
            "admin": admin}


def pick(db, model, n: int):
    """The n-th row (modulo) of a table, or None when it is empty."""
    rows = db.session.scalars(select(model).order_by(*model.__table__.primary_key.columns)).all()
    return rows[n % len(rows)] if rows else None


def step(db, w: dict, action: str, a: int, b: int) -> None:
    """One write, through the ORM (as services write) or a service itself."""
    student = w["students"][a % len(w["students"])]
    if action == "apply":
        position = w["positions"][b % 2]
        if db.session.scalar(select(Application.id).where(
                Application.student_id == student.id, Application.position_id == position.id)):
            return  # one live application per position
        f.ApplicationFactory(student=student, position=position)
    elif action == "move_application" and (app := pick(db, Application, a)):
        stamp = datetime(2025, 1, 1)
        field = ("shortlisted_at", "interview_at", "offered_at", "accepted_at",
                 "rejected_at")[b % 5]
        setattr(app, field, stamp)
    elif action == "delete_application" and (app := pick(db, Application, a)):
        db.session.delete(app)
    elif action == "internship":
        f.InternshipFactory(student=student, company=w["companies"][b % 2],
                            status=STATUSES[b % len(STATUSES)], return_offer=bool(b % 3 == 0))
    elif action == "transition" and (internship := pick(db, Internship, a)):
        internship.status = STATUSES[b % len(STATUSES)]
    elif action == "feedback" and (internship := pick(db, Internship, a)):
        if internship.feedback is None:
            fb = f.SkillFeedbackFactory(internship=internship, return_offer=bool(b % 2))
            f.SkillRatingFactory(feedback=fb, skill=w["skills"][0], expected=4, observed=b % 5 + 1)
            if b % 3:
                f.SkillRatingFactory(feedback=fb, skill=w["skills"][1], expected=3, observed=2)
        else:
            internship.feedback.return_offer = not internship.feedback.return_offer
    elif action == "rating" and (rating := pick(db, SkillRating, a)):
        rating.observed = b % 5 + 1
    elif action == "delete_feedback" and (fb := pick(db, SkillFeedback, a)):
        db.session.delete(fb)
    elif action == "outcome":
        current = db.session.scalar(select(GraduateOutcome).where(
            GraduateOutcome.student_id == student.id, GraduateOutcome.is_current.is_(True)))
        if current is not None:
            current.is_current = False
            db.session.flush()  # the old record leaves "current" before the new one arrives
        category = CATEGORIES[b % len(CATEGORIES)]
        f.GraduateOutcomeFactory(student=student, category=category,
                                 employer_company=w["companies"][b % 2] if b % 2 else None,
                                 annual_salary=300000 + 1000 * b,
                                 location=("hong_kong", "gba", None)[b % 3])
    elif action == "edit_outcome" and (outcome := pick(db, GraduateOutcome, a)):
        outcome.annual_salary = 200000 + 5000 * b
        outcome.location = ("overseas", None)[b % 2]
    elif action == "mentoring":
        f.MentorshipFactory(student=student,  # a new mentor: one live pair per mentor
                            status=("requested", "active", "closed", "declined")[b % 4])
    elif action == "mentor_status" and (pair := pick(db, Mentorship, a)):
        pair.status = ("active", "closed", "declined")[b % 3]
    elif action == "session" and (pair := pick(db, Mentorship, a)):
        f.MentoringSessionFactory(mentorship=pair, minutes=15 * (b % 6 + 1))
    elif action == "delete_session" and (entry := pick(db, MentoringSession, a)):
        db.session.delete(entry)
    elif action == "move_faculty":
        faculty = w["faculties"][b % len(w["faculties"])]
        student.faculty = faculty
        student.university = faculty.university
    elif action == "move_cohort":
        student.expected_graduation = date(2023 + b % 3, 6, 30)
        student.cohort_year = 2023 + b % 3
    elif action == "import":
        category = CATEGORIES[b % 4]
        csv = (f"student_number,category,outcome_date,annual_salary\n"
               f"{student.student_number},{category},2025-09-0{b % 9 + 1},{250000 + b}\n")
        run_import(kind="outcomes", data=csv.encode(), university=student.university,
                   actor=w["admin"])
    elif action == "erase":
        delete_student_identity(student=student, actor=w["admin"])
    elif action == "company":  # the summaries hold Science Park hires and clusters
        company = w["companies"][b % 2]
        if a % 2:
            company.is_park_tenant = not company.is_park_tenant
        else:
            company.cluster = CLUSTERS[b % len(CLUSTERS)]
    elif action == "bulk_update":  # a bulk statement the ORM cannot see, declared
        from foundry.dashboards.facts_hook import mark_changed

        db.session.execute(update(Internship).where(Internship.student_id == student.id)
                           .values(status="completed"))
        mark_changed(db.session(), students=[student.id])


ACTIONS = ("apply", "move_application", "delete_application", "internship", "transition",
           "feedback", "rating", "delete_feedback", "outcome", "edit_outcome", "mentoring",
           "mentor_status", "session", "delete_session", "move_faculty", "move_cohort",
           "import", "erase", "company", "bulk_update")
steps = st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 50), st.integers(0, 50)),
                 min_size=1, max_size=12)


@settings(max_examples=25, deadline=None, phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sequence=steps)
def test_facts_equal_a_recompute_after_every_write(request_ctx, db, sequence):
    empty_all_tables(db)
    w = world(db)
    assert facts.differences() == []
    for done, (action, a, b) in enumerate(sequence, 1):
        step(db, w, action, a, b)
        db.session.commit()
        found = facts.differences()
        assert not found, "\n".join([f"after {sequence[:done]}:", *found])


def test_a_stale_fact_is_reported_and_rebuilt(runner, db):
    w = world(db)
    f.InternshipFactory(student=w["students"][0], status="completed")
    db.session.commit()
    assert runner.invoke(args=["dashboards", "verify"]).exit_code == 0
    # a write that bypasses the ORM and declares nothing: verify finds it
    db.session.execute(update(StudentFact).values(internships=7))
    db.session.execute(delete(facts.SkillFact))
    db.session.commit()
    result = runner.invoke(args=["dashboards", "verify", "--university", "HKA"])
    assert result.exit_code == 1
    assert "dash_student_facts" in result.output and "difference" in result.output
    assert runner.invoke(args=["dashboards", "rebuild"]).exit_code == 0
    assert runner.invoke(args=["dashboards", "verify"]).exit_code == 0
    # a group summary out of step with the facts is found too
    db.session.execute(update(ActivityGroup).values(internships=ActivityGroup.internships + 1))
    db.session.commit()
    result = runner.invoke(args=["dashboards", "verify"])
    assert result.exit_code == 1 and "dash_activity_groups" in result.output
    assert runner.invoke(args=["dashboards", "rebuild"]).exit_code == 0
    assert runner.invoke(args=["dashboards", "verify"]).exit_code == 0
    assert "0 differences" in runner.invoke(args=["dashboards", "verify", "--university",
                                                  "hkb"]).output


def test_verify_refuses_an_unknown_university(runner, db):
    result = runner.invoke(args=["dashboards", "verify", "--university", "NOPE"])
    assert result.exit_code != 0 and "NOPE" in result.output


def test_bulk_loaders_rebuild_the_facts(runner, db):
    """`flask seed demo` writes in bulk; its facts are complete at commit."""
    assert runner.invoke(args=["seed", "demo", "--today", "2026-03-01"]).exit_code == 0
    assert db.session.scalar(select(StudentFact.student_id).limit(1)) is not None
    assert facts.differences() == []
    assert db.session.query(StudentFact).count() == db.session.query(StudentProfile).count()


def test_the_demo_loader_itself_rebuilds_the_facts(db):
    """seed_demo() is called directly by the browser tests, the HTML check and the benchmarks,
    not only through `flask seed demo`: its facts are complete at the caller's commit."""
    from foundry.seed.demo import seed_demo

    assert seed_demo(today=date(2026, 3, 1))
    db.session.commit()
    assert db.session.query(StudentFact).count() == db.session.query(StudentProfile).count() > 0
    assert facts.differences() == []


@pytest.mark.parametrize("field", ["headline", "mentee_interests"])
def test_a_profile_edit_that_no_figure_reads_touches_no_fact(db, field):
    w = world(db)
    student = w["students"][0]
    setattr(student, field, "changed")
    db.session.flush()
    from foundry.dashboards.facts_hook import KEY

    assert not db.session.info.get(KEY, {}).get("students")
    db.session.commit()


def test_deleting_an_expired_row_refreshes_its_student(db):
    w = world(db)
    application = f.ApplicationFactory(student=w["students"][0], position=w["positions"][0])
    db.session.commit()
    db.session.expire(application)  # as after a commit: nothing of it loaded
    db.session.delete(application)
    db.session.commit()
    assert facts.differences() == []


def test_a_company_leaving_the_park_or_changing_cluster_is_summed_again(db):
    """The group summaries hold Science Park hires and clusters: a company's tenancy or
    cluster change re-sums the groups of its graduates and interns in the same commit."""
    from foundry.dashboards import activity, metrics

    w = world(db)
    park = w["companies"][0]
    student = w["students"][0]
    f.GraduateOutcomeFactory(student=student, category="employed_full_time",
                             employer_company=park, annual_salary=300000)
    f.InternshipFactory(student=student, company=park, status="completed")
    db.session.commit()
    everyone = metrics.Scope()
    assert sum(r.park for r in metrics.outcome_counts(everyone, "all")) == 1
    park.is_park_tenant = False
    park.cluster = next(c for c in CLUSTERS if c != park.cluster)
    db.session.commit()
    assert facts.differences() == []
    assert sum(r.park for r in metrics.outcome_counts(everyone, "all")) == 0
    assert [(r.cluster, r.internships, r.hires) for r in activity.cluster_counts(everyone)] \
        == [(park.cluster, 1, 1)]
