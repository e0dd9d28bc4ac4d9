"""Merging a free-text employer name into a directory company."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import AuditLog, GraduateOutcome, Internship
from tests import factories


def test_list_groups_names_ignoring_case(db, client, login_as):
    """Outcomes and internships with the same name (any case) are one row with counts."""
    login_as("admin")
    factories.GraduateOutcomeFactory(employer_name="Acme Robotics")
    factories.GraduateOutcomeFactory(employer_name="ACME robotics ")
    factories.InternshipFactory(company=None, company_name="acme robotics")
    factories.GraduateOutcomeFactory(employer_name=None,
                                     employer_company=factories.CompanyFactory())
    db.session.commit()
    page = client.get("/admin/employers").get_data(as_text=True)
    assert page.count("<td class=\"text-end\">3</td>") == 1  # total of the one group


def test_merge_links_every_record_in_one_go(db, client, login_as):
    """employer_company_id / company_id set, free text cleared, audited with counts."""
    login_as("admin")
    company = factories.CompanyFactory(name="Acme Robotics Limited")
    kept = factories.GraduateOutcomeFactory(employer_name="Other Co")
    o1 = factories.GraduateOutcomeFactory(employer_name="Acme Robotics")
    o2 = factories.GraduateOutcomeFactory(employer_name="ACME ROBOTICS", is_current=False,
                                          student=o1.student)
    internship = factories.InternshipFactory(company=None, company_name="acme robotics",
                                             status="pending")
    db.session.commit()
    response = client.post("/admin/employers/merge", data={
        "name": "Acme Robotics", "company": str(company.id), "confirm": "y"},
        follow_redirects=True)
    assert "merged into Acme Robotics Limited: 2 outcomes, 1 internships" in response.get_data(
        as_text=True)
    db.session.expire_all()
    for outcome in (o1, o2):
        outcome = db.session.get(GraduateOutcome, outcome.id)
        assert outcome.employer_company_id == company.id and outcome.employer_name is None
    internship = db.session.get(Internship, internship.id)
    assert internship.company_id == company.id and internship.company_name is None
    assert db.session.get(GraduateOutcome, kept.id).employer_name == "Other Co"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "admin.employer_merged"))
    assert entry.details["outcomes"] == 2 and entry.details["internships"] == 1
    assert entry.target_id == company.id


def test_merge_needs_company_and_confirmation(db, client, login_as):
    """Without a company or the tick nothing changes."""
    login_as("admin")
    company = factories.CompanyFactory()
    outcome = factories.GraduateOutcomeFactory(employer_name="Acme")
    db.session.commit()
    client.post("/admin/employers/merge", data={"name": "Acme", "company": str(company.id)})
    client.post("/admin/employers/merge", data={"name": "Acme", "company": "", "confirm": "y"})
    response = client.post("/admin/employers/merge", data={
        "name": "Nobody", "company": str(company.id), "confirm": "y"}, follow_redirects=True)
    assert "No record names this employer" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(GraduateOutcome, outcome.id).employer_company_id is None
    assert db.session.scalar(select(AuditLog)) is None
