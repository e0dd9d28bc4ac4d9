"""Regression tests for the outside security test's findings 1, 5, 6, 7, 9, 10, 12 and 13 and
the client-address finding (each fails on the main it was found on)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select

from foundry import create_app
from foundry.imports.csvfile import MAX_COLUMNS
from foundry.models import AuditLog, OutboxMail
from tests import factories
from tests.auth.helpers import STRONG

ROOT = Path(__file__).resolve().parents[2]


# --- 1. No constant development key; gunicorn serves production by default -------------------

def test_development_key_is_random_kept_private_and_stable(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app("development", SQLALCHEMY_DATABASE_URI="sqlite://")
    key = first.config["SECRET_KEY"]
    assert key != "dev-only-not-secret" and len(key) >= 32
    stored = Path(first.root_path).parent / "instance" / "secret_key"
    assert stored.read_text() == key
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert create_app("development", SQLALCHEMY_DATABASE_URI="sqlite://"
                      ).config["SECRET_KEY"] == key  # the same key on the next start


def test_a_cookie_forged_with_the_old_constant_opens_nothing(app, client, db):
    admin = factories.user_with_role("admin")
    db.session.commit()
    forger = create_app("testing", SECRET_KEY="dev-only-not-secret")
    serializer = SecureCookieSessionInterface().get_signing_serializer(forger)
    client.set_cookie("session", serializer.dumps({"_user_id": str(admin.id), "_fresh": True}))
    assert client.get("/admin/users").status_code == 302  # to sign-in: not an admin session


def test_gunicorn_without_settings_refuses_to_serve_the_development_configuration():
    env = {k: v for k, v in os.environ.items()
           if k not in ("SECRET_KEY", "DATABASE_URL", "BASE_URL", "FOUNDRY_CONFIG")}
    probe = ("import sys, types; sys.modules['gunicorn'] = types.ModuleType('gunicorn'); "
             "import wsgi")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "ProductionConfig needs these environment variables" in result.stderr


# --- Client address behind a proxy: one place, trusted hops only ------------------------------

def _audited_ip(db) -> str:
    return db.session.scalar(select(AuditLog.ip).where(AuditLog.action == "auth.login_failed")
                             .order_by(AuditLog.id.desc()))


def _fail_login(client, forwarded: str):
    return client.post("/login", data={"email": "nobody@example.com", "password": "x" * 12},
                       headers={"X-Forwarded-For": forwarded},
                       environ_base={"REMOTE_ADDR": "10.0.0.2"})


def test_with_no_trusted_proxy_a_forged_header_changes_nothing(app, client, db):
    assert app.config["TRUSTED_PROXY_HOPS"] == 0
    _fail_login(client, "203.0.113.9")
    assert _audited_ip(db) == "10.0.0.2"
    # Rotating the header is no way around the per-address limit (30 per 15 minutes).
    statuses = [_fail_login(client, f"198.51.100.{n}").status_code for n in range(31)]
    assert statuses[-1] == 429


def _probe(hops: int) -> str:
    """What a view behind install_client_address sees: 'address|X-Forwarded-For'."""
    from flask import Flask, request

    from foundry.security import install_client_address

    probe = Flask("probe")
    probe.config["TRUSTED_PROXY_HOPS"] = hops
    install_client_address(probe)
    probe.add_url_rule("/", view_func=lambda: f"{request.remote_addr}|"
                                                f"{request.headers.get('X-Forwarded-For')}")
    # The proxy appends the address it saw; anything before it is the client's own claim.
    return probe.test_client().get("/", headers={"X-Forwarded-For": "1.2.3.4, 203.0.113.9"},
                                   environ_base={"REMOTE_ADDR": "10.0.0.2"}).get_data(
        as_text=True)


def test_client_address_with_and_without_a_trusted_proxy():
    assert _probe(0) == "10.0.0.2|10.0.0.2"  # the forged header is replaced, not believed
    assert _probe(1) == "203.0.113.9|203.0.113.9"  # the proxy's word, not the client's
    assert _probe(2) == "1.2.3.4|1.2.3.4"


def test_session_protection_is_not_fooled_by_a_forged_header(app, db):
    user = factories.user_with_role("student")
    user.set_password(STRONG)
    db.session.commit()
    browser = app.test_client()
    browser.post("/login", data={"email": user.email, "password": STRONG})
    # Flask-Login's strong protection read X-Forwarded-For itself: a forged value changed the
    # session's identifier and threw the user out (or let a thief match a victim's).
    page = browser.get("/home", headers={"X-Forwarded-For": "203.0.113.77"})
    assert page.status_code == 200


# --- 5. CSV headers: capped before any work, checked in linear time ----------------------------

def test_an_import_header_with_too_many_columns_is_refused(client, db, login_as):
    from io import BytesIO

    login_as("admin")
    university = factories.UniversityFactory()
    db.session.commit()
    header = ",".join(f"c{n}" for n in range(MAX_COLUMNS + 1)).encode()
    page = client.post("/imports/", data={"kind": "outcomes", "university": str(university.id),
                                          "file": (BytesIO(header + b"\n1\n"), "wide.csv")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert f"at most {MAX_COLUMNS}" in page.get_data(as_text=True)


def test_the_api_import_refuses_a_wide_header_quickly(client, bearer, db):
    _admin, headers = bearer("admin", scope="write")
    university = factories.UniversityFactory()
    db.session.commit()
    wide = ",".join(f"c{n}" for n in range(40_000)).encode() + b"\n"
    response = client.post(f"/api/v1/imports/outcomes?university={university.code}",
                           data=wide, headers=headers, content_type="text/csv")
    assert response.status_code == 422
    assert "at most 200" in json.dumps(response.get_json())


def test_repeated_columns_are_still_named():
    from foundry.common.errors import DomainError
    from foundry.imports.csvfile import parse

    with pytest.raises(DomainError, match="student_number"):
        parse("Student Number,student_number\n1,2\n", required=["student_number"])


# --- 6. Hostile ids and bodies: 404 / 400, never a 500 ----------------------------------------

def _int_routes(app):
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items()
                if type(conv).__name__ == "IdConverter"]
        if ints:
            yield rule, ints


@pytest.mark.parametrize("huge", [2**31, 2**63, 10**30])
def test_every_route_with_an_id_answers_404_for_ids_beyond_integer(app, client, db, login_as,
                                                                    huge):
    login_as("admin")
    rules = list(_int_routes(app))
    assert len(rules) > 40
    for rule, ints in rules:
        path = "".join(
            str(huge) if part in ints else ("dean" if part in rule.arguments else part)
            for part in _split(rule.rule))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method)
            # 405 only where another rule with a text variable matches the same path.
            assert response.status_code in (404, 405), (method, path, response.status_code)


def _split(rule: str) -> list[str]:
    """'/a/<int:x>/b' → ['/a/', 'x', '/b']."""
    parts, rest = [], rule
    while "<" in rest:
        before, _, after = rest.partition("<")
        inside, _, rest = after.partition(">")
        parts += [before, inside.rpartition(":")[2]]
    return [*parts, rest]


def test_a_deeply_nested_json_body_is_a_400(client, bearer, db):
    _student, headers = bearer("student", scope="write")
    db.session.commit()
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/v1/me/internships", data=body, headers=headers,
                           content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"
    moderately = '{"a":' * 40 + "1" + "}" * 40
    response = client.post("/api/v1/me/internships", data=moderately, headers=headers,
                           content_type="application/json")
    assert response.status_code == 400


# --- 7. Made-up bearer tokens share the caller's address bucket -------------------------------

def test_made_up_tokens_count_against_the_address(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "5 per minute")
    statuses = [client.get("/api/v1/universities",
                           headers={"Authorization": f"Bearer tf_made_up_{n}"}).status_code
                for n in range(7)]
    assert statuses[:5] == [401] * 5 or 429 in statuses
    assert statuses[-1] == 429


def test_a_real_token_keeps_its_own_bucket(app, client, bearer, db, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "5 per minute")
    _user, headers = bearer("student")
    db.session.commit()
    for _ in range(5):
        client.get("/api/v1/universities")  # the address's bucket runs out
    assert client.get("/api/v1/universities").status_code == 429
    assert client.get("/api/v1/universities", headers=headers).status_code == 200


# --- 9. Sign-in costs the same hash check for unknown e-mails ----------------------------------

def test_an_unknown_email_costs_one_password_hash_check(client, db, monkeypatch):
    import foundry.models.users as users

    calls = []
    real = users.check_password_hash
    monkeypatch.setattr(users, "check_password_hash",
                        lambda stored, given: calls.append(1) or real(stored, given))
    client.post("/login", data={"email": "nobody@example.com", "password": "x" * 12})
    assert len(calls) == 1
    imported = factories.user_with_role("student")  # no password yet (registrar import)
    imported.password_hash = None
    db.session.commit()
    client.post("/login", data={"email": imported.email, "password": "x" * 12})
    assert len(calls) == 2


# --- 10. Mailed links always come from the configured base -----------------------------------

def test_a_reset_link_ignores_a_forged_host_header(client, db):
    user = factories.user_with_role("student")
    user.set_password(STRONG)
    db.session.commit()
    client.post("/forgot", data={"email": user.email}, headers={"Host": "evil.example"})
    body = db.session.scalar(select(OutboxMail.body).where(OutboxMail.recipient == user.email))
    assert "http://127.0.0.1:5000/reset/" in body and "evil.example" not in body


# --- 12. Cache-Control, HSTS, secure locale cookie ---------------------------------------------

def test_personal_data_responses_are_not_stored(client, db, login_as):
    login_as("student")
    for url in ("/home", "/account/", "/account/data.json", "/api/v1/universities"):
        response = client.get(url)
        assert response.headers.get("Cache-Control") == "no-store", url
    static = client.get("/static/css/app.css")
    assert "no-store" not in (static.headers.get("Cache-Control") or "")


def test_production_sends_hsts_and_a_secure_locale_cookie(monkeypatch, tmp_path):
    for name, value in (("SECRET_KEY", "s" * 40), ("BASE_URL", "https://tf.example"),
                        ("DATABASE_URL", f"sqlite:///{tmp_path}/p.db"),
                        ("REDIS_URL", "redis://127.0.0.1:6379/15")):
        monkeypatch.setenv(name, value)
    production = create_app("production")
    with production.test_client() as browser:
        response = browser.post("/language", data={"locale": "zh_Hant"})
        assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
        assert "Secure" in response.headers["Set-Cookie"]


def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


# --- 13. The API document says what the validation refuses ------------------------------------

def test_the_document_forbids_a_company_id_with_a_company_name(client):
    from jsonschema import Draft202012Validator

    from foundry.api.openapi import INTERNSHIP_INPUT

    body = {"title": "Intern", "start_date": "2025-06-01", "end_date": "2025-08-01",
            "hours_per_week": 40, "paid": True, "mode": "onsite"}
    validator = Draft202012Validator(INTERNSHIP_INPUT)
    assert validator.is_valid({**body, "company_id": 1, "company_name": None})
    assert validator.is_valid({**body, "company_id": None, "company_name": "Acme"})
    assert not validator.is_valid({**body, "company_id": 1, "company_name": "Acme"})


def test_the_document_forbids_a_nul_in_text_parameters(client):
    import re

    document = client.get("/api/v1/openapi.json").get_json()
    queries = [p for path in document["paths"].values() for op in path.values()
               for p in op.get("parameters", []) if p["schema"].get("type") == "string"
               and "enum" not in p["schema"]]
    assert queries
    for parameter in queries:
        assert not re.fullmatch(parameter["schema"]["pattern"], "a\x00b"), parameter["name"]


def test_every_integer_parameter_of_the_document_is_bounded(client):
    """schemathesis found `?programme=3463071519983` schema-valid yet refused: every integer
    the document accepts must fit the validation's range."""
    document = client.get("/api/v1/openapi.json").get_json()
    for path, operations in document["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                if schema.get("type") == "integer":
                    assert schema.get("maximum", 2**63) <= 2**31 - 1, (path, parameter["name"])
