"""Views of a student's record by anyone but that student are in the audit trail (issue 5)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from foundry.models import AuditLog
from tests import factories


def _views(db, student_id: int) -> list[AuditLog]:
    return list(db.session.scalars(select(AuditLog).where(
        AuditLog.action == "student.record_viewed", AuditLog.target_id == student_id)))


@pytest.mark.parametrize("page", ["application", "internship", "feedback", "mentoring"])
def test_company_and_admin_views_are_audited_the_students_own_are_not(client, db, login_as,
                                                                       page):
    member = factories.CompanyMemberFactory()
    internship = factories.InternshipFactory(company=member.company, status="completed")
    student = internship.student
    factories.SkillFeedbackFactory(internship=internship)
    application = factories.ApplicationFactory(student=student,
                                               position__company=member.company)
    mentor = factories.MentorProfileFactory(user=member.user)
    pair = factories.MentorshipFactory(mentor=mentor, student=student)
    db.session.commit()
    url = {"application": f"/applications/{application.id}",
           "internship": f"/internships/{internship.id}",
           "feedback": f"/internships/{internship.id}/feedback/view",
           "mentoring": f"/mentoring/pairs/{pair.id}"}[page]

    login_as(student.user)
    assert client.get(url).status_code == 200
    assert _views(db, student.id) == []

    viewer = login_as(member.user)
    assert client.get(url).status_code == 200
    entries = _views(db, student.id)
    assert len(entries) == 1
    assert entries[0].actor_id == viewer.id and entries[0].details["page"] == page


def test_staff_opening_an_outcome_record_is_audited(client, db, login_as):
    admin = login_as("admin")
    student = factories.StudentProfileFactory()
    db.session.commit()
    assert client.get(f"/outcomes/graduates/{student.id}").status_code == 200
    assert [e.actor_id for e in _views(db, student.id)] == [admin.id]
