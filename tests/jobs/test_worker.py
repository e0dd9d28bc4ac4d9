"""Integration: a real Celery worker on the machine's Redis (db 3 unless TEST_REDIS_URL says
otherwise) delivers mail after the commit over real SMTP, retries a refused mail then marks it
failed, and runs a scheduled job sent as beat sends it.

Skipped when Redis does not answer, unless REQUIRE_WORKER_TESTS=1 (CI sets it: there a missing
Redis is a failure, not a skip)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from sqlalchemy import select

from foundry import create_app
from foundry.common.mail import queue_mail
from foundry.extensions import db
from foundry.models import AuditLog, OutboxMail, Position
from tests import factories
from tests.dbutil import database_url
from tests.jobs.conftest import Inbox, free_port

pytestmark = pytest.mark.slow
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
ROOT = Path(__file__).resolve().parents[2]
REFUSED = "bounce@connect.ust.hk"


class RefusingInbox(Inbox):
    """Accepts every recipient but one, which it refuses for now (450: try again later)."""

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address == REFUSED:
            return "450 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _redis_or_skip() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("REQUIRE_WORKER_TESTS") == "1":
            raise
        pytest.skip(f"Redis is not answering at {REDIS_URL}")


def _wait(condition, seconds: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """An app on its own database with a broker, an SMTP server, and a worker process."""
    _redis_or_skip()
    redis.Redis.from_url(REDIS_URL).flushdb()
    uri = database_url(suffix="worker")
    if uri == "sqlite://":
        uri = "sqlite:///" + str(tmp_path_factory.mktemp("worker") / "worker.db")
    inbox, smtp_port = RefusingInbox(), free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    settings = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_port), "MAIL_USE_TLS": "0",
                "MAIL_RETRY_DELAY": "1", "MAIL_MAX_ATTEMPTS": "3",
                "BASE_URL": "https://talentfoundry.example"}
    overrides = {k: (int(v) if v.isdigit() else v) for k, v in settings.items()}
    overrides["MAIL_USE_TLS"] = False
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=uri, CELERY_BROKER_URL=REDIS_URL,
                     **overrides)
    with app.app_context():
        db.drop_all()
        db.create_all()
    env = {**os.environ, **settings, "FOUNDRY_CONFIG": "development", "DATABASE_URL": uri,
           "REDIS_URL": REDIS_URL, "CELERY_BROKER_URL": REDIS_URL}
    log = open(tmp_path_factory.mktemp("worker-log") / "worker.log", "w+")  # noqa: SIM115
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "foundry.jobs.worker:celery_app", "worker",
         "--pool=solo", "--concurrency=1", "--loglevel=INFO", "--without-gossip",
         "--without-mingle", "--hostname=foundry-test@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        celery_app = app.extensions["celery"]
        _wait(lambda: worker.poll() is None and celery_app.control.ping(timeout=0.5),
              seconds=60, what="the worker's ping")
        yield app, inbox, Path(log.name)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        smtp.stop()
        log.seek(0)
        print(log.read()[-4000:])  # shown by pytest when a test failed
        log.close()
        with app.app_context():
            db.drop_all()
            db.engine.dispose()


def _status(app, mail_id: int) -> tuple[str, int, str | None]:
    with app.app_context():
        mail = db.session.get(OutboxMail, mail_id)
        return mail.status, mail.attempts, mail.last_error


def test_worker_delivers_mail_after_commit(live):
    app, inbox, worker_log = live
    with app.test_request_context(headers={"X-Request-ID": "req-worker-1"}):
        app.preprocess_request()
        mail = queue_mail(to="mei.chan@connect.ust.hk", subject="Welcome", body="Hello Mei")
        db.session.commit()
        mail_id = mail.id
    _wait(lambda: inbox.to("mei.chan@connect.ust.hk"), what="the mail at the SMTP server")
    _wait(lambda: _status(app, mail_id)[0] == "sent", what="status sent")
    assert _status(app, mail_id)[:2] == ("sent", 1)
    # The request id travelled with the task into the worker's log line.
    _wait(lambda: f"[req-worker-1] foundry: mail {mail_id}: sent" in worker_log.read_text(),
          what="the worker's log line with the request id")


def test_worker_retries_a_refused_mail_then_marks_it_failed(live):
    app, inbox, _log = live
    with app.test_request_context():
        mail = queue_mail(to=REFUSED, subject="Bounce", body="x")
        db.session.commit()
        mail_id = mail.id
    _wait(lambda: _status(app, mail_id)[0] == "failed", seconds=40, what="status failed")
    _status_now, attempts, error = _status(app, mail_id)
    assert attempts == 3 and "450" in error  # MAIL_MAX_ATTEMPTS, with 1 s then 2 s between
    assert inbox.to(REFUSED) == []


def test_worker_runs_a_scheduled_job_once(live):
    app, _inbox, _log = live
    with app.app_context():
        position = factories.PositionFactory(status="open", deadline=date(2020, 1, 1))
        db.session.commit()
        position_id = position.id
    app.extensions["celery"].send_task("foundry.jobs.tasks.run_scheduled",
                                       args=["close-expired-positions"])

    def closed():
        with app.app_context():
            return db.session.get(Position, position_id).status == "closed"

    _wait(closed, what="the position closed by the job")
    with app.app_context():
        runs = db.session.scalars(select(AuditLog.details).where(
            AuditLog.action == "jobs.close-expired-positions")).all()
    assert runs == [{"closed": 1}]
