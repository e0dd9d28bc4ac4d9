"""Review findings: the supervisor link is for companies not on the platform only.

Before: a student logging an internship at a directory company could name a supervisor address
they control (a personal mailbox) and confirm it themself, bypassing the company's members.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from foundry.internships import services
from foundry.models import Company, Internship, OutboxMail
from tests import factories
from tests.internships.conftest import in_request


def _links(db, recipient):
    bodies = db.session.scalars(select(OutboxMail.body).where(OutboxMail.recipient == recipient))
    return [re.search(r"https?://[^/\s]+(/internships/confirm/\S+)", b).group(1)
            for b in bodies if "/internships/confirm/" in b]


def test_no_link_is_mailed_for_a_company_with_members(app, db, details):
    """The members confirm; a 'supervisor' address gets no link."""
    member = factories.CompanyMemberFactory()
    student = factories.StudentProfileFactory()
    with in_request(app):
        services.log_internship(student=student, details=details(
            company=member.company, supervisor_email="me.personal@gmail.example"))
    db.session.commit()
    assert _links(db, "me.personal@gmail.example") == []


def test_an_old_link_dies_once_the_company_is_on_the_platform(app, client, db, details):
    """A link mailed for a typed company name stops working when an admin links the
    internship to a directory company whose members can confirm it."""
    student = factories.StudentProfileFactory()
    with in_request(app):
        internship = services.log_internship(student=student, details=details(
            company_name="Harbour Robotics Ltd", supervisor_email="me.personal@gmail.example"))
    db.session.commit()
    [path] = _links(db, "me.personal@gmail.example")
    member = factories.CompanyMemberFactory()
    internship.company_id, internship.company_name = member.company_id, None
    db.session.commit()
    response = client.post(path, data={"action": "confirm"})
    assert response.status_code == 410
    db.session.expire_all()
    assert db.session.get(Internship, internship.id).status == "pending"


def test_a_directory_company_without_members_still_uses_the_link(app, client, db, details):
    """A verified directory company nobody acts for yet confirms through its supervisor."""
    company = factories.CompanyFactory(vetting_status="verified",
                                       website="https://harbour.example")
    db.session.commit()
    student = factories.StudentProfileFactory()
    with in_request(app):
        internship = services.log_internship(student=student, details=details(
            company=db.session.get(Company, company.id),
            supervisor_email="boss@harbour.example"))
    db.session.commit()
    [path] = _links(db, "boss@harbour.example")
    assert client.post(path, data={"action": "confirm"}).status_code == 200
    db.session.expire_all()
    assert db.session.get(Internship, internship.id).status == "confirmed"


def test_the_student_is_told_who_confirms(client, db, login_as):
    """With members at the company, the page does not promise a supervisor link."""
    member = factories.CompanyMemberFactory()
    user = login_as("student")
    internship = factories.InternshipFactory(student=user.student, company=member.company,
                                             status="pending", source="logged",
                                             supervisor_email="boss@harbour.example")
    db.session.commit()
    text = client.get(f"/internships/{internship.id}").get_data(as_text=True)
    assert "waiting for a member of the company" in text
    assert "e-mailed the supervisor" not in text
