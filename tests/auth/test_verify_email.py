"""Sign-up proves the university e-mail: inactive until the mailed link is opened, once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from foundry.admin.user_services import set_user_active
from foundry.auth import tokens
from foundry.models import AuditLog, OutboxMail, StudentProfile, User
from tests import factories
from tests.auth.helpers import STRONG, actions, count, last_mail, link_in
from tests.auth.test_signup import campus, form  # noqa: F401  (fixture and form builder)

EMAIL = "taiman.chan@link.cuhk.edu.hk"
OTHER = "another-fine-passphrase-7"


def _user(db) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == EMAIL))


def _sign_up(client, campus, **changes):  # noqa: F811
    response = client.post("/signup", data=form(campus, **changes))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/signup/check-inbox")
    return link_in(last_mail(EMAIL))


def _confirm(client, link, password=STRONG):
    """Open the mailed link and type the password on its page, as the mailbox's owner does."""
    return client.post(link, data={"password": password, "confirm": password})


def _audits(action: str) -> int:
    return actions().count(action)


def test_link_activates_signs_in_and_works_once(client, campus, db, app):  # noqa: F811
    link = _sign_up(client, campus)
    mail = last_mail(EMAIL)
    assert "within 3 days" in mail.body and mail.body.count("http://") == 1
    page = client.get(link)
    assert page.status_code == 200 and "type your password" in page.get_data(as_text=True)
    assert not _user(db).active  # opening the link alone activates nothing
    response = _confirm(client, link)
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")
    user = _user(db)
    assert user.active and user.last_login_at is not None
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "auth.email_verified"))
    assert entry.target_id == user.id and entry.actor_id == user.id
    home = client.get("/home").get_data(as_text=True)
    assert "Your e-mail address is confirmed. Welcome to Talent Foundry, Chan Tai Man!" in home
    # The link is spent: opening it again (signed out) changes nothing.
    client.post("/logout")
    again = client.get(link)
    assert again.status_code == 410
    assert "This link was already used." in again.get_data(as_text=True)
    assert _audits("auth.email_verified") == 1
    assert client.get("/home").status_code == 302
    # From now on the password signs in as usual.
    assert client.post("/login", data={"email": EMAIL, "password": STRONG}).status_code == 302


def test_unverified_account_cannot_sign_in(client, campus, db):  # noqa: F811
    _sign_up(client, campus)
    response = client.post("/login", data={"email": EMAIL, "password": STRONG})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Confirm your e-mail first" in page
    assert 'action="/verify/resend"' in page and f'value="{EMAIL}"' in page
    assert client.get("/home").status_code == 302
    entry = db.session.scalars(select(AuditLog).where(
        AuditLog.action == "auth.login_failed")).one()
    assert entry.details["reason"] == "unverified"
    assert _user(db).last_login_at is None and not _user(db).active
    # A wrong password says nothing about the account's state.
    wrong = client.post("/login", data={"email": EMAIL, "password": "not-the-password"})
    text = wrong.get_data(as_text=True)
    assert "The e-mail or password is not right." in text and "Confirm your e-mail" not in text


@pytest.mark.parametrize("mangle", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    lambda token: "not-a-token",
])
def test_tampered_link_changes_nothing(client, campus, db, mangle):  # noqa: F811
    link = _sign_up(client, campus)
    token = link.rsplit("/", 1)[1]
    response = client.get("/verify/" + mangle(token))
    assert response.status_code == 400
    assert "This link is not valid." in response.get_data(as_text=True)
    assert not _user(db).active and _audits("auth.email_verified") == 0


def test_link_of_another_purpose_or_unknown_user_is_refused(client, campus, db, app):  # noqa: F811
    _sign_up(client, campus)
    user = _user(db)
    fingerprint = tokens.email_fingerprint(user.email, user.password_hash)
    with app.test_request_context():
        reset = tokens.make_token(tokens.PASSWORD_RESET, {"u": user.id, "f": fingerprint})
        unknown = tokens.make_token(tokens.VERIFY_EMAIL, {"u": 999999, "f": fingerprint})
        not_int = tokens.make_token(tokens.VERIFY_EMAIL, {"u": str(user.id), "f": fingerprint})
    for token in (reset, unknown, not_int):
        assert client.get("/verify/" + token).status_code == 400
    assert not _user(db).active


def test_expired_link_changes_nothing(client, campus, db, app, monkeypatch):  # noqa: F811
    link = _sign_up(client, campus)
    monkeypatch.setitem(app.config, "EMAIL_VERIFY_MAX_AGE", -1)
    response = client.get(link)
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert "This link has expired." in page and 'href="/signup/check-inbox"' in page
    assert not _user(db).active


