"""Redis away (the dashboard cache and the broker on it): pages still serve, the sign-in form
still works, writes still commit, and each outage is a logged warning, never an error page.

(Rate limits with their storage away are swallowed by Flask-Limiter: RATELIMIT_SWALLOW_ERRORS.
They are not pointed at a dead Redis here: the limiter is one object for the whole test
process, and the tests that follow would inherit the dead storage.)"""

from __future__ import annotations

import logging

from sqlalchemy import select

from foundry import create_app
from foundry.extensions import db
from foundry.models import OutboxMail
from tests import factories
from tests.jobs.conftest import free_port


def test_pages_serve_with_redis_down(tmp_path, caplog):
    dead = f"redis://127.0.0.1:{free_port()}/3"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/r.db",
                     CACHE_TYPE="RedisCache", CACHE_REDIS_URL=dead, CELERY_BROKER_URL=dead,
                     MAIL_SERVER="127.0.0.1")
    with app.app_context():
        db.create_all()
        factories.UserFactory(email="ada@hkstp.example", role="admin")
        db.session.commit()
        client = app.test_client()
        with caplog.at_level(logging.WARNING):
            signed_in = client.post("/login", data={"email": "ada@hkstp.example",
                                                    "password": factories.PASSWORD})
            assert signed_in.status_code == 302
            assert client.get("/dashboards/admin").status_code == 200
            assert client.post("/forgot", data={"email": "ada@hkstp.example"}).status_code == 302
        assert db.session.scalar(select(OutboxMail.status)) == "queued"  # sent when it returns
        assert "cache unavailable" in caplog.text and "broker unavailable" in caplog.text
        db.session.remove()
        db.engine.dispose()
