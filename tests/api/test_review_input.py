"""Review findings: hostile API bodies get a 4xx JSON error, never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from foundry.models import Internship
from tests.api.test_api_writes import GOOD


@pytest.mark.parametrize("change", [
    {"company_id": 10**20, "company_name": None},   # beyond INTEGER: overflowed the driver
    {"company_id": -5, "company_name": None},
    {"title": "Intern\u0000"},                      # PostgreSQL text cannot hold NUL
    {"start_date": "0001-01-01", "end_date": "0001-02-01"},
    {"start_date": "2026-06-01", "end_date": "9999-12-31"},
])
def test_hostile_internship_bodies_are_refused(client, bearer, db, change):
    """Each is a 400/422 JSON error and nothing is stored."""
    _user, headers = bearer("student", scope="write")
    response = client.post("/api/v1/me/internships", json={**GOOD, **change}, headers=headers)
    assert response.status_code in (400, 422), response.status_code
    assert "error" in response.json or "errors" in response.json
    assert db.session.scalar(select(func.count()).select_from(Internship)) == 0


@pytest.mark.parametrize(("data", "content_type"), [
    (b"title=x", "application/x-www-form-urlencoded"), (b"", "application/json"),
    (b"[1,2]", "application/json"), (b"{", "application/json"), (b"\xff\xfe", "text/plain"),
])
def test_wrong_bodies_are_a_400(client, bearer, db, data, content_type):
    """Not a JSON object: a 400 that says so."""
    _user, headers = bearer("student", scope="write")
    response = client.post("/api/v1/me/internships", data=data, content_type=content_type,
                           headers=headers)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"
