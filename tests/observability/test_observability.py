"""Request ids, JSON logs, /metrics (restricted), Sentry and the broker in /healthz."""

from __future__ import annotations

import gzip
import io
import json
import logging
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from flask import current_app

from foundry import create_app
from foundry.common.mail import queue_mail
from foundry.extensions import db as _db
from foundry.observability.logs import RequestIdFilter, _formatter, current_request_id
from tests.jobs.conftest import free_port


def test_request_id_is_taken_or_made_and_returned(client):
    given = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9"})
    assert given.headers["X-Request-ID"] == "lb-7f3a9"
    made = client.get("/healthz").headers["X-Request-ID"]
    hostile = client.get("/healthz", headers={"X-Request-ID": "a b \"forged\"=1"})
    assert len(made) == 32 and hostile.headers["X-Request-ID"] not in ("a b \"forged\"=1", made)


def test_log_lines_are_json_with_the_request_id(app, db):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(_formatter("json"))
    handler.addFilter(RequestIdFilter())
    app.logger.addHandler(handler)
    try:
        with app.test_request_context(headers={"X-Request-ID": "req-123"}):
            app.preprocess_request()  # the before_request hooks, as for a real request
            current_app.logger.warning("something happened")
    finally:
        app.logger.removeHandler(handler)
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["message"] == "something happened" and line["request_id"] == "req-123"
    assert line["level"] == "WARNING" and "time" in line


def test_the_request_id_is_carried_into_a_job(app, db, monkeypatch):
    seen = []
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    import foundry.jobs.mail as outbox

    real = outbox.deliver
    monkeypatch.setattr(outbox, "deliver",
                        lambda mail_id, final: seen.append(current_request_id()) or
                        real(mail_id, final=final))
    with app.test_request_context(headers={"X-Request-ID": "req-job-1"}):
        app.preprocess_request()
        queue_mail(to="a@connect.ust.hk", subject="s", body="b")
        db.session.commit()
    assert seen == ["req-job-1"]


def test_metrics_only_for_monitoring_addresses_or_the_token(app, client, monkeypatch, db):
    client.get("/healthz")
    response = client.get("/metrics")  # the test client calls from 127.0.0.1
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'foundry_http_request_duration_seconds_count{method="GET",status="200",' \
           'url_rule="main.healthz"}' in text or "main.healthz" in text
    assert "foundry_outbox_mail" in text and "foundry_import_jobs" in text
    outsider = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", environ_base=outsider).status_code == 403
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "scrape-secret")
    assert client.get("/metrics", environ_base=outsider,
                      headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.get("/metrics", environ_base=outsider,
                      headers={"Authorization": "Bearer scrape-secret"}).status_code == 200


def test_healthz_is_degraded_not_down_when_only_the_broker_is_away(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/h.db",
                     CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/3")
    with app.app_context():
        response = app.test_client().get("/healthz")
        assert response.status_code == 200
        assert response.json == {"status": "degraded", "database": "ok",
                                 "broker": "unavailable"}
        _db.engine.dispose()


class _SentryInbox(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture()
def sentry_server():
    server = HTTPServer(("127.0.0.1", 0), _SentryInbox)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


SENTRY_SCRIPT = """
import sys
import sentry_sdk
from foundry import create_app
from foundry.extensions import db

app = create_app("testing", SQLALCHEMY_DATABASE_URI=sys.argv[1], SENTRY_DSN=sys.argv[2])


@app.get("/_boom")
def _boom():
    raise RuntimeError("boom for sentry")


_boom.access_policy = object()
with app.app_context():
    db.create_all()
    assert app.test_client().get("/_boom").status_code == 500
    sentry_sdk.flush(timeout=5)
"""


def test_sentry_receives_an_error_when_a_dsn_is_set(tmp_path, sentry_server):
    """In a process of its own: the SDK patches libraries process-wide once initialised."""
    result = subprocess.run(
        [sys.executable, "-c", SENTRY_SCRIPT, f"sqlite:///{tmp_path}/s.db",
         f"http://public@127.0.0.1:{sentry_server}/1"],
        cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=120,
        check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert any(b"boom for sentry" in body for body in _SentryInbox.received)
