"""Digits int() refuses ('²') or ids beyond INTEGER never reach the database: no 500."""

from __future__ import annotations

import pytest

from foundry.common.inputs import whole_number
from tests import factories


@pytest.mark.parametrize(("raw", "expected"), [("42", 42), (" 7 ", 7), ("²", None), ("", None),
                                               (None, None), ("-3", None), ("1e3", None),
                                               ("99999999999999999999", None)])
def test_whole_number(raw, expected):
    assert whole_number(raw) == expected


def test_level_bounds():
    assert whole_number("5", low=1, high=5) == 5
    assert whole_number("6", low=1, high=5) is None


@pytest.mark.parametrize("query", ["faculty=²", "cohort=²", "programme=²"])
def test_dean_dashboard_filters_with_odd_digits_are_400(client, login_as, query):
    login_as("dean")
    assert client.get(f"/dashboards/dean?{query}").status_code == 400


def test_my_skills_with_odd_digit_is_a_message(client, login_as, db):
    login_as("student")
    skill = factories.SkillFactory()
    db.session.commit()
    response = client.post("/me/skills", data={f"skill-{skill.id}": "²"})
    assert response.status_code in (200, 400)
    assert "Choose a level from 1 to 5" in response.get_data(as_text=True)


@pytest.mark.parametrize("ident", ["²", "99999999999999999999"])
def test_bulk_move_with_odd_ids_changes_nothing(client, login_as, ident):
    login_as("company")
    response = client.post("/company/applicants/bulk", data={"ids": [ident], "to": "shortlisted"})
    assert response.status_code == 302
