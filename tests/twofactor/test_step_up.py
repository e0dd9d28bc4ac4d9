"""Step-up before sensitive actions, and the admin's reset of a second factor."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from foundry.models import AuditLog, TwoFactor, UserSession
from foundry.models.base import utcnow
from tests import factories
from tests.twofactor.helpers import code, enrol, password_sign_in


def _age_sessions(db, minutes: int) -> None:
    db.session.execute(update(UserSession).values(
        second_factor_at=utcnow() - timedelta(minutes=minutes)))
    db.session.commit()


def test_an_export_of_personal_data_asks_for_a_code_after_15_minutes(app, client, db, login_as):
    admin = login_as("admin")
    secret, _codes = enrol(app, admin)
    assert client.get("/exports/users.csv").status_code == 200  # checked just now
    _age_sessions(db, 16)
    response = client.get("/exports/users.csv")
    assert response.status_code == 302 and "/account/two-factor/verify" in response.location
    assert "next=/exports/users.csv" in response.location
    verify = client.post(response.location, data={"code": code(secret)})
    assert verify.status_code == 302 and verify.location.endswith("/exports/users.csv")
    assert client.get("/exports/users.csv").status_code == 200
    passed = db.session.scalars(select(AuditLog).where(AuditLog.action == "auth.2fa_passed"))
    assert [row.details["stage"] for row in passed] == ["step_up"]


def test_a_role_change_asks_for_a_code_and_comes_back_to_the_form(app, client, db, login_as):
    admin = login_as("admin")
    enrol(app, admin)
    member = factories.user_with_role("company")
    db.session.commit()
    _age_sessions(db, 30)
    page = f"/admin/users/{member.id}"
    assert client.get(page).status_code == 200  # looking is not sensitive
    response = client.post(page, data={"role": "admin"},
                           headers={"Referer": "http://localhost" + page})
    assert response.status_code == 302 and "/account/two-factor/verify" in response.location
    assert f"next=/admin/users/{member.id}" in response.location
    db.session.refresh(member)
    assert member.role == "company"


def test_an_admin_resets_a_second_factor_and_the_user_is_signed_out(app, client, db, login_as):
    dean = factories.user_with_role("dean")
    db.session.commit()
    secret, _codes = enrol(app, dean)
    deans_browser = app.test_client()
    password_sign_in(deans_browser, dean)
    deans_browser.post("/login/code", data={"code": code(secret)})
    assert deans_browser.get("/home").status_code == 200
    admin = login_as("admin")
    response = client.post(f"/admin/users/{dean.id}/two-factor/reset", follow_redirects=True)
    assert b"was reset" in response.data
    assert db.session.scalar(select(TwoFactor).where(TwoFactor.user_id == dean.id)) is None
    assert deans_browser.get("/home").status_code == 302  # signed out
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "auth.2fa_reset"))
    assert entry.actor_id == admin.id and entry.target_id == dean.id
    assert entry.details["sessions_ended"] == 1
    # At the next sign-in the dean enrols again.
    password_sign_in(deans_browser, dean)
    assert "/account/two-factor/setup" in deans_browser.get("/home").location


def test_only_admins_reset_second_factors(client, db, login_as):
    login_as("dean")
    other = factories.user_with_role("dean")
    db.session.commit()
    assert client.post(f"/admin/users/{other.id}/two-factor/reset").status_code == 403


def test_a_session_that_skipped_the_code_is_asked_for_it(app, client, db, login_as):
    """E.g. a browser signed in before the user turned two-factor sign-in on elsewhere."""
    student = login_as("student")
    secret, _codes = enrol(app, student)
    db.session.execute(update(UserSession).values(second_factor_at=None))
    db.session.commit()
    response = client.get("/positions")
    assert response.status_code == 302 and "/account/two-factor/verify" in response.location
    assert client.post(response.location, data={"code": code(secret)}).status_code == 302
    assert client.get("/positions").status_code == 200
