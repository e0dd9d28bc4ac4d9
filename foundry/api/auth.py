"""Bearer-token authentication and token scopes for the API."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from flask import g, request

from foundry.account.tokens import user_for_token
from foundry.permissions import is_api_request


def _bearer(req) -> str | None:
    header = req.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _lookup(plaintext: str):
    """The (user, token) of a presented token, looked up once per request (the rate limiter
    and the user loader both ask)."""
    cache = g.setdefault("api_token_lookups", {})
    if plaintext not in cache:
        cache[plaintext] = user_for_token(plaintext)
    return cache[plaintext]


def user_from_bearer(req):
    """Flask-Login request loader: the user of a valid bearer token on /api/ paths, else None."""
    if not is_api_request():
        return None
    plaintext = _bearer(req)
    if plaintext is None:
        return None
    found = _lookup(plaintext)
    if found is None:
        g.api_token_rejected = True
        return None
    user, token = found
    g.api_token = token  # its last-used time is recorded after the request
    return user


def rate_limit_key() -> str:
    """Rate limits count per valid token; anonymous calls and unknown, expired or revoked
    tokens count against the client address (a made-up token is no fresh bucket)."""
    plaintext = _bearer(request)
    if plaintext and _lookup(plaintext) is not None:
        return "token:" + hashlib.sha256(plaintext.encode()).hexdigest()[:32]
    return "addr:" + (request.remote_addr or "unknown")


def write_scope(view: Callable) -> Callable:
    """Refuse a write with a read-only token (403 JSON); keeps the view's access policy."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        from foundry.errors import json_error

        token = g.get("api_token")
        if token is not None and token.scope != "write":
            return json_error(403, "This token is read-only; create a read-write token.",
                              code="insufficient_scope")
        return view(*args, **kwargs)

    return wrapped