def test_resend_answers_the_same_for_every_address(client, campus, db):  # noqa: F811
    first = _sign_up(client, campus)
    factories.UserFactory(email="active@link.cuhk.edu.hk")
    db.session.commit()
    answers = []
    for email in (EMAIL.upper(), "nobody@link.cuhk.edu.hk", "active@link.cuhk.edu.hk"):
        response = client.post("/verify/resend", data={"email": email}, follow_redirects=True)
        assert response.status_code == 200
        answers.append(response.get_data(as_text=True).split("<main", 1)[1]
                       .replace(email.lower(), "ADDRESS"))
    assert answers[0] == answers[1] == answers[2]
    assert "If an account with this e-mail is waiting for confirmation" in answers[0]
    assert count(OutboxMail) == 2  # the sign-up mail and one new link, for the pending account
    second = link_in(last_mail(EMAIL))  # (the same text as the first within one second)
    assert _confirm(client, second, OTHER).status_code == 302 and _user(db).active
    assert client.get(first).status_code == 410  # the account is active now


def test_resend_is_rate_limited(client, campus, db):  # noqa: F811
    for _ in range(10):
        assert client.post("/verify/resend", data={"email": EMAIL}).status_code == 302
    assert client.post("/verify/resend", data={"email": EMAIL}).status_code == 429


def test_resend_with_a_bad_address_asks_again(client, db):
    response = client.post("/verify/resend", data={"email": "not-an-address"},
                           follow_redirects=True)
    assert "Give the e-mail address you signed up with." in response.get_data(as_text=True)
    assert count(OutboxMail) == 0


def test_signing_up_again_replaces_the_unconfirmed_account(client, campus, db):  # noqa: F811
    first = _sign_up(client, campus, full_name="Squatter", student_number="1155000001")
    second = _sign_up(client, campus, full_name="Chan Tai Man", password=OTHER, confirm=OTHER,
                      student_number="1155000001")
    assert count(User) == 1 and count(StudentProfile) == 1
    user = _user(db)
    assert user.full_name == "Chan Tai Man" and user.check_password(OTHER)
    assert not user.check_password(STRONG)
    # The earlier link (made for the replaced details) no longer activates anything.
    stale = client.get(first)
    assert stale.status_code == 410 and "replaced by a newer one" in stale.get_data(as_text=True)
    assert not _user(db).active
    assert _confirm(client, second, OTHER).status_code == 302 and _user(db).active


def test_confirmed_address_cannot_sign_up_again(client, campus, db):  # noqa: F811
    _confirm(client, _sign_up(client, campus))
    client.post("/logout")
    response = client.post("/signup", data=form(campus, full_name="Squatter", password=OTHER,
                                                confirm=OTHER))
    assert response.headers["Location"].endswith("/signup/check-inbox")  # as for a new address
    assert _user(db).full_name == "Chan Tai Man" and _user(db).check_password(STRONG)
    assert "already has one" in last_mail(EMAIL).body


def test_a_second_sign_up_cannot_set_the_owners_password(client, campus, db):  # noqa: F811
    """Security finding 2 (account pre-hijacking): an attacker signs up first or again with
    the owner's unconfirmed address and a password of their own; the owner opens the newest
    link. The account activates with the owner's password only; the attacker's never works."""
    _sign_up(client, campus, full_name="Owner")
    newest = _sign_up(client, campus, full_name="Attacker", password=OTHER, confirm=OTHER)
    assert _confirm(client, newest, STRONG).status_code == 302
    client.post("/logout")
    assert _user(db).active and _user(db).check_password(STRONG)
    assert not _user(db).check_password(OTHER)
    assert client.post("/login", data={"email": EMAIL, "password": OTHER}).status_code == 200


def test_a_weak_password_on_the_link_page_is_refused_by_the_field(client, campus, db):  # noqa: F811
    link = _sign_up(client, campus)
    page = client.post(link, data={"password": "qwerty123456", "confirm": "qwerty123456"})
    assert page.status_code == 200 and "most common passwords" in page.get_data(as_text=True)
    assert not _user(db).active


def test_admin_deactivation_is_not_undone_by_a_link(client, campus, db, app):  # noqa: F811
    """An imported student who set a password but never signed in, then deactivated."""
    admin = factories.user_with_role("admin")
    student = factories.user_with_role("student", user__email=EMAIL)
    db.session.commit()
    set_user_active(user=student, active=False, by=admin)
    db.session.commit()
    with app.test_request_context():
        token = tokens.make_token(tokens.VERIFY_EMAIL, {
            "u": student.id, "f": tokens.email_fingerprint(student.email, student.password_hash)})
    assert client.get("/verify/" + token).status_code == 410
    client.post("/verify/resend", data={"email": EMAIL})
    assert last_mail(EMAIL) is None
    page = client.post("/login", data={"email": EMAIL, "password": factories.PASSWORD})
    assert "The e-mail or password is not right." in page.get_data(as_text=True)
    assert not _user(db).active


def test_check_inbox_page_for_a_signed_in_user_goes_home(client, login_as):
    login_as("student")
    assert client.get("/signup/check-inbox").headers["Location"].endswith("/home")
