"""Security finding 4: a student confirmed their own logged internship through the supervisor
link by naming an address they read. A link confirms outright only from an address on the
company's own domain; otherwise the internship waits for an admin's review, with evidence."""

from __future__ import annotations

import re

from sqlalchemy import select

from foundry.internships import services
from foundry.models import AuditLog, CompanyDomain, Internship, OutboxMail
from tests import factories
from tests.internships.conftest import in_request


def _log(app, db, details, *, email, **where):
    student = factories.StudentProfileFactory(user__email="wing@connect.ust.hk")
    with in_request(app):
        internship = services.log_internship(student=student, details=details(
            supervisor_email=email, **where))
    db.session.commit()
    body = db.session.scalar(select(OutboxMail.body).where(OutboxMail.recipient == email)
                             .order_by(OutboxMail.id.desc()))
    return internship, re.search(r"https?://[^/\s]+(/internships/confirm/\S+)", body).group(1)


def _status(db, internship):
    db.session.expire_all()
    return db.session.get(Internship, internship.id)


def test_a_personal_address_cannot_confirm_it_waits_for_review(app, client, db, details,
                                                               login_as):
    company = factories.CompanyFactory(website="https://www.harbour.example")
    internship, path = _log(app, db, details, email="boss.harbour@gmail.example",
                            company=company)
    page = client.post(path, data={"action": "confirm"})
    assert page.status_code == 200
    assert "reviews it before it counts" in page.get_data(as_text=True)
    row = _status(db, internship)
    assert row.status == "pending" and row.supervisor_confirmed_at is not None
    audit = db.session.scalar(select(AuditLog).where(
        AuditLog.action == "internship.supervisor_vouched"))
    assert audit.details["company_domains"] == ["harbour.example"]
    # Clicking again says it is under review, and changes nothing.
    again = client.post(path, data={"action": "confirm"})
    assert again.status_code == 409 and "reviews it" in again.get_data(as_text=True)

    login_as("admin")
    queue = client.get("/internships/all?status=review").get_data(as_text=True)
    assert internship.title in queue
    detail = client.get(f"/internships/{internship.id}").get_data(as_text=True)
    assert "Awaiting your review" in detail and "boss.harbour@gmail.example" in detail
    assert "harbour.example" in detail
    client.post(f"/internships/{internship.id}/transition", data={"action": "confirm"})
    assert _status(db, internship).status == "confirmed"
    assert internship.title not in client.get("/internships/all?status=review").get_data(
        as_text=True)


def test_a_typed_company_name_always_waits_for_review(app, client, db, details):
    internship, path = _log(app, db, details, email="mei@harbour.example",
                            company_name="Harbour Robotics Ltd")
    client.post(path, data={"action": "confirm"})
    assert _status(db, internship).status == "pending"


def test_the_website_domain_and_its_subdomains_confirm(app, client, db, details):
    company = factories.CompanyFactory(website="harbour.example")
    internship, path = _log(app, db, details, email="mei@hk.harbour.example", company=company)
    client.post(path, data={"action": "confirm"})
    assert _status(db, internship).status == "confirmed"


def test_a_lookalike_domain_does_not_confirm(app, client, db, details):
    company = factories.CompanyFactory(website="https://harbour.example")
    internship, path = _log(app, db, details, email="mei@evilharbour.example", company=company)
    client.post(path, data={"action": "confirm"})
    assert _status(db, internship).status == "pending"


def test_a_domain_an_admin_verified_confirms(app, client, db, details, login_as):
    company = factories.CompanyFactory(website=None)
    db.session.commit()
    login_as("admin")
    page = client.get(f"/admin/companies/{company.id}/domains")
    assert page.status_code == 200 and "None yet" in page.get_data(as_text=True)
    added = client.post(f"/admin/companies/{company.id}/domains",
                        data={"domain": "@Harbour-Robotics.example "})
    assert added.status_code == 302
    assert db.session.scalar(select(CompanyDomain.domain)) == "harbour-robotics.example"
    client.post("/logout")
    internship, path = _log(app, db, details, email="mei@harbour-robotics.example",
                            company=company)
    client.post(path, data={"action": "confirm"})
    assert _status(db, internship).status == "confirmed"


def test_bad_domains_are_refused_by_the_field(client, db, login_as):
    company = factories.CompanyFactory(website="https://harbour.example")
    db.session.commit()
    login_as("admin")
    for bad, message in (("not a domain", "Give a domain"), ("harbour.example",
                                                             "already one of")):
        page = client.post(f"/admin/companies/{company.id}/domains", data={"domain": bad})
        assert page.status_code == 400 and message in page.get_data(as_text=True)
    assert db.session.scalar(select(CompanyDomain.id)) is None


def test_domains_are_admin_only_and_removable(client, db, login_as):
    company = factories.CompanyFactory()
    db.session.add(CompanyDomain(company_id=company.id, domain="harbour.example"))
    db.session.commit()
    row_id = db.session.scalar(select(CompanyDomain.id))
    login_as("company")
    assert client.get(f"/admin/companies/{company.id}/domains").status_code == 403
    login_as("admin")
    assert client.post(f"/admin/companies/{company.id + 1}/domains/{row_id}/delete"
                       ).status_code == 302
    assert db.session.scalar(select(CompanyDomain.id)) == row_id  # wrong company: untouched
    client.post(f"/admin/companies/{company.id}/domains/{row_id}/delete")
    assert db.session.scalar(select(CompanyDomain.id)) is None
