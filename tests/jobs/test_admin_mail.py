"""The admin's outgoing-mail page: failed mail with its error, and a resend that delivers."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import AuditLog, OutboxMail


def _failed(db) -> OutboxMail:
    mail = OutboxMail(recipient="mei.chan@connect.ust.hk", subject="Your invitation",
                      body="Hello", status="failed", attempts=5,
                      last_error="ConnectionRefusedError: [Errno 111] Connection refused")
    db.session.add_all([mail, OutboxMail(recipient="ok@connect.ust.hk", subject="Delivered",
                                         body="x", status="sent", attempts=1)])
    db.session.commit()
    return mail


def test_failed_mail_is_listed_and_resent(client, db, login_as, mail_on):
    mail = _failed(db)
    login_as("admin")
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "mei.chan@connect.ust.hk" in page and "Connection refused" in page
    assert "ok@connect.ust.hk" not in page  # failed only, by default
    assert "ok@connect.ust.hk" in client.get("/admin/mail?status=sent").get_data(as_text=True)
    response = client.post(f"/admin/mail/{mail.id}/resend", follow_redirects=True)
    assert "queued again" in response.get_data(as_text=True)
    db.session.refresh(mail)
    assert (mail.status, mail.attempts) == ("sent", 6)
    assert len(mail_on.to("mei.chan@connect.ust.hk")) == 1
    assert db.session.scalar(select(AuditLog.action).where(
        AuditLog.action == "admin.mail_resent")) is not None


def test_resend_without_a_mail_server_says_so(client, db, login_as):
    mail = _failed(db)
    login_as("admin")
    page = client.post(f"/admin/mail/{mail.id}/resend", follow_redirects=True)
    assert "not configured" in page.get_data(as_text=True)
    db.session.refresh(mail)
    assert mail.status == "failed"
    assert client.post("/admin/mail/999999/resend").status_code == 404
    assert client.get("/admin/mail?status=nonsense&page=-3").status_code == 200
