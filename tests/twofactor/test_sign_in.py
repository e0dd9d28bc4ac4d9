"""Two-factor sign-in: required enrolment for deans and admins, codes, recovery codes,
remembered browsers, throttling."""

from __future__ import annotations

import re

import pyotp
from sqlalchemy import select

from foundry.models import AuditLog, RecoveryCode, TwoFactor
from tests import factories
from tests.twofactor.helpers import code, enrol, password_sign_in


def _actions(db, action):
    return db.session.scalars(select(AuditLog).where(AuditLog.action == action)).all()


def test_a_dean_without_a_second_factor_must_set_one_up(app, client, db):
    dean = factories.user_with_role("dean")
    db.session.commit()
    response = password_sign_in(client, dean)
    assert response.status_code == 302
    # Every page leads to enrolment until it is done.
    home = client.get("/home")
    assert home.status_code == 302 and "/account/two-factor/setup" in home.location
    page = client.get("/account/two-factor/setup")
    assert page.status_code == 200
    assert b"data:image/svg+xml" in page.data  # the QR code
    secret = re.search(rb'data-testid="totp-secret">([A-Z2-7]{32})<', page.data).group(1).decode()

    wrong = client.post("/account/two-factor/setup", data={"code": "000000"})
    assert wrong.status_code == 422 and b"That code is not right" in wrong.data

    done = client.post("/account/two-factor/setup", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = re.findall(rb"<code class=\"user-select-all\">([a-z0-9]{5}-[a-z0-9]{5})</code>",
                       done.data)
    assert len(codes) == 10
    assert client.get("/home").status_code == 200
    stored = db.session.scalar(select(TwoFactor).where(TwoFactor.user_id == dean.id))
    assert secret not in stored.secret_encrypted  # encrypted at rest
    hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(hashes) == 10 and all(c.decode() not in hashes for c in codes)
    assert _actions(db, "auth.2fa_enrolled") and _actions(db, "auth.2fa_failed")


def test_an_enrolled_user_types_a_code_after_the_password(app, client, db):
    admin = factories.user_with_role("admin")
    db.session.commit()
    secret, _codes = enrol(app, admin)
    response = password_sign_in(client, admin)
    assert response.status_code == 302 and "/login/code" in response.location
    assert client.get("/home").status_code == 302  # not signed in yet
    bad = client.post("/login/code", data={"code": "123456"})
    assert bad.status_code == 422 and b"That code is not right" in bad.data
    good = client.post("/login/code", data={"code": code(secret)})
    assert good.status_code == 302 and good.location.endswith("/home")
    assert client.get("/home").status_code == 200
    failed = _actions(db, "auth.2fa_failed")
    assert failed and failed[0].details == {"stage": "sign_in"}


def test_a_code_works_once(app, client, db):
    admin = factories.user_with_role("admin")
    db.session.commit()
    secret, _codes = enrol(app, admin)
    used = code(secret)
    password_sign_in(client, admin)
    assert client.post("/login/code", data={"code": used}).status_code == 302
    other = app.test_client()
    password_sign_in(other, admin)
    again = other.post("/login/code", data={"code": used})
    assert again.status_code == 422  # replayed
    assert other.post("/login/code", data={"code": code(secret, steps_ahead=1)}).status_code \
        == 302


def test_a_recovery_code_signs_in_once(app, client, db):
    dean = factories.user_with_role("dean")
    db.session.commit()
    _secret, codes = enrol(app, dean)
    password_sign_in(client, dean)
    response = client.post("/login/code", data={"code": codes[3].upper().replace("-", " ")},
                           follow_redirects=True)
    assert response.status_code == 200 and b"9 left" in response.data
    other = app.test_client()
    password_sign_in(other, dean)
    assert other.post("/login/code", data={"code": codes[3]}).status_code == 422
    passed = _actions(db, "auth.2fa_passed")
    assert passed[-1].details["method"] == "recovery_code"


def test_codes_are_throttled_per_account(app, client, db):
    admin = factories.user_with_role("admin")
    db.session.commit()
    secret, _codes = enrol(app, admin)
    password_sign_in(client, admin)
    statuses = [client.post("/login/code", data={"code": "000000"}).status_code
                for _attempt in range(6)]
    assert statuses == [422] * 5 + [429]
    # Even the right code waits: the limit is on the account, from any browser.
    other = app.test_client()
    password_sign_in(other, admin)
    assert other.post("/login/code", data={"code": code(secret)}).status_code == 429


def test_the_code_step_expires(app, client, db):
    admin = factories.user_with_role("admin")
    db.session.commit()
    secret, _codes = enrol(app, admin)
    password_sign_in(client, admin)
    with client.session_transaction() as session:
        pending = dict(session["two_factor_pending"])
        pending["at"] -= 600
        session["two_factor_pending"] = pending
    response = client.post("/login/code", data={"code": code(secret)})
    assert response.status_code == 302 and "/login" in response.location
    assert client.get("/home").status_code == 302


def test_a_remembered_browser_skips_the_code(app, client, db):
    admin = factories.user_with_role("admin")
    db.session.commit()
    secret, _codes = enrol(app, admin)
    password_sign_in(client, admin)
    client.post("/login/code", data={"code": code(secret), "remember_device": "y"})
    assert client.get_cookie("tf_device") is not None
    client.post("/logout")
    response = password_sign_in(client, admin)
    assert response.status_code == 302 and response.location.endswith("/home")
    assert client.get("/home").status_code == 200
    # Another browser still asks.
    other = app.test_client()
    assert "/login/code" in password_sign_in(other, admin).location


def test_students_may_sign_in_without_a_second_factor_and_turn_it_on_and_off(app, client, db):
    student = factories.user_with_role("student")
    db.session.commit()
    assert password_sign_in(client, student).location.endswith("/home")
    assert client.get("/home").status_code == 200
    page = client.get("/account/two-factor/setup")
    secret = re.search(rb'data-testid="totp-secret">([A-Z2-7]{32})<', page.data).group(1).decode()
    assert client.post("/account/two-factor/setup",
                       data={"code": pyotp.TOTP(secret).now()}).status_code == 200
    assert b"Turn off" in client.get("/account/two-factor").data
    response = client.post("/account/two-factor/disable", follow_redirects=True)
    assert b"Two-factor sign-in is off." in response.data
    assert db.session.scalar(select(TwoFactor)) is None


def test_a_dean_cannot_turn_the_second_factor_off(app, client, db, login_as):
    dean = login_as("dean")
    enrol(app, dean)
    page = client.get("/account/two-factor")
    assert b"cannot be turned off" in page.data and b"Turn off" not in page.data
    response = client.post("/account/two-factor/disable", follow_redirects=True)
    assert b"requires two-factor sign-in" in response.data
    assert db.session.scalar(select(TwoFactor)) is not None


def test_the_requirement_is_a_setting(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "TWO_FACTOR_REQUIRED_ROLES", ())
    dean = factories.user_with_role("dean")
    db.session.commit()
    password_sign_in(client, dean)
    assert client.get("/home").status_code == 200
