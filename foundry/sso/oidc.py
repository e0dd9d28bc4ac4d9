"""The OpenID Connect authorization-code flow with PKCE, by Authlib (its requests client for
the token exchange, joserfc for the ID token).

What is checked: the `state` (one use, bound to this browser's session, expiring), the nonce,
the PKCE verifier (S256), and the ID token's signature (the provider's published keys), issuer,
audience, expiry and issue time. Each refusal is an SsoError with a reason for the audit trail
and a message for the person.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from flask import session
from flask_babel import gettext as _
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import KeySet

from foundry.extensions import cache
from foundry.models import IdentityProvider

STATES_KEY = "sso_states"
STATE_SECONDS = 600
MAX_STATES = 5
HTTP_TIMEOUT = 10
LEEWAY_SECONDS = 60
WELL_KNOWN = "/.well-known/openid-configuration"


class SsoError(Exception):
    """A refused sign-in: `reason` (and the e-mail, when known) for the audit trail, the
    message for the person."""

    def __init__(self, reason: str, message: str, *, email: str | None = None):
        super().__init__(message)
        self.reason = reason
        self.email = email


@dataclass(frozen=True)
class Pending:
    """What the browser's session remembers between the redirect and the callback."""

    provider_id: int
    nonce: str
    verifier: str
    next: str | None


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=HTTP_TIMEOUT)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise SsoError("provider_unreachable", _(
            "The university's sign-in service did not answer. Try again in a moment, or "
            "sign in with your password if your university allows it.")) from error
    if not isinstance(data, dict):
        raise SsoError("provider_unreachable", _("The university's sign-in service answered "
                                                 "something unexpected."))
    return data


def metadata(provider: IdentityProvider) -> dict[str, Any]:
    """The provider's discovery document (cached ten minutes); its issuer must be the
    discovery URL's own (OpenID Connect Discovery §4.3)."""
    key = "oidc-metadata:" + provider.discovery_url
    found = cache.get(key)
    if found is None:
        found = _get_json(provider.discovery_url)
        expected = provider.discovery_url.removesuffix(WELL_KNOWN).rstrip("/")
        if str(found.get("issuer", "")).rstrip("/") != expected:
            raise SsoError("issuer_mismatch", _(
                "The university's sign-in settings do not match its provider (issuer). An "
                "admin must check them."))
        cache.set(key, found, timeout=600)
    return found


def _client(provider: IdentityProvider, secret: str | None, *,
            redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(client_id=provider.client_id, client_secret=secret,
                         scope="openid email profile", redirect_uri=redirect_uri,
                         code_challenge_method="S256",
                         token_endpoint_auth_method="client_secret_basic" if secret else "none")


def authorization_url(provider: IdentityProvider, *, redirect_uri: str, next_url: str | None,
                      login_hint: str | None = None) -> str:
    """Where to send the browser; the state, nonce and PKCE verifier stay in its session."""
    config = metadata(provider)
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    extra = {"nonce": nonce}
    if login_hint:
        extra["login_hint"] = login_hint
    client = _client(provider, None, redirect_uri=redirect_uri)
    url, _state = client.create_authorization_url(config["authorization_endpoint"], state=state,
                                                  code_verifier=verifier, **extra)
    states = {k: v for k, v in (session.get(STATES_KEY) or {}).items()
              if time.time() - v.get("at", 0) < STATE_SECONDS}
    while len(states) >= MAX_STATES:
        states.pop(min(states, key=lambda k: states[k]["at"]))
    states[state] = {"provider_id": provider.id, "nonce": nonce, "verifier": verifier,
                     "next": next_url, "at": int(time.time())}
    session[STATES_KEY] = states
    return url


def take_state(state: str | None) -> Pending:
    """The pending sign-in this state names, removed so it works once; a missing, used or
    expired state is refused."""
    states = dict(session.get(STATES_KEY) or {})
    entry = states.pop(state or "", None)
    session[STATES_KEY] = states
    if not entry or time.time() - entry.get("at", 0) > STATE_SECONDS:
        raise SsoError("state_mismatch", _(
            "This sign-in link was already used, has expired or was started in another "
            "browser. Start again from the sign-in page."))
    return Pending(provider_id=entry["provider_id"], nonce=entry["nonce"],
                   verifier=entry["verifier"], next=entry.get("next"))


def exchange_code(provider: IdentityProvider, secret: str | None, *, code: str,
                  pending: Pending, redirect_uri: str) -> dict[str, Any]:
    """Trade the code (with the PKCE verifier) for tokens and return the verified ID token's
    claims."""
    config = metadata(provider)
    client = _client(provider, secret, redirect_uri=redirect_uri)
    try:
        token = client.fetch_token(config["token_endpoint"], grant_type="authorization_code",
                                   code=code, code_verifier=pending.verifier,
                                   timeout=HTTP_TIMEOUT)
    except Exception as error:  # Authlib raises OAuthError, requests its own: both refused
        raise SsoError("token_exchange_failed", _(
            "The university's sign-in service did not accept this sign-in. Start again from "
            "the sign-in page.")) from error
    id_token = token.get("id_token")
    if not id_token:
        raise SsoError("no_id_token", _("The university's sign-in service sent no identity "
                                        "token. An admin must check its settings."))
    return verify_id_token(provider, id_token, nonce=pending.nonce)


def verify_id_token(provider: IdentityProvider, id_token: str, *, nonce: str) -> dict[str, Any]:
    """Check the ID token's signature, issuer, audience, expiry, issue time and nonce."""
    config = metadata(provider)
    keys = KeySet.import_key_set(_get_json(config["jwks_uri"]))
    algorithms = config.get("id_token_signing_alg_values_supported") or ["RS256"]
    try:
        token = jwt.decode(id_token, keys, algorithms=[a for a in algorithms if a != "none"])
    except BadSignatureError as error:
        raise SsoError("bad_signature", _("The identity token's signature is not valid. "
                                          "Sign-in refused.")) from error
    except (JoseError, ValueError) as error:
        raise SsoError("bad_token", _("The identity token could not be read. Sign-in "
                                      "refused.")) from error
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": config["issuer"]},
        aud={"essential": True, "value": provider.client_id},
        exp={"essential": True}, iat={"essential": True}, sub={"essential": True},
        nonce={"essential": True, "value": nonce})
    try:
        registry.validate(token.claims)
    except ExpiredTokenError as error:
        raise SsoError("token_expired", _("The identity token has expired. Start again from "
                                          "the sign-in page.")) from error
    except (InvalidClaimError, MissingClaimError) as error:
        claim = getattr(error, "claim", "")
        reason = {"aud": "wrong_audience", "iss": "wrong_issuer",
                  "nonce": "nonce_mismatch"}.get(claim, "invalid_claim")
        message = {
            "wrong_audience": _("The identity token was issued to another application "
                                "(audience). Sign-in refused."),
            "wrong_issuer": _("The identity token comes from another issuer. Sign-in "
                              "refused."),
            "nonce_mismatch": _("The identity token does not belong to this sign-in "
                                "(nonce). Start again from the sign-in page."),
        }.get(reason, _("The identity token is not valid (%(claim)s). Sign-in refused.",
                        claim=claim))
        raise SsoError(reason, message) from error
    except JoseError as error:
        raise SsoError("invalid_claim", _("The identity token is not valid. Sign-in "
                                          "refused.")) from error
    return dict(token.claims)
