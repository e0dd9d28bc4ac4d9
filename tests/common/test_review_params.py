"""Review findings: hostile query parameters get a page or a 400, never a 500."""

from __future__ import annotations

import pytest

HUGE = "99999999999999999999"  # beyond 64 bits: overflowed the driver before the guard
HOSTILE = {"page": HUGE, "cohort": HUGE, "faculty": "-" + HUGE, "company_id": HUGE,
           "position": HUGE, "target_id": HUGE}

LISTS = [
    ("admin", "/admin/users"), ("admin", "/admin/audit"), ("admin", "/admin/skills"),
    ("admin", "/admin/universities"), ("admin", "/admin/companies"),
    ("admin", "/admin/employers"), ("admin", "/invitations"), ("admin", "/events/"),
    ("student", "/events/"), ("admin", "/events/admin"), ("admin", "/internships/all"),
    ("company", "/internships/company"), ("admin", "/mentoring/admin"),
    ("dean", "/outcomes/graduates"), ("admin", "/outcomes/graduates"),
    ("dean", "/exports/outcomes.csv"), ("admin", "/exports/audit.csv"),
    ("company", "/exports/applicants.csv"), ("student", "/companies"),
    ("company", "/company/applicants"), ("student", "/positions"),
]


@pytest.mark.parametrize(("role", "url"), LISTS)
def test_out_of_range_numbers_in_the_query_string(client, login_as, role, url):
    """Numbers beyond INTEGER are treated as not given (page 1, no filter), not a 500."""
    login_as(role)
    response = client.get(url, query_string=HOSTILE)
    assert response.status_code in (200, 404), response.status_code


@pytest.mark.parametrize(("role", "url"), [("dean", "/outcomes/graduates"),
                                           ("student", "/positions"), ("admin", "/admin/users")])
def test_nul_byte_in_the_query_string_is_a_400(client, login_as, role, url):
    """PostgreSQL text cannot hold NUL: such a search is refused with a message."""
    login_as(role)
    response = client.get(url, query_string={"q": "ab\x00c"})
    assert response.status_code == 400
    assert b"NUL" in response.data


def test_nul_byte_in_a_form_is_a_400_and_nothing_is_saved(client, login_as, db):
    """A crafted POST with NUL in a text field is refused before it reaches the database."""
    user = login_as("student")
    response = client.post("/mentoring/mentee-profile",
                           data={"opt_in": "y", "goals": "learn\x00", "interests": ""})
    assert response.status_code == 400
    db.session.refresh(user.student)
    assert user.student.mentee_goals != "learn\x00"
