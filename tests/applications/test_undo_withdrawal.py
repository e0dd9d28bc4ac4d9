"""A withdrawn application can be taken back for a few minutes, and only then."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from foundry.applications.services import UNDO_WITHDRAWAL_MINUTES
from foundry.models import Notification
from tests.applications.test_routes import _applied


def _withdraw(client, application):
    return client.post(f"/applications/{application.id}/move", data={"to": "withdrawn"},
                       follow_redirects=True)


def test_student_undoes_a_withdrawal_within_the_window(client, login_as, db):
    application, _student, member = _applied(client, login_as, db)
    client.post(f"/applications/{application.id}/move", data={"to": "withdrawn"})
    page = client.get("/me/applications").get_data(as_text=True)
    assert "Undo withdrawal" in page
    response = client.post(f"/applications/{application.id}/undo-withdrawal",
                           follow_redirects=True)
    assert "Withdrawal undone" in response.get_data(as_text=True)
    db.session.expire_all()
    assert application.status == "submitted"
    assert application.withdrawn_at is None and application.withdrawn_from is None
    told = db.session.scalars(select(Notification.message)
                              .where(Notification.user_id == member.id)).all()
    assert any("took back the withdrawal" in message for message in told)


def test_undo_refused_after_the_window(client, login_as, db):
    application, _student, _member = _applied(client, login_as, db)
    _withdraw(client, application)
    application.withdrawn_at -= timedelta(minutes=UNDO_WITHDRAWAL_MINUTES + 1)
    db.session.commit()
    assert "Undo withdrawal" not in client.get("/me/applications").get_data(as_text=True)
    response = client.post(f"/applications/{application.id}/undo-withdrawal",
                           follow_redirects=True)
    assert "can no longer be undone" in response.get_data(as_text=True)
    db.session.expire_all()
    assert application.status == "withdrawn"


def test_undo_restores_the_step_it_left(client, login_as, db):
    application, _student, _member = _applied(client, login_as, db)
    application.status = "interview"
    db.session.commit()
    _withdraw(client, application)
    client.post(f"/applications/{application.id}/undo-withdrawal")
    db.session.expire_all()
    assert application.status == "interview"


def test_another_student_cannot_undo(client, login_as, db):
    application, _student, _member = _applied(client, login_as, db)
    _withdraw(client, application)
    login_as("student")
    assert client.post(f"/applications/{application.id}/undo-withdrawal").status_code == 403
    db.session.expire_all()
    assert application.status == "withdrawn"


def test_withdraw_asks_first(client, login_as, db):
    """The withdraw button's form carries the question the confirmation dialog asks."""
    _applied(client, login_as, db)
    page = client.get("/me/applications").get_data(as_text=True)
    assert 'data-confirm="Withdraw your application for' in page
    assert f"You can undo this for {UNDO_WITHDRAWAL_MINUTES} minutes" in page
