"""The API's positions list accepts the Talent Pool's sort by best skills match (a student's
or external talent's token; a JSON error without one)."""

from __future__ import annotations

from tests import factories
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


def test_external_talent_see_through_the_api_what_the_pages_show(client, db, bearer):
    """A position for partner-university students only is not in an external token's list,
    and asking for it by id is a 404, as on the Talent Pool page."""
    everyone = factories.PositionFactory(title="Open Role", audience="open")
    partners = factories.PositionFactory(title="Partners Role", audience="partner")
    db.session.commit()
    _user, headers = bearer("external")
    titles = [p["title"] for p in client.get("/api/v1/positions", headers=headers).json["items"]]
    assert titles == ["Open Role"]
    assert client.get(f"/api/v1/positions/{partners.id}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/positions/{everyone.id}", headers=headers).status_code == 200
    _user, student = bearer("student")
    both = {p["title"] for p in client.get("/api/v1/positions", headers=student).json["items"]}
    assert both == {"Open Role", "Partners Role"}
