"""Security finding 3: the remember-me cookie survived a password change or reset, and a
session cookie copied before sign-out still signed in after it. Sessions are server-side now."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import AuditLog, UserSession
from tests import factories
from tests.auth.helpers import STRONG

NEW = "another-fine-passphrase-7"


def _student(db):
    user = factories.user_with_role("student", user__email="wing@connect.ust.hk")
    user.set_password(STRONG)
    db.session.commit()
    return user


def _sign_in(app, *, remember=False):
    """A fresh browser that signs in through the form; returns it."""
    browser = app.test_client()
    response = browser.post("/login", data={"email": "wing@connect.ust.hk", "password": STRONG,
                                            "remember": "y" if remember else ""})
    assert response.status_code == 302
    return browser


def _cookie(browser, name):
    cookie = browser.get_cookie(name)
    return cookie.value if cookie else None


def _signed_in(app, cookies: dict) -> bool:
    """Whether a new browser holding only these cookies is signed in."""
    other = app.test_client()
    for name, value in cookies.items():
        if value:
            other.set_cookie(name, value)
    return other.get("/home").status_code == 200


def test_a_session_cookie_copied_before_sign_out_is_dead_after_it(app, db):
    _student(db)
    browser = _sign_in(app)
    copied = {"session": _cookie(browser, "session")}
    assert _signed_in(app, copied)
    browser.post("/logout")
    assert not _signed_in(app, copied)
    assert db.session.scalar(select(UserSession.ended_reason)) == "signed_out"


def test_remember_me_dies_when_the_password_is_changed_elsewhere(app, db):
    _student(db)
    laptop = _sign_in(app, remember=True)
    remembered = {"remember_token": _cookie(laptop, "remember_token")}
    assert remembered["remember_token"] and _signed_in(app, remembered)
    phone = _sign_in(app)
    changed = phone.post("/password", data={"current_password": STRONG, "password": NEW,
                                            "confirm": NEW})
    assert changed.status_code == 302
    assert phone.get("/home").status_code == 200  # the device that changed it stays in
    assert not _signed_in(app, remembered)
    assert laptop.get("/home").status_code == 302  # signed out, told why
    assert "your password was changed" in laptop.get("/login").get_data(as_text=True)


def test_a_password_reset_ends_every_session(app, db):
    from foundry.auth.services import reset_password

    user = _student(db)
    laptop = _sign_in(app, remember=True)
    remembered = {"remember_token": _cookie(laptop, "remember_token"),
                  "session": _cookie(laptop, "session")}
    with app.test_request_context():
        reset_password(user=user, new_password=NEW)
    db.session.commit()
    assert not _signed_in(app, remembered)


def test_sign_out_everywhere(app, db):
    _student(db)
    laptop, phone = _sign_in(app, remember=True), _sign_in(app)
    page = phone.get("/account/").get_data(as_text=True)
    assert "Signed-in devices" in page and page.count("this device") == 1
    phone.post("/logout/everywhere")
    assert laptop.get("/home").status_code == 302 and phone.get("/home").status_code == 302
    assert not _signed_in(app, {"remember_token": _cookie(laptop, "remember_token")})
    assert db.session.scalar(select(AuditLog.details).where(
        AuditLog.action == "auth.signed_out_everywhere"))["sessions_ended"] == 2


def test_a_plain_user_id_cookie_of_the_old_kind_signs_nobody_in(app, db):
    user = _student(db)
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    assert browser.get("/home").status_code == 302


def test_devices_are_named_by_browser_and_system():
    from foundry.auth.sessions import device_label

    iphone = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
              "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")
    edge = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/120.0 Safari/537.36 Edg/120.0")
    assert device_label(iphone) == "Safari · iPhone"
    assert device_label(edge) == "Edge · Windows"
    assert device_label("curl/8.0") is None and device_label(None) is None
