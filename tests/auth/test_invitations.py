"""Invitations: the admin page, revoke and resend, and accepting (or not) a signed link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from foundry.auth import tokens
from foundry.models import CompanyMember, DeanAssignment, Invitation, OutboxMail, User
from foundry.models.base import utcnow
from tests import factories
from tests.auth.helpers import STRONG, actions, count, last_mail, link_in


@pytest.fixture()
def admin(login_as):
    return login_as("admin")


def invite(client, **data):
    return client.post("/invitations", data={"role": "company", **data})


def test_admin_invites_a_company_member(client, admin, db):
    company = factories.CompanyFactory(name="Quantum Leap Robotics Limited")
    db.session.commit()
    response = invite(client, email="Ada.Lam@QLRobotics.hk", company_id=str(company.id))
    assert response.status_code == 302 and response.headers["Location"].endswith("/invitations")
    invitation = db.session.scalar(select(Invitation))
    assert invitation.email == "ada.lam@qlrobotics.hk" and invitation.role == "company"
    assert invitation.company_id == company.id and invitation.created_by_id == admin.id
    assert invitation.expires_at > utcnow() + timedelta(days=6)
    mail = last_mail("ada.lam@qlrobotics.hk")
    assert "/invitations/accept/" in mail.body
    assert "auth.invitation_created" in actions()
    page = client.get("/invitations").get_data(as_text=True)
    assert "ada.lam@qlrobotics.hk" in page and "Quantum Leap Robotics Limited" in page
    assert "Open" in page


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"email": "x@example.com"}, "company_id", "Choose the company"),
    ({"email": "x@example.com", "role": "dean"}, "university_id", "Choose the dean"),
    ({"email": "not-an-email"}, "email", "Invalid email address."),
    ({"email": "x@example.com", "role": "student"}, "role", "Not a valid choice"),
    ({"email": "x" * 250 + "@example.com"}, "email", "longer than 254"),
])
def test_invitation_form_errors_by_field(client, admin, db, data, field, message):
    response = invite(client, **data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page and message in page
    assert count(Invitation) == 0 and count(OutboxMail) == 0


def test_dean_faculty_must_belong_to_the_university(client, admin, db):
    university = factories.UniversityFactory()
    elsewhere = factories.FacultyFactory()
    db.session.commit()
    page = invite(client, email="dean@example.com", role="dean",
                  university_id=str(university.id), faculty_id=str(elsewhere.id))
    assert "This faculty belongs to another university." in page.get_data(as_text=True)
    assert count(Invitation) == 0


def test_existing_account_or_open_invitation_is_refused(client, admin, db):
    factories.UserFactory(email="taken@example.com")
    db.session.commit()
    page = invite(client, email="TAKEN@example.com", role="admin").get_data(as_text=True)
    assert "An account with this e-mail already exists" in page
    assert invite(client, email="new@example.com", role="admin").status_code == 302
    page = invite(client, email="New@Example.com", role="admin").get_data(as_text=True)
    assert "still open" in page
    assert count(Invitation) == 1


@pytest.mark.parametrize("role", ["student", "company", "dean"])
def test_only_admins_manage_invitations(client, login_as, role):
    login_as(role)
    assert client.get("/invitations").status_code == 403
    assert invite(client, email="x@example.com", role="admin").status_code == 403
    assert count(Invitation) == 0


def _invitation(**kwargs) -> Invitation:
    kwargs.setdefault("expires_at", utcnow() + timedelta(days=7))
    invitation = Invitation(email=kwargs.pop("email", "newbie@example.com"),
                            role=kwargs.pop("role", "admin"), **kwargs)
    from foundry.extensions import db

    db.session.add(invitation)
    db.session.commit()
    return invitation


def _link(app, invitation) -> str:
    with app.test_request_context():
        return "/invitations/accept/" + tokens.make_token(tokens.INVITATION, {"i": invitation.id})


def test_revoke_and_resend(client, admin, db, app):
    invitation = _invitation()
    first = last_mail()
    assert client.post(f"/invitations/{invitation.id}/resend").status_code == 302
    assert first is None and count(OutboxMail) == 1
    assert "/invitations/accept/" in last_mail().body
    assert client.post(f"/invitations/{invitation.id}/revoke").status_code == 302
    db.session.refresh(invitation)
    assert invitation.revoked_at is not None
    client.post("/logout")
    response = client.get(link_in(last_mail()))
    assert response.status_code == 410 and "withdrawn" in response.get_data(as_text=True)
    assert "auth.invitation_revoked" in actions() and "auth.invitation_resent" in actions()


def test_revoke_or_resend_unknown_invitation_is_404(client, admin):
    assert client.post("/invitations/999999/revoke").status_code == 404
    assert client.post("/invitations/999999/resend").status_code == 404


def test_company_member_accepts_and_is_signed_in(client, db, app):
    company = factories.CompanyFactory(name="Harbour BioLabs Limited")
    invitation = _invitation(role="company", company_id=company.id, email="kit@harbour.hk")
    link = _link(app, invitation)
    page = client.get(link).get_data(as_text=True)
    assert "Harbour BioLabs Limited" in page and "kit@harbour.hk" in page
    response = client.post(link, data={"full_name": "Kit Cheung", "password": STRONG,
                                       "confirm": STRONG})
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")
    user = db.session.scalar(select(User).where(User.email == "kit@harbour.hk"))
    assert user.role == "company" and user.check_password(STRONG)
    assert db.session.scalar(select(CompanyMember.company_id).where(
        CompanyMember.user_id == user.id)) == company.id
    db.session.refresh(invitation)
    assert invitation.used_at is not None
    assert "auth.invitation_accepted" in actions()
    assert "Harbour BioLabs Limited" in client.get("/home").get_data(as_text=True)


def test_dean_accepts_with_university_and_faculty(client, db, app):
    faculty = factories.FacultyFactory()
    invitation = _invitation(role="dean", university_id=faculty.university_id,
                             faculty_id=faculty.id)
    client.post(_link(app, invitation), data={"full_name": "Prof. Ho", "password": STRONG,
                                              "confirm": STRONG})
    assignment = db.session.scalar(select(DeanAssignment))
    assert assignment.university_id == faculty.university_id
    assert assignment.faculty_id == faculty.id
    assert assignment.user.role == "dean"


def test_reused_link_is_refused(client, db, app):
    invitation = _invitation()
    link = _link(app, invitation)
    client.post(link, data={"full_name": "First", "password": STRONG, "confirm": STRONG})
    client.post("/logout")
    again = client.post(link, data={"full_name": "Second", "password": STRONG, "confirm": STRONG})
    assert again.status_code == 410 and "already used" in again.get_data(as_text=True)
    assert count(User) == 1


def test_expired_invitation_is_refused(client, db, app):
    invitation = _invitation(expires_at=utcnow() - timedelta(minutes=1))
    response = client.get(_link(app, invitation))
    assert response.status_code == 410 and "expired" in response.get_data(as_text=True)


def test_expired_signature_is_refused(client, db, app, monkeypatch):
    link = _link(app, _invitation())
    monkeypatch.setitem(app.config, "INVITATION_MAX_AGE", -1)
    response = client.post(link, data={"full_name": "Late", "password": STRONG,
                                       "confirm": STRONG})
    assert response.status_code == 410 and "expired" in response.get_data(as_text=True)
    assert count(User) == 0


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
                                    lambda t: "x" + t, lambda t: "notatoken"])
def test_tampered_token_is_refused(client, db, app, mangle):
    link = _link(app, _invitation())
    token = link.rsplit("/", 1)[1]
    response = client.post("/invitations/accept/" + mangle(token),
                           data={"full_name": "Mallory", "password": STRONG, "confirm": STRONG})
    assert response.status_code == 400 and "not valid" in response.get_data(as_text=True)
    assert count(User) == 0


def test_token_for_another_purpose_is_refused(client, db, app):
    invitation = _invitation()
    with app.test_request_context():
        token = tokens.make_token(tokens.PASSWORD_RESET, {"i": invitation.id})
    assert client.get("/invitations/accept/" + token).status_code == 400


def test_weak_password_on_acceptance_changes_nothing(client, db, app):
    invitation = _invitation()
    link = _link(app, invitation)
    response = client.post(link, data={"full_name": "Weak", "password": "password1234",
                                       "confirm": "password1234"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="password-error"' in page
    assert "most common passwords" in page and 'value="Weak"' in page
    assert count(User) == 0
    db.session.refresh(invitation)
    assert invitation.used_at is None
