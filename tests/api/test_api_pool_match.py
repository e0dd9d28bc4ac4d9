"""The API's positions list accepts the Talent Pool's sort by best skills match (a student's
or external talent's token; a JSON error without one)."""

from __future__ import annotations

from tests.positions.test_pool_match import _world


def test_api_positions_accept_the_same_sort(client, db, bearer):
    student, best_first = _world()
    _user, headers = bearer(student.user)
    response = client.get("/api/v1/positions?sort=match", headers=headers)
    assert response.status_code == 200
    assert [p["title"] for p in response.json["items"]] == best_first
    anonymous = client.get("/api/v1/positions?sort=match")
    assert anonymous.status_code == 401 and anonymous.json["error"]["details"] == {
        "parameter": "sort"}
    assert client.get("/api/v1/positions?sort=sideways").status_code == 400


def test_sort_by_match_is_refused_to_a_token_without_skills(client, db, bearer):
    """A dean's or admin's token is valid but has no skills to compare: 403, a JSON error (a
    schema-valid request is never a 400)."""
    _user, headers = bearer("dean")
    response = client.get("/api/v1/positions?sort=match", headers=headers)
    assert response.status_code == 403 and response.json["error"]["details"] == {
        "parameter": "sort"}
