"""Feedback rules: finished internships only, one form, 14-day edit window, audit, ranges."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from foundry.common.errors import DomainError
from foundry.feedback import queries, services
from foundry.feedback.services import RatingInput
from foundry.models import AuditLog, Notification, SkillFeedback, SkillRating
from foundry.models.base import utcnow
from tests import factories

pytestmark = pytest.mark.usefixtures("request_ctx")


def rows(skills, expected=4, observed=3):
    return [RatingInput(skill_id=s.id, expected=expected, observed=observed,
                        key=f"rows-{i}-expected") for i, s in enumerate(skills)]


def feedback_count(db) -> int:
    return db.session.scalar(select(func.count(SkillFeedback.id)))


def test_form_rates_competencies_then_position_skills(db, finished, competencies):
    internship, _member, python = finished
    skills = queries.form_skills(internship)
    assert [s.name for s in skills] == [*sorted(s.name for s in competencies), "Python"]
    assert queries.required_levels(internship) == {python.id: 4}


def test_submit_saves_ratings_sets_return_offer_and_tells_the_student(db, finished):
    internship, member, _python = finished
    skills = queries.form_skills(internship)
    feedback = services.submit_feedback(internship=internship, rater=member.user,
                                        ratings=rows(skills), overall_comment=" Keen. ",
                                        return_offer=True)
    assert len(feedback.ratings) == 9 and feedback.overall_comment == "Keen."
    assert internship.return_offer is True
    assert services.gap(4, 3) == 1
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "feedback.submit"))
    assert entry.details["ratings"]["Python"] == {"expected": 4, "observed": 3, "comment": None}
    note = db.session.scalar(select(Notification).where(
        Notification.user_id == internship.student.user_id))
    assert note.link.endswith(f"/internships/{internship.id}/feedback/view")


@pytest.mark.parametrize("status", ["pending", "confirmed", "disputed"])
def test_feedback_only_on_a_finished_internship(db, finished, status):
    internship, member, _python = finished
    internship.status = status
    with pytest.raises(DomainError, match="completed or ended early"):
        services.submit_feedback(internship=internship, rater=member.user,
                                 ratings=rows(queries.form_skills(internship)),
                                 overall_comment=None, return_offer=False)
    assert feedback_count(db) == 0


def test_ended_early_internship_takes_feedback(db, finished):
    internship, member, _python = finished
    internship.status = "ended_early"
    services.submit_feedback(internship=internship, rater=member.user,
                             ratings=rows(queries.form_skills(internship)),
                             overall_comment=None, return_offer=False)
    assert feedback_count(db) == 1


@pytest.mark.parametrize(("expected", "observed"), [(0, 3), (6, 3), (3, 0), (3, 6), (-1, 9)])
def test_levels_outside_1_to_5_are_refused(db, finished, expected, observed):
    internship, member, _python = finished
    skills = queries.form_skills(internship)
    with pytest.raises(DomainError) as error:
        services.submit_feedback(internship=internship, rater=member.user,
                                 ratings=rows(skills, expected, observed),
                                 overall_comment=None, return_offer=False)
    assert error.value.field == "rows-0-expected"
    assert feedback_count(db) == 0


def test_same_skill_twice_or_unknown_skill_is_refused(db, finished):
    internship, member, python = finished
    skills = queries.form_skills(internship)
    twice = [*rows(skills), RatingInput(skill_id=python.id, expected=3, observed=3,
                                        key="extra-0-skill_id")]
    with pytest.raises(DomainError) as error:
        services.submit_feedback(internship=internship, rater=member.user, ratings=twice,
                                 overall_comment=None, return_offer=False)
    assert error.value.field == "extra-0-skill_id"
    unknown = [*rows(skills), RatingInput(skill_id=987654, expected=3, observed=3,
                                          key="extra-1-skill_id")]
    with pytest.raises(DomainError) as error:
        services.submit_feedback(internship=internship, rater=member.user, ratings=unknown,
                                 overall_comment=None, return_offer=False)
    assert error.value.field == "extra-1-skill_id"


def test_second_submission_edits_the_one_form_with_before_and_after(db, finished):
    internship, member, _python = finished
    skills = queries.form_skills(internship)
    services.submit_feedback(internship=internship, rater=member.user, ratings=rows(skills),
                             overall_comment="First", return_offer=False)
    extra = factories.SkillFactory(name="PCB design")
    changed = [*rows(skills, observed=5), RatingInput(skill_id=extra.id, expected=2,
                                                      observed=2)]
    services.submit_feedback(internship=internship, rater=member.user, ratings=changed,
                             overall_comment="Second", return_offer=True,
                             now=utcnow() + timedelta(days=13))
    assert feedback_count(db) == 1
    assert db.session.scalar(select(func.count(SkillRating.id))) == 10
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "feedback.edit"))
    assert entry.details["before"]["overall_comment"] == "First"
    assert entry.details["after"]["overall_comment"] == "Second"
    assert entry.details["before"]["ratings"]["Python"]["observed"] == 3
    assert entry.details["after"]["ratings"]["Python"]["observed"] == 5
    assert "PCB design" in entry.details["after"]["ratings"]
    assert internship.return_offer is True and internship.feedback.updated_at is not None
    # The added skill stays on the form from now on; dropping a skill removes its rating.
    assert "PCB design" in [s.name for s in queries.form_skills(internship)]
    services.submit_feedback(internship=internship, rater=member.user, ratings=rows(skills),
                             overall_comment="Third", return_offer=True)
    assert db.session.scalar(select(func.count(SkillRating.id))) == 9


def test_edits_close_14_days_after_submission(db, finished):
    internship, member, _python = finished
    skills = queries.form_skills(internship)
    feedback = services.submit_feedback(internship=internship, rater=member.user,
                                        ratings=rows(skills), overall_comment="Kept",
                                        return_offer=False)
    assert services.can_still_edit(feedback, feedback.submitted_at + timedelta(days=14))
    late = feedback.submitted_at + timedelta(days=14, seconds=1)
    assert not services.can_still_edit(feedback, late)
    with pytest.raises(DomainError, match="read-only"):
        services.submit_feedback(internship=internship, rater=member.user,
                                 ratings=rows(skills, observed=1), overall_comment="Changed",
                                 return_offer=True, now=late)
    db.session.refresh(feedback)
    assert feedback.overall_comment == "Kept"
    assert db.session.scalar(select(func.count(AuditLog.id)).where(
        AuditLog.action == "feedback.edit")) == 0


def test_database_holds_one_form_per_internship(db, finished):
    internship, member, _python = finished
    db.session.add(SkillFeedback(internship_id=internship.id, rater_id=member.user_id))
    db.session.flush()
    db.session.add(SkillFeedback(internship_id=internship.id, rater_id=member.user_id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_suspended_company_cannot_give_feedback(db, finished):
    internship, member, _python = finished
    member.company.vetting_status = "suspended"
    with pytest.raises(DomainError, match="suspended"):
        services.submit_feedback(internship=internship, rater=member.user,
                                 ratings=rows(queries.form_skills(internship)),
                                 overall_comment=None, return_offer=False)


def test_overdue_lists_finished_internships_without_feedback_after_14_days(db, finished):
    internship, member, _python = finished
    internship.completed_at = utcnow() - timedelta(days=15)
    recent = factories.InternshipFactory(company=member.company, status="completed",
                                         completed_at=utcnow() - timedelta(days=3))
    other = factories.InternshipFactory(status="ended_early",
                                        completed_at=utcnow() - timedelta(days=30))
    factories.InternshipFactory(company=None, company_name="Typed Ltd", status="completed",
                                completed_at=utcnow() - timedelta(days=30))
    db.session.flush()
    assert queries.overdue_internships(company_id=member.company_id) == [internship]
    assert {i.id for i in queries.overdue_internships(company_id=None)} == \
        {internship.id, other.id}
    assert queries.overdue_count(company_id=member.company_id) == 1
    assert recent.id not in {i.id for i in queries.overdue_internships(company_id=None)}
    services.submit_feedback(internship=internship, rater=member.user,
                             ratings=rows(queries.form_skills(internship)),
                             overall_comment=None, return_offer=False)
    assert queries.overdue_count(company_id=member.company_id) == 0
