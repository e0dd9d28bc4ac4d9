"""API v1: public reference data, bearer tokens, scopes, pagination, JSON errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jsonschema import Draft202012Validator

from foundry.api.openapi import build_spec
from foundry.models import ApiToken
from foundry.models.base import utcnow
from tests import factories


def assert_matches(payload, schema_name: str) -> None:
    """The payload matches the component schema of the OpenAPI document."""
    spec = build_spec()
    schema = {**spec["components"]["schemas"][schema_name], "components": spec["components"]}
    Draft202012Validator(schema).validate(payload)


def test_universities_are_public(client, db):
    factories.UniversityFactory(code="HKUST", name="The Hong Kong University of Science and "
                                                  "Technology")
    db.session.commit()
    response = client.get("/api/v1/universities")
    assert response.status_code == 200
    assert [u["code"] for u in response.json["items"]] == ["HKUST"]
    assert_matches(response.json["items"][0], "University")


def test_faculties_of_unknown_university_is_json_404(client):
    response = client.get("/api/v1/universities/NOPE/faculties")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_companies_lists_only_verified_with_pagination(client, db):
    factories.CompanyFactory.create_batch(3, vetting_status="verified")
    factories.CompanyFactory(vetting_status="pending", name="Pending Co")
    factories.CompanyFactory(vetting_status="suspended", name="Suspended Co")
    db.session.commit()
    body = client.get("/api/v1/companies?per_page=2").json
    assert body["total"] == 3 and body["pages"] == 2 and len(body["items"]) == 2
    names = {c["name"] for c in client.get("/api/v1/companies?page=2&per_page=2").json["items"]}
    assert "Pending Co" not in names and "Suspended Co" not in names
    assert_matches(body["items"][0], "Company")


@pytest.mark.parametrize("query", ["per_page=0", "per_page=101", "page=abc", "cluster=space",
                                   "q=" + "x" * 101])
def test_bad_parameters_get_400_with_reason(client, query):
    response = client.get(f"/api/v1/positions?{query}")
    assert response.status_code == 400
    assert response.json["error"]["message"]
    assert "parameter" in response.json["error"]["details"]


def test_positions_only_open_and_verified(client, db):
    visible = factories.PositionFactory(title="Perception Engineer Intern")
    factories.PositionFactory(status="draft")
    factories.PositionFactory(company__vetting_status="suspended")
    db.session.commit()
    items = client.get("/api/v1/positions").json["items"]
    assert [p["id"] for p in items] == [visible.id]
    assert_matches(items[0], "Position")
    assert client.get(f"/api/v1/positions/{visible.id}").status_code == 200
    hidden = factories.PositionFactory(status="closed")
    db.session.commit()
    assert client.get(f"/api/v1/positions/{hidden.id}").status_code == 404


def test_positions_past_their_deadline_are_not_listed_as_in_the_talent_pool(client, db,
                                                                              login_as):
    """The API reads through positions/queries.py: what the Talent Pool hides, it hides."""
    current = factories.PositionFactory(deadline=utcnow().date() + timedelta(days=3))
    expired = factories.PositionFactory(deadline=utcnow().date() - timedelta(days=3))
    db.session.commit()
    assert [p["id"] for p in client.get("/api/v1/positions").json["items"]] == [current.id]
    assert client.get(f"/api/v1/positions/{expired.id}").status_code == 404
    login_as("student")
    pool = client.get("/positions").get_data(as_text=True)
    assert current.title in pool and expired.title not in pool


def test_me_requires_a_token(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json["error"]["code"] == "unauthorized"


def test_session_cookie_is_not_enough_for_the_api(client, login_as):
    login_as("student")
    assert client.get("/api/v1/me").status_code == 401


def test_token_reads_own_records_and_records_use(client, bearer, db):
    user, headers = bearer("student")
    mine = factories.ApplicationFactory(student=user.student)
    factories.ApplicationFactory()
    factories.InternshipFactory(student=user.student)
    db.session.commit()
    assert client.get("/api/v1/me", headers=headers).json["role"] == "student"
    apps = client.get("/api/v1/me/applications", headers=headers).json
    assert [a["id"] for a in apps["items"]] == [mine.id]
    assert_matches(apps["items"][0], "Application")
    internships = client.get("/api/v1/me/internships", headers=headers).json["items"]
    assert len(internships) == 1
    assert_matches(internships[0], "Internship")
    db.session.expire_all()
    assert db.session.scalars(db.select(ApiToken)).one().last_used_at is not None


def test_wrong_role_gets_403_json(client, bearer):
    _user, headers = bearer("company")
    response = client.get("/api/v1/me/applications", headers=headers)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


@pytest.mark.parametrize("spoil", ["revoke", "expire", "tamper", "deactivate"])
def test_unusable_tokens_are_refused(client, bearer, db, spoil):
    user, headers = bearer("student")
    token = db.session.scalars(db.select(ApiToken)).one()
    if spoil == "revoke":
        token.revoked_at = utcnow()
    elif spoil == "expire":
        token.expires_at = utcnow() - timedelta(seconds=1)
    elif spoil == "tamper":
        headers = {"Authorization": headers["Authorization"][:-2] + "xx"}
    else:
        user.active = False
    db.session.commit()
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert "not valid" in response.json["error"]["message"]


def test_api_rate_limit_per_token(app, client, bearer):
    _user, headers = bearer("student")
    default = app.config["API_RATE_LIMIT"]
    app.config["API_RATE_LIMIT"] = "3 per minute"
    try:
        responses = [client.get("/api/v1/me", headers=headers) for _ in range(4)]
    finally:
        app.config["API_RATE_LIMIT"] = default
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert responses[-1].json["error"]["code"] == "rate_limited"
    _other, other_headers = bearer("student")
    assert client.get("/api/v1/me", headers=other_headers).status_code == 200


def test_cli_creates_a_token_that_works(runner, client, db):
    user = factories.user_with_role("dean")
    db.session.commit()
    result = runner.invoke(args=["tokens", "create", user.email.upper(), "--scope", "read"])
    assert result.exit_code == 0, result.output
    plaintext = result.output.strip()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert response.json["email"] == user.email


def test_cli_refuses_unknown_user_and_bad_lifetime(runner, db):
    assert "No active user" in runner.invoke(args=["tokens", "create", "x@y.hk"]).output
    user = factories.user_with_role("dean")
    db.session.commit()
    result = runner.invoke(args=["tokens", "create", user.email, "--days", "0"])
    assert result.exit_code != 0 and "1 to 365 days" in result.output


def test_undeclared_method_gets_405_with_allow_header(client):
    response = client.delete("/api/v1/universities")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert response.json["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("query", ["cluster=", "page="])
def test_empty_values_are_not_silently_ignored(client, query):
    assert client.get(f"/api/v1/companies?{query}").status_code == 400
