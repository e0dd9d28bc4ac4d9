"""Service tests run inside a request context (gettext picks the locale from the request)."""

from __future__ import annotations

import pytest


@pytest.fixture()
def request_ctx(app, db):
    """A request context for calling services directly, as a view would."""
    with app.test_request_context():
        yield


@pytest.fixture()
def login_as(login_as):
    """The shared login_as, also forgetting the user Flask-Login cached on `g`: the `db`
    fixture keeps one app context (and so one `g`) for the whole test, so without this a
    second login_as in the same test would still act as the first user."""
    from flask import g

    def _login(role_or_user, **kwargs):
        user = login_as(role_or_user, **kwargs)
        g.pop("_login_user", None)
        return user

    return _login
