"""Helpers for internship tests."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest

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


@contextlib.contextmanager
def in_request(app):
    """Run services inside a request context (gettext reads the request's locale)."""
    with app.test_request_context():
        yield
