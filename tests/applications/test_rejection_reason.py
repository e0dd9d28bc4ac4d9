"""A company's rejection records a reason category (for the programme's figures); the student
never sees it."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import Application, AuditLog, Notification
from tests.applications.test_routes import _applied


def test_reject_needs_a_reason_and_keeps_it(client, login_as, db):
    application, student, member = _applied(client, login_as, db)
    login_as(member)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert 'name="reason"' in page and "Position filled" in page
    response = client.post(f"/applications/{application.id}/move", data={"to": "rejected"},
                           follow_redirects=True)
    assert "Choose why the applicant is not taken further" in response.get_data(as_text=True)
    db.session.expire_all()
    assert application.status == "submitted"
    client.post(f"/applications/{application.id}/move",
                data={"to": "rejected", "reason": "position_filled"})
    db.session.expire_all()
    assert application.status == "rejected" and application.rejection_reason == "position_filled"
    assert "Position filled" in client.get(f"/applications/{application.id}").get_data(
        as_text=True)
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "application.rejected"))
    assert audit.details["reason"] == "position_filled"
    told = db.session.scalars(select(Notification.message)
                              .where(Notification.user_id == student.id)).all()
    assert told and not any("filled" in m for m in told)
    login_as(student)
    assert "Position filled" not in client.get(f"/applications/{application.id}").get_data(
        as_text=True)
    assert "Position filled" not in client.get("/me/applications").get_data(as_text=True)


def test_unknown_reason_refused(client, login_as, db):
    application, _student, member = _applied(client, login_as, db)
    login_as(member)
    client.post(f"/applications/{application.id}/move", data={"to": "rejected",
                                                               "reason": "rude"})
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "submitted"


def test_bulk_reject_with_a_reason(client, login_as, db):
    application, _student, member = _applied(client, login_as, db)
    login_as(member)
    client.post("/company/applicants/bulk", data={"ids": [application.id], "to": "rejected",
                                                  "reason": "skills"})
    db.session.expire_all()
    assert application.status == "rejected" and application.rejection_reason == "skills"
