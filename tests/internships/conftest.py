"""Helpers for internship tests."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from flask import g

from foundry.internships.validation import InternshipDetails


@pytest.fixture()
def details():
    """Build InternshipDetails with sensible defaults; override any field by keyword."""

    def _make(**overrides) -> InternshipDetails:
        values = {"company": None, "company_name": None, "title": "Embedded Software Intern",
                  "start_date": date(2025, 6, 2), "end_date": date(2025, 8, 29),
                  "hours_per_week": 40, "paid": True, "stipend_monthly": 12000,
                  "mode": "onsite", "site": "science_park", "supervisor_email": None}
        values.update(overrides)
        return InternshipDetails(**values)

    return _make


def form_data(**overrides) -> dict:
    """A valid POST for the internship form (company by directory id or by name)."""
    data = {"company_id": "", "company_name": "", "title": "Embedded Software Intern",
            "start_date": "2025-06-02", "end_date": "2025-08-29", "hours_per_week": "40",
            "paid": "y", "stipend_monthly": "12000", "mode": "onsite", "site": "science_park",
            "supervisor_email": ""}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture()
def request_ctx(app, db):
    """Services translate their messages (Flask-Babel reads the request's locale)."""
    with app.test_request_context():
        yield


@contextlib.contextmanager
def in_request(app):
    """Run services inside a request context, then forget the user Flask-Login cached on `g`
    (the test client's requests share the test's app context, hence its `g`)."""
    with app.test_request_context():
        yield
    g.pop("_login_user", None)


@pytest.fixture()
def sign_in_as(login_as):
    """login_as, and forget the user Flask-Login cached on `g`: the test client's requests
    share the test's app context, so without this a second sign-in in one test is ignored."""

    def _sign_in(who, **kwargs):
        user = login_as(who, **kwargs)
        g.pop("_login_user", None)
        return user

    return _sign_in
