"""Password rules, change password, forgotten password and reset links."""

from __future__ import annotations

import pytest

from foundry.auth import tokens
from foundry.auth.passwords import password_problem
from foundry.models import OutboxMail, User
from tests import factories
from tests.auth.helpers import STRONG, actions, count, last_mail, link_in
from tests.factories import PASSWORD


@pytest.mark.parametrize(("password", "ok"), [
    ("violet-harbour-lantern-42", True),
    ("eleven-char", False),                  # 11 characters
    ("twelve-chars", True),
    ("qwerty123456", False),                 # common (zxcvbn frequency list)
    ("1q2w3e4r5t6y", False),
    ("Sonyericsson", False),                 # checked lower-cased
    ("me@example.com.hk", False),            # equal to the e-mail
    ("ME@EXAMPLE.COM.HK", False),
    ("y" * 201, False),
])
def test_password_rules(app, password, ok):
    with app.test_request_context():
        assert (password_problem(password, email="me@example.com.hk") is None) is ok


@pytest.fixture()
def user(db):
    account = factories.UserFactory(email="sam.li@connect.ust.hk", role="admin")
    db.session.commit()
    return account


def test_change_password(client, login_as, user, db):
    login_as(user)
    response = client.post("/password", data={"current_password": PASSWORD,
                                               "password": STRONG, "confirm": STRONG})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password(STRONG) and "auth.password_changed" in actions()


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"current_password": "wrong-current-pw"}, "current_password", "current password is not"),
    ({"password": "password1234", "confirm": "password1234"}, "password", "most common"),
    ({"password": "short", "confirm": "short"}, "password", "at least 12"),
    ({"confirm": STRONG + "!"}, "confirm", "not the same"),
    ({"password": PASSWORD, "confirm": PASSWORD}, "password", "different from the current"),
])
def test_change_password_bad_input(client, login_as, user, db, data, field, message):
    login_as(user)
    form = {"current_password": PASSWORD, "password": STRONG, "confirm": STRONG, **data}
    page = client.post("/password", data=form).get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_change_password_needs_sign_in(client, db):
    assert "/login" in client.get("/password").headers["Location"]


def test_forgot_password_answers_the_same_and_mails_known_accounts(client, user):
    known = client.post("/forgot", data={"email": "Sam.Li@connect.ust.hk"}, follow_redirects=True)
    unknown = client.post("/forgot", data={"email": "ghost@connect.ust.hk"},
                          follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    strip = lambda page: page.get_data(as_text=True).replace("csrf", "")  # noqa: E731
    assert strip(known) == strip(unknown)
    assert "If an account uses this e-mail" in strip(known)
    assert count(OutboxMail) == 1
    assert last_mail().recipient == "sam.li@connect.ust.hk"
    assert "/reset/" in last_mail().body


def test_forgot_password_bad_input(client, db):
    page = client.post("/forgot", data={"email": "not an e-mail"}).get_data(as_text=True)
    assert 'id="email-error"' in page and count(OutboxMail) == 0


def test_reset_link_works_once(client, user, db):
    client.post("/forgot", data={"email": user.email})
    link = link_in(last_mail())
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": STRONG, "confirm": STRONG})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    db.session.refresh(user)
    assert user.check_password(STRONG) and "auth.password_reset" in actions()
    again = client.post(link, data={"password": "another-fine-passphrase",
                                    "confirm": "another-fine-passphrase"})
    assert again.status_code == 410 and "already used" in again.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(STRONG)
    assert client.post("/login", data={"email": user.email, "password": STRONG}).status_code == 302


def test_reset_weak_password_is_refused(client, user, db):
    client.post("/forgot", data={"email": user.email})
    page = client.post(link_in(last_mail()), data={"password": "password1234",
                                                   "confirm": "password1234"})
    assert 'id="password-error"' in page.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_expired_reset_link_is_refused(client, user, app, monkeypatch):
    client.post("/forgot", data={"email": user.email})
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)
    response = client.get(link_in(last_mail()))
    assert response.status_code == 410 and "expired" in response.get_data(as_text=True)


@pytest.mark.parametrize("payload", [{"u": 999999, "f": "x"}, {"u": "1"}, ["not", "a", "dict"]])
def test_tampered_reset_links_are_refused(client, user, app, db, payload):
    with app.test_request_context():
        token = tokens.make_token(tokens.PASSWORD_RESET, payload)
    response = client.post("/reset/" + token, data={"password": STRONG, "confirm": STRONG})
    assert response.status_code in (400, 410)
    client.post("/forgot", data={"email": user.email})
    real = link_in(last_mail())
    assert client.get(real[:-3] + "abc").status_code == 400
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_reset_link_host_comes_from_configuration(client, user, app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://talent.example.hk")
    client.post("/forgot", data={"email": user.email}, headers={"Host": "evil.example"})
    assert "https://talent.example.hk/reset/" in last_mail().body
    assert "evil.example" not in last_mail().body


def test_inactive_accounts_get_no_reset_mail(client, user, db):
    user.active = False
    db.session.commit()
    client.post("/forgot", data={"email": user.email})
    assert count(OutboxMail) == 0
    assert count(User) == 1


def test_reset_signs_out_other_sessions_but_change_keeps_this_one(app, client, user, db,
                                                                   monkeypatch):
    monkeypatch.setitem(app.config, "TWO_FACTOR_REQUIRED_ROLES", ())  # password sign-in alone
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert client.post("/password", data={"current_password": PASSWORD, "password": STRONG,
                                          "confirm": STRONG}).status_code == 302
    assert client.get("/home").status_code == 200  # this session stays signed in
    response = other.get("/home")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert other.get("/home").status_code == 302  # and stays signed out
