"""A missing company is named together with the other mistakes of the internship form: an
empty form used to flag title, dates and hours but say nothing about the company."""

from __future__ import annotations

from sqlalchemy import func, select

from foundry.models import Internship
from tests.internships.conftest import form_data


def test_missing_company_is_reported_with_the_other_errors(client, db, login_as):
    login_as("student")
    page = client.post("/internships/new", data=form_data(title="", hours_per_week="")) \
        .get_data(as_text=True)
    assert 'id="company_id-error"' in page
    assert "Choose a company from the directory or type the company" in page
    assert 'id="title-error"' in page and 'id="hours_per_week-error"' in page
    assert db.session.scalar(select(func.count(Internship.id))) == 0


def test_a_typed_company_name_is_enough(client, db, login_as):
    login_as("student")
    page = client.post("/internships/new", data=form_data(
        company_name="Firm Ltd", supervisor_email="boss@firm.example", title="")) \
        .get_data(as_text=True)
    assert 'id="company_id-error"' not in page and 'id="title-error"' in page


def test_supervisor_and_date_order_reported_in_one_round(client, db, login_as):
    """The issue's case: the missing supervisor e-mail and the date order came one submit
    apart; now both show at once."""
    login_as("student")
    page = client.post("/internships/new", data=form_data(
        company_name="Firm Ltd", start_date="2025-08-29", end_date="2025-06-02")) \
        .get_data(as_text=True)
    assert 'id="supervisor_email-error"' in page and "give the supervisor" in page
    assert 'id="end_date-error"' in page and "on or after the start date" in page
    assert db.session.scalar(select(func.count(Internship.id))) == 0


def test_rule_errors_join_the_form_errors(client, db, login_as):
    """A field the form rejects (empty title) and a rule only the service knows (date order)
    are reported together, each once."""
    login_as("student")
    page = client.post("/internships/new", data=form_data(
        company_name="Firm Ltd", supervisor_email="boss@firm.example", title="",
        start_date="2025-08-29", end_date="2025-06-02")).get_data(as_text=True)
    assert 'id="title-error"' in page and page.count("Give the internship") == 0
    assert "on or after the start date" in page
