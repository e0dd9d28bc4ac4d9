"""Feedback pages: the company fills the form, the intern reads it, nobody else does."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from foundry.feedback import queries
from foundry.models import AuditLog, SkillFeedback, SkillRating
from foundry.models.base import utcnow
from tests import factories


def post_data(skills, *, expected="4", observed="3", **extra) -> dict:
    data = {"overall_comment": "A reliable intern.", "return_offer": "yes"}
    for i, skill in enumerate(skills):
        data |= {f"rows-{i}-skill_id": str(skill.id), f"rows-{i}-expected": expected,
                 f"rows-{i}-observed": observed, f"rows-{i}-comment": ""}
    for i in range(3):
        data |= {f"extra-{i}-skill_id": "", f"extra-{i}-expected": "",
                 f"extra-{i}-observed": "", f"extra-{i}-comment": ""}
    data.update(extra)
    return data


def feedback_count(db) -> int:
    return db.session.scalar(select(func.count(SkillFeedback.id)))


def test_company_fills_the_form_and_the_student_reads_it(client, db, login_as, finished):
    internship, member, _python = finished
    extra_skill = factories.SkillFactory(name="Docker")
    db.session.commit()
    login_as(member.user)
    page = client.get(f"/internships/{internship.id}/feedback").get_data(as_text=True)
    for name in ("Communication", "Teamwork", "Technology", "Python"):
        assert name in page
    assert "Retired Competency" not in page
    assert "3 — Working: does routine tasks alone" in page  # the scale's meaning
    skills = queries.form_skills(internship)
    data = post_data(skills, **{"extra-0-skill_id": str(extra_skill.id),
                                "extra-0-expected": "3", "extra-0-observed": "1",
                                "extra-0-comment": "Needs practice"})
    response = client.post(f"/internships/{internship.id}/feedback", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/internships/{internship.id}/feedback/view")
    assert db.session.scalar(select(func.count(SkillRating.id))) == 10
    login_as(internship.student.user)
    view = client.get(f"/internships/{internship.id}/feedback/view").get_data(as_text=True)
    assert "Docker" in view and "Needs practice" in view and "+2" in view
    assert "A reliable intern." in view and "below expected" in view
    detail = client.get(f"/internships/{internship.id}").get_data(as_text=True)
    assert "Read the skills feedback" in detail


def test_levels_out_of_range_or_missing_are_shown_by_the_field(client, db, login_as,
                                                                 finished):
    internship, member, _python = finished
    db.session.commit()
    login_as(member.user)
    skills = queries.form_skills(internship)
    data = post_data(skills, **{"rows-0-observed": "9", "rows-1-expected": "",
                                "extra-0-expected": "2"})
    response = client.post(f"/internships/{internship.id}/feedback", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="rows-0-observed-error"' in page and "Not a valid choice" in page
    assert 'id="rows-1-expected-error"' in page and "Choose the level the role expects" in page
    assert 'id="extra-0-skill_id-error"' in page
    assert "A reliable intern." in page  # typed values kept
    assert feedback_count(db) == 0


def test_duplicate_added_skill_is_shown_on_its_row(client, db, login_as, finished):
    internship, member, _python = finished
    other = factories.SkillFactory(name="Rust")
    db.session.commit()
    login_as(member.user)
    skills = queries.form_skills(internship)
    data = post_data(skills, **{"extra-1-skill_id": str(other.id), "extra-1-expected": "3",
                                "extra-1-observed": "3", "extra-2-skill_id": str(other.id),
                                "extra-2-expected": "3", "extra-2-observed": "3"})
    page = client.post(f"/internships/{internship.id}/feedback", data=data).get_data(
        as_text=True)
    assert 'id="extra-2-skill_id-error"' in page and "already on the form" in page
    assert feedback_count(db) == 0


def test_edit_within_14_days_is_audited_then_read_only(client, db, login_as, finished):
    internship, member, _python = finished
    db.session.commit()
    login_as(member.user)
    skills = queries.form_skills(internship)
    url = f"/internships/{internship.id}/feedback"
    client.post(url, data=post_data(skills))
    assert "Editing:" in client.get(url).get_data(as_text=True)
    client.post(url, data=post_data(skills, observed="5", overall_comment="Better"))
    assert feedback_count(db) == 1
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "feedback.edit"))
    assert entry.details["before"]["overall_comment"] == "A reliable intern."
    assert entry.details["after"]["overall_comment"] == "Better"
    feedback = db.session.scalar(select(SkillFeedback))
    feedback.submitted_at = utcnow() - timedelta(days=15)
    db.session.commit()
    response = client.get(url, follow_redirects=True)
    assert "read-only" in response.get_data(as_text=True)
    client.post(url, data=post_data(skills, overall_comment="Too late"))
    db.session.refresh(feedback)
    assert feedback.overall_comment == "Better"


def test_feedback_form_waits_for_the_end_of_the_internship(client, db, login_as, finished):
    internship, member, _python = finished
    internship.status = "confirmed"
    db.session.commit()
    login_as(member.user)
    response = client.get(f"/internships/{internship.id}/feedback")
    assert response.status_code == 302
    assert client.post(f"/internships/{internship.id}/feedback",
                       data=post_data(queries.form_skills(internship))).status_code == 302
    assert feedback_count(db) == 0


def submitted(db, internship, member):
    feedback = factories.SkillFeedbackFactory(internship=internship, rater=member.user,
                                              overall_comment="Private words")
    factories.SkillRatingFactory(feedback=feedback)
    db.session.commit()
    return feedback


def test_who_may_read_a_feedback_form(client, db, login_as, finished):
    internship, member, _python = finished
    submitted(db, internship, member)
    url = f"/internships/{internship.id}/feedback/view"
    for role, status in (("student", 403), ("company", 403), ("dean", 403), ("admin", 200)):
        login_as(role, **({"university": internship.student.university}
                          if role == "dean" else {}))
        response = client.get(url)
        assert response.status_code == status, role
        assert ("Private words" in response.get_data(as_text=True)) == (status == 200)
    login_as(internship.student.user)
    assert client.get(url).status_code == 200
    login_as(member.user)
    assert client.get(url).status_code == 200


def test_other_company_cannot_fill_the_form(client, db, login_as, finished):
    internship, _member, _python = finished
    db.session.commit()
    login_as("company")
    assert client.get(f"/internships/{internship.id}/feedback").status_code == 403
    assert client.post(f"/internships/{internship.id}/feedback",
                       data=post_data(queries.form_skills(internship))).status_code == 403
    assert feedback_count(db) == 0


def test_no_feedback_yet_is_404_for_the_student(client, db, login_as, finished):
    internship, _member, _python = finished
    db.session.commit()
    login_as(internship.student.user)
    response = client.get(f"/internships/{internship.id}/feedback/view")
    assert response.status_code == 404
    assert "No feedback has been submitted" in response.get_data(as_text=True)


def test_overdue_page_for_company_and_admin(client, db, login_as, finished):
    internship, member, _python = finished
    internship.completed_at = utcnow() - timedelta(days=20)
    elsewhere = factories.InternshipFactory(status="completed", title="Elsewhere Intern",
                                            completed_at=utcnow() - timedelta(days=40),
                                            company__name="Elsewhere Ltd")
    db.session.commit()
    login_as(member.user)
    page = client.get("/feedback/overdue").get_data(as_text=True)
    assert "Kit Tsang" in page and "Elsewhere Intern" not in page
    login_as("admin")
    page = client.get("/feedback/overdue").get_data(as_text=True)
    assert "Kit Tsang" in page and "Elsewhere Ltd" in page and elsewhere.title in page
    login_as("student")
    assert client.get("/feedback/overdue").status_code == 403
