"""Service tests run inside a request context (gettext picks the locale from the request)."""

from __future__ import annotations

import pytest


@pytest.fixture()
def request_ctx(app, db):
    """A request context for calling services directly, as a view would."""
    with app.test_request_context():
        yield
