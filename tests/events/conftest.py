"""Service tests call gettext, which needs a request context for the locale."""

from __future__ import annotations

import pytest


@pytest.fixture()
def request_ctx(app, db):
    """A request context around a service-level test."""
    with app.test_request_context():
        yield
