"""Every route declares an access rule, and every role meets exactly that rule on every route."""

from __future__ import annotations

import re

import pytest

from foundry import create_app
from foundry.account.tokens import create_api_token
from foundry.permissions import ROLE_NAMES, AccessPolicy

# Endpoints served by Flask and extensions themselves: static files only.
EXEMPT = {"static", "bootstrap.static"}


def _policy_of(app, endpoint):
    return getattr(app.view_functions[endpoint], "access_policy", None)


def test_every_route_declares_an_access_policy():
    """A route added without @public/@authenticated/@role_required/@token_only fails here."""
    app = create_app("testing")
    missing = sorted(rule.rule for rule in app.url_map.iter_rules()
                     if rule.endpoint not in EXEMPT and _policy_of(app, rule.endpoint) is None)
    assert missing == [], f"routes without an access policy: {missing}"


def test_policy_test_catches_an_undeclared_route():
    """The check above really fails for a bare route."""
    app = create_app("testing")

    @app.get("/undeclared-for-test")
    def undeclared():
        return "x"

    assert _policy_of(app, "undeclared") is None


def _routes():
    app = create_app("testing")
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in EXEMPT:
            continue
        policy = _policy_of(app, rule.endpoint)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield pytest.param(rule.rule, method, policy, id=f"{method} {rule.rule}")


def _fill(match: re.Match) -> str:
    converter, name = match.group(1) or "", match.group(2)
    if converter.startswith(("int", "float")):
        return "999999"
    return "notatoken" if "token" in name else "nosuchthing"


def _url(rule: str) -> str:
    """Fill URL parameters with values that exist for no record."""
    return re.sub(r"<(?:([^:<>]+):)?([^<>]+)>", _fill, rule)


@pytest.mark.parametrize("role", ("anonymous", *ROLE_NAMES))
@pytest.mark.parametrize(("rule", "method", "policy"), list(_routes()))
def test_role_meets_route_policy(client, db, login_as, role, rule, method, policy: AccessPolicy):
    """Anonymous → sign-in (401 JSON on /api/); wrong role → 403; allowed → never 401/403/500."""
    is_api = rule.startswith("/api/")
    headers = {}
    if role != "anonymous":
        user = login_as(role)
        if is_api:  # the API ignores sessions: it takes bearer tokens only
            _token, plaintext = create_api_token(user=user, name="matrix", scope="write", days=1)
            db.session.commit()
            headers["Authorization"] = f"Bearer {plaintext}"
    response = client.open(_url(rule), method=method, headers=headers)
    if policy.kind == "token" or policy.kind == "public":
        assert response.status_code < 500
        return
    if role == "anonymous":
        if is_api:
            assert response.status_code == 401
        else:
            assert response.status_code == 302
            assert "/login" in response.headers["Location"]
        return
    if policy.allows(type("U", (), {"is_authenticated": True, "role": role})()):
        assert response.status_code not in (401, 403, 500), response.status_code
    else:
        assert response.status_code == 403
