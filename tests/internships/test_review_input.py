"""Review findings: absurd numbers and dates on the internship form get a message by the field."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from foundry.models import Internship
from tests import factories
from tests.internships.conftest import form_data


def _post(client, db, **overrides):
    response = client.post("/internships/new", data=form_data(
        company_name="Harbour Robotics Ltd", supervisor_email="boss@harbour.example",
        **overrides))
    return response, db.session.scalar(select(func.count()).select_from(Internship))


def test_huge_stipend_is_refused_by_the_field(client, db, login_as):
    """A stipend beyond any real one (and beyond INTEGER) is a form error, not a 500."""
    login_as("student")
    response, count = _post(client, db, stipend_monthly="99999999999999999999")
    assert response.status_code == 200
    assert b"stipend" in response.data.lower() and count == 0


@pytest.mark.parametrize(("start", "end"), [("0001-01-01", "0001-02-01"),
                                            ("2025-06-02", "9999-12-31"),
                                            ("0001-01-01", "9999-12-31"),
                                            ("9999-01-01", "9999-02-01")])
def test_absurd_dates_are_refused(client, db, login_as, start, end):
    """Year 1 or 9999 is a typo: refused with a message, nothing stored (it would otherwise
    count in every dashboard and block every later log at the company as an overlap)."""
    login_as("student")
    response, count = _post(client, db, start_date=start, end_date=end)
    assert response.status_code == 200
    assert b"invalid-feedback" in response.data and count == 0


def test_ordinary_dates_still_work(client, db, login_as):
    """The bounds leave a normal summer internship alone."""
    login_as("student")
    factories.CompanyFactory()
    response, count = _post(client, db)
    assert response.status_code == 302 and count == 1
