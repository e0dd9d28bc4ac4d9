"""The supervisor's signed, single-use link: valid, tampered, reused, expired, replaced."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from foundry.internships import services
from foundry.models import AuditLog, Internship, Notification, OutboxMail
from tests import factories
from tests.internships.conftest import in_request


@pytest.fixture()
def logged(app, db, details):
    """A pending internship at a directory company nobody acts for yet, whose website is on
    the supervisor's domain, and the link mailed for it."""
    student = factories.StudentProfileFactory(user__full_name="Wing Lam")
    company = factories.CompanyFactory(name="Harbour Robotics Ltd",
                                       website="https://www.harbour.example/about")
    with in_request(app):
        internship = services.log_internship(student=student, details=details(
            company=company, supervisor_email="mei@harbour.example"))
    db.session.commit()
    body = db.session.scalar(select(OutboxMail.body).where(
        OutboxMail.recipient == "mei@harbour.example"))
    path = re.search(r"https?://[^/\s]+(/internships/confirm/\S+)", body).group(1)
    return internship, path


def test_supervisor_sees_details_and_confirms_without_an_account(client, db, logged):
    internship, path = logged
    page = client.get(path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Wing Lam" in text and "Harbour Robotics Ltd" in text and "2025-06-02" in text
    response = client.post(path, data={"action": "confirm"})
    assert response.status_code == 200
    assert "you confirmed" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Internship, internship.id).status == "confirmed"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "internship.confirm"))
    assert entry.actor_id is None and entry.details["side"] == "supervisor"
    assert entry.details["supervisor_email"] == "mei@harbour.example"
    assert db.session.scalar(select(Notification).where(
        Notification.user_id == internship.student.user_id,
        Notification.message.contains("Confirmed")))


def test_link_is_single_use(client, db, logged):
    internship, path = logged
    client.post(path, data={"action": "confirm"})
    again = client.post(path, data={"action": "dispute", "reason": "Changed my mind"})
    assert again.status_code == 409
    assert "already been used" in again.get_data(as_text=True)
    assert client.get(path).status_code == 409
    db.session.expire_all()
    assert db.session.get(Internship, internship.id).status == "confirmed"


def test_tampered_link_is_refused_clearly(client, db, logged):
    internship, path = logged
    response = client.get(path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb"))
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)
    assert client.post(path + "x", data={"action": "confirm"}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Internship, internship.id).status == "pending"


def test_expired_link_is_refused_clearly(app, client, db, logged, monkeypatch):
    internship, path = logged
    monkeypatch.setitem(app.config, "CONFIRMATION_MAX_AGE", -1)
    response = client.post(path, data={"action": "confirm"})
    assert response.status_code == 410
    assert "expired" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Internship, internship.id).status == "pending"


def test_link_dies_when_the_student_changes_the_supervisor(app, client, db, logged, details):
    internship, path = logged
    with in_request(app):
        services.update_logged_internship(internship=internship, details=details(
            company_name="Harbour Robotics Ltd", supervisor_email="boss@harbour.example"))
    db.session.commit()
    response = client.get(path)
    assert response.status_code == 410
    assert "replaced" in response.get_data(as_text=True)


def test_link_of_a_deleted_internship(app, client, db, logged):
    internship, path = logged
    with in_request(app):
        services.delete_logged_internship(internship=internship)
    db.session.commit()
    assert "no longer exists" in client.get(path).get_data(as_text=True)


def test_dispute_through_the_link_needs_a_reason(client, db, logged):
    internship, path = logged
    response = client.post(path, data={"action": "dispute", "reason": ""})
    assert response.status_code == 200
    assert "Say why you dispute" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Internship, internship.id).status == "pending"
    client.post(path, data={"action": "dispute", "reason": "I do not know this student."})
    db.session.expire_all()
    saved = db.session.get(Internship, internship.id)
    assert (saved.status, saved.dispute_reason) == ("disputed", "I do not know this student.")


def test_the_intern_cannot_use_their_supervisors_link(client, db, login_as, logged):
    internship, path = logged
    login_as(internship.student.user)
    assert client.post(path, data={"action": "confirm"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Internship, internship.id).status == "pending"
