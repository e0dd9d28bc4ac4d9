"""Fixtures shared by the whole suite: app, db, client, runner, login_as and factories."""

from __future__ import annotations

import pytest
from flask import g, request_started
from flask.testing import FlaskClient
from flask_login.utils import _create_identifier

from foundry import create_app
from foundry.auth.sessions import open_session
from foundry.extensions import cache, limiter
from foundry.extensions import db as _db
from foundry.models.base import utcnow
from tests import factories
from tests.dbutil import database_url, empty_all_tables

DEMO_PASSWORD = "correct-horse-battery-staple"


def _fresh_globals(sender, **_extra) -> None:
    for name in list(vars(g)):
        delattr(g, name)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """One app for the session on a fresh schema; every test starts from empty tables."""
    application = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database_url(),
        UPLOAD_FOLDER=str(tmp_path_factory.mktemp("uploads")),
    )
    with application.app_context():
        _db.drop_all()
        _db.create_all()
    # Tests hold an app context open around their requests, and Flask reuses it for each
    # request, so `g` (Flask-Login's cached user, the API token, Babel's locale) would leak
    # from one request to the next. In production every request has a fresh `g`: do the same.
    request_started.connect(_fresh_globals, application)
    yield application
    with application.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture()
def db(app):
    """The database, inside an app context; all rows are removed after the test."""
    with app.app_context():
        cache.clear()
        yield _db
        _db.session.rollback()
        empty_all_tables(_db)
    limiter.reset()


@pytest.fixture()
def request_ctx(app, db):
    """A request context for calling services directly, as a view would (gettext reads the
    request's locale)."""
    with app.test_request_context():
        yield


@pytest.fixture()
def client(app, db) -> FlaskClient:
    """A test client (CSRF is off in TestingConfig; tests/auth checks it on)."""
    return app.test_client()


@pytest.fixture()
def runner(app, db):
    """The click runner for `flask …` commands."""
    return app.test_cli_runner()


@pytest.fixture()
def login_as(client, db):
    """Sign a client in as a fresh user of a role (or as a given user); returns the user."""

    def _login(role_or_user, **kwargs):
        user = role_or_user
        if isinstance(role_or_user, str):
            user = factories.user_with_role(role_or_user, **kwargs)
        _db.session.commit()
        with client.application.test_request_context(environ_base=client.environ_base):
            identifier = _create_identifier()  # Flask-Login's "strong" session protection
            # A live server-side session, as sign-in makes, past the second factor (deans and
            # admins must have one; a real sign-in reaches here only after the code).
            key = open_session(user, second_factor_at=utcnow())
        _db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = f"{user.id}:{key}"
            session["_fresh"] = True
            session["_id"] = identifier
        return user

    return _login


@pytest.fixture(scope="session")
def oidc():
    """A real OpenID Connect provider (oidc-provider-mock) on a free loopback port, started
    the first time a test asks for it (tests/oidc_provider.py)."""
    from tests.oidc_provider import start_provider

    provider, stop = start_provider()
    yield provider
    stop()
