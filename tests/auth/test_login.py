"""Sign-in and sign-out: audit, throttling, open redirects, CSRF, consent re-ask."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from foundry import create_app
from foundry.extensions import db as _db
from foundry.models import AuditLog, Consent, User
from foundry.models.base import utcnow
from tests import factories
from tests.auth.helpers import actions, count
from tests.dbutil import database_url
from tests.factories import PASSWORD


@pytest.fixture()
def student(db):
    user = factories.user_with_role("student", user__email="mei.wong@connect.hku.hk",
                                    user__full_name="Wong Siu Mei")
    db.session.commit()
    return user


def sign_in(client, email, password=PASSWORD, next_url=None):
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password})


def test_sign_in_any_letter_case_and_audit(client, student, db):
    response = sign_in(client, "Mei.Wong@Connect.HKU.hk")
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "auth.login"))
    assert entry.actor_id == student.id and entry.target_id == student.id
    assert db.session.get(User, student.id).last_login_at is not None


def test_wrong_password_is_refused_and_audited(client, student, db):
    response = sign_in(client, student.email, "not-the-password")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The e-mail or password is not right." in page and 'id="password-error"' in page
    assert f'value="{student.email}"' in page
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "auth.login_failed"))
    assert entry.target_id == student.id and entry.details["reason"] == "bad_credentials"
    assert client.get("/home").status_code == 302  # still signed out


def test_unknown_account_is_audited_without_saying_it_is_unknown(client, db):
    page = sign_in(client, "nobody@example.com").get_data(as_text=True)
    assert "The e-mail or password is not right." in page
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "auth.login_failed"))
    assert entry.target_id is None and entry.details["email"] == "nobody@example.com"


def test_inactive_account_cannot_sign_in(client, student, db):
    student.active = False
    student.last_login_at = utcnow()  # a used account, deactivated later (not a fresh sign-up)
    db.session.commit()
    assert "not right" in sign_in(client, student.email).get_data(as_text=True)
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "auth.login_failed"))
    assert entry.details["reason"] == "inactive"


def test_eleventh_failed_attempt_for_one_account_is_throttled(client, student, db):
    for _ in range(10):
        assert sign_in(client, student.email, "wrong-password-here").status_code == 200
    response = sign_in(client, student.email.upper(), "wrong-password-here")
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    # Even the right password waits; other accounts are not affected.
    assert sign_in(client, student.email).status_code == 429
    other = factories.user_with_role("company")
    db.session.commit()
    assert sign_in(client, other.email).status_code == 302
    assert actions().count("auth.login_failed") == 10


def test_successful_sign_ins_do_not_use_up_the_limit(client, student):
    for _ in range(12):
        assert sign_in(client, student.email).status_code == 302
        client.post("/logout")


def test_address_limit_covers_many_accounts(client, db, app):
    limit = int(app.config["LOGIN_LIMIT_PER_ADDRESS"].split()[0])
    for number in range(limit):
        assert sign_in(client, f"someone{number}@example.com").status_code == 200
    assert sign_in(client, "yet-another@example.com").status_code == 429


@pytest.mark.parametrize("target", ["https://evil.example/steal", "//evil.example/x",
                                    "javascript:alert(1)", "http:/evil.example"])
def test_next_to_another_site_is_ignored(client, student, target):
    response = sign_in(client, student.email, next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/home"


def test_next_within_the_site_is_followed(client, student):
    response = sign_in(client, student.email, next_url="/notifications")
    assert response.headers["Location"] == "/notifications"


def test_logout_is_post_only(client, login_as):
    login_as("student")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/home").status_code == 302


def test_post_without_csrf_token_changes_nothing(db, caplog):
    """With CSRF on (it is off elsewhere in tests), a form posted without its token is refused,
    and the log says why (so a refusal in a browser test can be told apart from another 400)."""
    app = create_app("testing", WTF_CSRF_ENABLED=True, SQLALCHEMY_DATABASE_URI=database_url())
    with app.app_context():
        _db.create_all()  # the same database as the suite's: tables exist already
        university = factories.UniversityFactory()
        faculty = factories.FacultyFactory(university=university)
        user = factories.UserFactory(role="student")
        _db.session.commit()
        domain, faculty_id, email = university.domains[0].domain, faculty.id, user.email
        before = (count(User), len(actions()))
    client = app.test_client()
    caplog.set_level(logging.INFO, logger=app.logger.name)
    response = client.post("/signup", data={
        "full_name": "No Token", "email": f"no.token@{domain}", "password": "a-fine-pass-phrase",
        "confirm": "a-fine-pass-phrase", "faculty_id": str(faculty_id),
        "expected_graduation": "2026-06-30", "consent": "y"})
    assert response.status_code == 400
    assert "Nothing was changed" in response.get_data(as_text=True)
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 400
    assert "CSRF check refused POST '/login': The CSRF token is missing." in caplog.text
    with app.app_context():
        assert (count(User), len(actions())) == before
        _db.session.remove()
        _db.engine.dispose()


# --- Consent re-ask ------------------------------------------------------------------------------

def test_student_with_an_old_consent_must_accept_the_new_notice(client, student, db, app):
    db.session.add(Consent(user_id=student.id, notice_version="2020-01", given_at=utcnow()))
    db.session.commit()
    response = sign_in(client, student.email, next_url="/notifications")
    assert response.headers["Location"] == "/notifications"
    detour = client.get("/notifications")
    assert detour.status_code == 302 and "/consent" in detour.headers["Location"]
    assert client.get("/home").status_code == 302
    page = client.get("/consent").get_data(as_text=True)
    assert "Our personal data notice has changed" in page
    refused = client.post("/consent?next=/notifications", data={})
    assert "Please accept the notice to continue." in refused.get_data(as_text=True)
    accepted = client.post("/consent?next=/notifications", data={"consent": "y"})
    assert accepted.headers["Location"] == "/notifications"
    latest = db.session.scalars(select(Consent).order_by(Consent.id.desc())).first()
    assert latest.notice_version == app.config["CONSENT_NOTICE_VERSION"]
    assert client.get("/home").status_code == 200


def test_current_consent_and_other_roles_are_not_asked(client, login_as, db, app):
    user = login_as("student")
    db.session.add(Consent(user_id=user.id, notice_version=app.config["CONSENT_NOTICE_VERSION"],
                           given_at=utcnow()))
    db.session.commit()
    assert client.get("/home").status_code == 200
    login_as("company")
    assert client.get("/home").status_code == 200


def test_consent_pages_stay_reachable_during_the_detour(client, student, db):
    db.session.add(Consent(user_id=student.id, notice_version="2020-01", given_at=utcnow()))
    db.session.commit()
    sign_in(client, student.email)
    assert client.get("/privacy").status_code == 200
    assert client.post("/logout").status_code == 302
