"""Logging, editing and deleting an internship found elsewhere (service rules)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from foundry.common.errors import DomainError
from foundry.internships import services
from foundry.models import AuditLog, Internship, Notification, OutboxMail
from tests import factories

pytestmark = pytest.mark.usefixtures("request_ctx")


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_log_at_directory_company_is_pending_and_asks_the_company(db, details):
    student = factories.StudentProfileFactory()
    member = factories.CompanyMemberFactory()
    internship = services.log_internship(student=student,
                                         details=details(company=member.company))
    assert (internship.status, internship.source) == ("pending", "logged")
    assert db.session.scalar(select(AuditLog.action).where(
        AuditLog.target_id == internship.id)) == "internship.log"
    note = db.session.scalar(select(Notification).where(Notification.user_id == member.user_id))
    assert "please confirm" in note.message and f"/internships/{internship.id}" in note.link
    assert count(db, OutboxMail) == 1  # the member's e-mail copy; no supervisor given


def test_log_with_supervisor_mails_a_signed_link(db, details):
    student = factories.StudentProfileFactory()
    services.log_internship(student=student, details=details(
        company_name="Harbour Robotics Ltd", supervisor_email="Mei.Chan@Harbour.example"))
    mail = db.session.scalar(select(OutboxMail))
    assert mail.recipient == "mei.chan@harbour.example"
    assert "/internships/confirm/" in mail.body
    assert "Harbour Robotics Ltd" in mail.subject


@pytest.mark.parametrize(("overrides", "field"), [
    ({"end_date": date(2025, 6, 1)}, "end_date"),
    ({"hours_per_week": 81}, "hours_per_week"),
    ({"hours_per_week": -1}, "hours_per_week"),
    ({"paid": False, "stipend_monthly": 5000}, "stipend_monthly"),
    ({"stipend_monthly": -1}, "stipend_monthly"),
    ({"company_name": None, "supervisor_email": "boss@firm.example"}, "company_id"),
    ({"company_name": "Firm Ltd", "supervisor_email": None}, "supervisor_email"),
    ({"company_name": "Firm Ltd", "supervisor_email": "me@u0.edu.hk"}, "supervisor_email"),
    ({"company_name": "Firm Ltd", "supervisor_email": "boss@firm.example", "title": "  "},
     "title"),
    ({"company_name": "Firm Ltd", "supervisor_email": "boss@firm.example", "mode": "moon"},
     "mode"),
])
def test_bad_details_are_refused_by_field_and_nothing_is_written(db, details, overrides, field):
    student = factories.StudentProfileFactory(faculty__university__code="U0")
    data = {"company_name": "Firm Ltd", "supervisor_email": "boss@firm.example", **overrides}
    with pytest.raises(DomainError) as error:
        services.log_internship(student=student, details=details(**data))
    assert error.value.field == field
    assert count(db, Internship) == 0
    assert count(db, OutboxMail) == 0


def test_supervisor_cannot_be_the_student_themself(db, details):
    student = factories.StudentProfileFactory()
    with pytest.raises(DomainError) as error:
        services.log_internship(student=student, details=details(
            company_name="Firm Ltd", supervisor_email=student.user.email.upper()))
    assert error.value.field == "supervisor_email"


def test_company_and_name_together_or_unverified_company_are_refused(db, details):
    student = factories.StudentProfileFactory()
    company = factories.CompanyFactory()
    with pytest.raises(DomainError) as both:
        services.log_internship(student=student,
                                details=details(company=company, company_name="Other"))
    assert both.value.field == "company_name"
    pending = factories.CompanyFactory(vetting_status="pending")
    with pytest.raises(DomainError) as unverified:
        services.log_internship(student=student, details=details(company=pending))
    assert unverified.value.field == "company_id"


def test_overlapping_duplicate_is_refused_but_not_after_a_dispute(db, details):
    student = factories.StudentProfileFactory()
    company = factories.CompanyFactory(name="Quantum Leap Ltd")
    first = services.log_internship(student=student, details=details(company=company))
    with pytest.raises(DomainError) as error:
        services.log_internship(student=student, details=details(
            company=company, start_date=date(2025, 8, 1), end_date=date(2025, 9, 30)))
    assert error.value.field == "start_date"
    assert "overlap" in str(error.value)
    # The same company typed by name (any case) is the same company.
    with pytest.raises(DomainError):
        services.log_internship(student=student, details=details(
            company_name="quantum leap LTD", supervisor_email="boss@ql.example"))
    # Different dates, another company or another student: fine.
    services.log_internship(student=student, details=details(
        company=company, start_date=date(2025, 9, 1), end_date=date(2025, 9, 30)))
    services.log_internship(student=student, details=details(company=factories.CompanyFactory()))
    services.log_internship(student=factories.StudentProfileFactory(),
                            details=details(company=company))
    # A disputed internship no longer blocks logging the right one.
    first.status = "disputed"
    services.log_internship(student=student, details=details(company=company))
    assert count(db, Internship) == 5


def test_student_edits_pending_internship_audited_with_before_and_after(db, details):
    student = factories.StudentProfileFactory()
    internship = services.log_internship(student=student, details=details(
        company_name="Firm Ltd", supervisor_email="boss@firm.example"))
    services.update_logged_internship(internship=internship, details=details(
        company_name="Firm Ltd", supervisor_email="boss@firm.example", hours_per_week=20))
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "internship.update"))
    assert entry.details["before"]["hours_per_week"] == 40
    assert entry.details["after"]["hours_per_week"] == 20
    assert count(db, OutboxMail) == 1  # same supervisor: no new link
    services.update_logged_internship(internship=internship, details=details(
        company_name="Firm Ltd", supervisor_email="chief@firm.example"))
    assert count(db, OutboxMail) == 2  # new supervisor: a new link


def test_edit_keeps_rules_and_ignores_own_dates(db, details):
    student = factories.StudentProfileFactory()
    company = factories.CompanyFactory()
    internship = services.log_internship(student=student, details=details(company=company))
    services.update_logged_internship(internship=internship, details=details(
        company=company, end_date=date(2025, 9, 5)))  # overlaps only itself
    with pytest.raises(DomainError) as error:
        services.update_logged_internship(internship=internship, details=details(
            company=company, end_date=date(2025, 1, 1)))
    assert error.value.field == "end_date"
    db.session.refresh(internship)
    assert internship.end_date == date(2025, 9, 5)


@pytest.mark.parametrize("status", ["confirmed", "completed", "ended_early", "disputed"])
def test_only_pending_logged_internships_can_be_edited_or_deleted(db, details, status):
    internship = factories.InternshipFactory(status=status)
    with pytest.raises(DomainError):
        services.update_logged_internship(internship=internship,
                                          details=details(company=internship.company))
    with pytest.raises(DomainError):
        services.delete_logged_internship(internship=internship)
    assert count(db, Internship) == 1


def test_internship_from_an_offer_cannot_be_edited_by_the_student(db, details):
    internship = factories.InternshipFactory(status="pending", source="offer")
    with pytest.raises(DomainError):
        services.delete_logged_internship(internship=internship)


def test_delete_pending_internship_is_audited(db, details):
    internship = services.log_internship(student=factories.StudentProfileFactory(),
                                         details=details(company=factories.CompanyFactory()))
    services.delete_logged_internship(internship=internship)
    assert count(db, Internship) == 0
    assert db.session.scalar(select(AuditLog).where(
        AuditLog.action == "internship.delete")).details["title"] == "Embedded Software Intern"
