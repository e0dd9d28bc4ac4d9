"""Mail: written in the recipient's language with absolute links, delivered over real SMTP
after the commit, never inside a failed transaction, retried when SMTP was down."""

from __future__ import annotations

import logging

from flask_babel import gettext as _
from sqlalchemy import func, select

from foundry import create_app
from foundry.common.mail import queue_mail
from foundry.common.notify import notify
from foundry.extensions import db as _db
from foundry.jobs import mail as outbox
from foundry.models import OutboxMail
from tests import factories
from tests.jobs.conftest import body_of, free_port


def _only_mail(db) -> OutboxMail:
    return db.session.scalars(select(OutboxMail)).one()


def test_mail_goes_out_after_commit_in_the_recipients_language(app, db, mail_on):
    member = factories.user_with_role("company", user__locale="zh_Hant")
    db.session.commit()
    with app.test_request_context(headers={"Accept-Language": "en"}):  # the sender reads English
        notify(user=member, email=True, link="/events/7/registration",
               message=lambda: _("%(name)s is now verified: students can see your open "
                                 "positions.", name="HarbourMind"))
        assert mail_on.messages == [] and _only_mail(db).status == "queued"  # not before commit
        db.session.commit()
    assert len(mail_on.messages) == 1
    body = body_of(mail_on.messages[0])
    assert "已通過審核" in body and "HarbourMind" in body
    assert "https://talentfoundry.example/events/7/registration" in body  # absolute, BASE_URL
    mail = _only_mail(db)
    db.session.refresh(mail)
    assert (mail.status, mail.attempts, mail.last_error) == ("sent", 1, None)
    assert mail.sent_at is not None


def test_a_password_reset_request_mails_in_the_accounts_language(client, db, mail_on):
    factories.UserFactory(email="sam.li@connect.ust.hk", locale="zh_Hant")
    db.session.commit()
    client.post("/forgot", data={"email": "sam.li@connect.ust.hk"},
                headers={"Accept-Language": "en"})
    (message,) = mail_on.to("sam.li@connect.ust.hk")
    assert message["Subject"] == "Talent Foundry：重設你的密碼"
    assert "https://talentfoundry.example/reset/" in body_of(message)


def test_a_rolled_back_transaction_sends_nothing(app, db, mail_on):
    with app.test_request_context():
        queue_mail(to="someone@connect.ust.hk", subject="s", body="b")
        db.session.rollback()
        db.session.commit()
    assert mail_on.messages == []
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 0


def test_smtp_down_the_request_succeeds_and_the_mail_goes_once_smtp_is_back(
        client, db, app, mail_on, monkeypatch, runner):
    factories.UserFactory(email="sam.li@connect.ust.hk")
    db.session.commit()
    good_port = app.config["MAIL_PORT"]
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens there
    response = client.post("/forgot", data={"email": "sam.li@connect.ust.hk"})
    assert response.status_code == 302  # the page answers as usual
    mail = _only_mail(db)
    db.session.refresh(mail)
    assert (mail.status, mail.attempts) == ("failed", 1)
    assert "Connection" in mail.last_error or "refused" in mail.last_error.lower()
    monkeypatch.setitem(app.config, "MAIL_PORT", good_port)  # SMTP is back
    monkeypatch.setitem(app.config, "MAIL_RETRY_AFTER", 0)
    result = runner.invoke(args=["jobs", "run", "retry-mail"])
    assert result.exit_code == 0 and "queued 1" in result.output
    db.session.refresh(mail)
    assert (mail.status, mail.attempts) == ("sent", 2)
    assert len(mail_on.to("sam.li@connect.ust.hk")) == 1


def test_a_worker_attempt_that_fails_is_retried_then_marked_failed(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    mail = OutboxMail(recipient="a@connect.ust.hk", subject="s", body="b", status="queued",
                      attempts=0)
    db.session.add(mail)
    db.session.commit()
    assert outbox.deliver(mail.id, final=False) == "queued"  # the task retries with backoff
    assert outbox.deliver(mail.id, final=True) == "failed"
    db.session.refresh(mail)
    assert (mail.status, mail.attempts) == ("failed", 2)
    assert outbox.backoff(0) == app.config["MAIL_RETRY_DELAY"]
    assert outbox.backoff(1) == 2 * app.config["MAIL_RETRY_DELAY"]


def test_delivery_is_idempotent(app, db, mail_on):
    mail = OutboxMail(recipient="a@connect.ust.hk", subject="s", body="b", status="queued",
                      attempts=0)
    db.session.add(mail)
    db.session.commit()
    assert outbox.deliver(mail.id, final=True) == "sent"
    assert outbox.deliver(mail.id, final=True) == "skipped"  # a redelivered task
    assert len(mail_on.messages) == 1
    assert outbox.deliver(999999, final=True) == "skipped"


def test_a_mail_being_sent_by_another_worker_is_not_sent_again(app, db, mail_on):
    mail = OutboxMail(recipient="a@connect.ust.hk", subject="s", body="b", status="sending",
                      attempts=1, last_attempt_at=factories.utcnow())
    db.session.add(mail)
    db.session.commit()
    assert outbox.deliver(mail.id, final=True) == "skipped"
    assert mail_on.messages == []


def test_without_mail_server_mail_stays_in_the_outbox(app, db):
    with app.test_request_context():
        queue_mail(to="a@connect.ust.hk", subject="s", body="b")
        db.session.commit()
    assert _only_mail(db).status == "queued"


def test_broker_down_the_commit_succeeds_and_the_mail_waits(tmp_path, caplog):
    """Redis away: the request's commit still succeeds; the retry job sends the mail later."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/broker.db",
                     CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/3",
                     MAIL_SERVER="127.0.0.1")
    assert not app.extensions["celery"].conf.task_always_eager
    with app.app_context():
        _db.create_all()
        with app.test_request_context(), caplog.at_level(logging.WARNING):
            queue_mail(to="a@connect.ust.hk", subject="s", body="b")
            _db.session.commit()
        assert _db.session.scalar(select(OutboxMail.status)) == "queued"
        assert "broker unavailable" in caplog.text
        _db.session.remove()
        _db.engine.dispose()
