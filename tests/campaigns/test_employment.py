"""Employer confirmation: only graduates who named the company; confirmed marked in reports."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import EmploymentConfirmation
from tests import factories


def _claim(company, **kwargs):
    return factories.GraduateOutcomeFactory(employer_company=company, employer_name=None,
                                            **kwargs)


def test_company_confirms_a_graduate_who_named_it(client, login_as, db):
    member = factories.CompanyMemberFactory()
    outcome = _claim(member.company, student__user__full_name="Ada Graduate")
    db.session.commit()
    login_as(member.user)
    page = client.get("/employment/").get_data(as_text=True)
    assert "Ada Graduate" in page
    response = client.post(f"/employment/{outcome.id}", data={"decision": "confirmed"},
                           follow_redirects=True)
    assert "Confirmed" in response.get_data(as_text=True)
    entry = db.session.scalar(select(EmploymentConfirmation))
    assert entry.status == "confirmed" and entry.outcome_id == outcome.id
    client.post(f"/employment/{outcome.id}", data={"decision": "denied"})
    db.session.refresh(entry)
    assert entry.status == "denied"


def test_company_cannot_confirm_a_graduate_who_did_not_name_it(client, login_as, db):
    member = factories.CompanyMemberFactory()
    elsewhere = _claim(factories.CompanyFactory())
    free_text = factories.GraduateOutcomeFactory()  # employer typed, not this company
    studying = _claim(member.company, category="further_study")
    old = _claim(member.company, is_current=False)
    db.session.commit()
    login_as(member.user)
    for outcome in (elsewhere, free_text, studying, old):
        assert client.post(f"/employment/{outcome.id}",
                           data={"decision": "confirmed"}).status_code == 404
    assert client.post("/employment/99999", data={"decision": "confirmed"}).status_code == 404
    assert db.session.scalar(select(EmploymentConfirmation)) is None
    page = client.get("/employment/").get_data(as_text=True)
    assert elsewhere.student.user.full_name not in page


def test_a_bad_decision_is_refused(client, login_as, db):
    member = factories.CompanyMemberFactory()
    outcome = _claim(member.company)
    db.session.commit()
    login_as(member.user)
    response = client.post(f"/employment/{outcome.id}", data={"decision": "maybe"},
                           follow_redirects=True)
    assert "Choose" in response.get_data(as_text=True)
    assert db.session.scalar(select(EmploymentConfirmation)) is None


def test_staff_see_the_employers_confirmation_on_the_record(client, login_as, db):
    member = factories.CompanyMemberFactory()
    outcome = _claim(member.company)
    db.session.commit()
    login_as(member.user)
    client.post(f"/employment/{outcome.id}", data={"decision": "confirmed"})
    login_as("admin")
    page = client.get(f"/outcomes/graduates/{outcome.student_id}").get_data(as_text=True)
    assert "Confirmed by the employer on" in page
