"""A real OpenID Connect provider for tests: `oidc-provider-mock` served on a free loopback
port in a thread, with a switch that makes its token endpoint issue a bad ID token (another
audience, expired, or signed with a key it does not publish), re-signed with its own key."""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import oidc_provider_mock
import requests
from flask import g
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server


@dataclass
class Provider:
    """The running provider: its issuer URL, and what its next ID tokens get wrong."""

    url: str
    tamper: dict = field(default_factory=dict)

    @property
    def discovery_url(self) -> str:
        """Where the discovery document is."""
        return self.url + "/.well-known/openid-configuration"

    def set_user(self, sub: str, **claims) -> None:
        """The claims the provider gives for this subject."""
        requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5).raise_for_status()

    def authorize(self, authorize_url: str, sub: str) -> str:
        """The person signs in at the provider as `sub`; returns the redirect back (with code
        and state)."""
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False,
                                 timeout=5)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]


def _b64json(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _tampered(id_token: str, tamper: dict) -> str:
    header_part, payload_part, _signature = id_token.split(".")
    header, claims = _b64json(header_part), _b64json(payload_part)
    now = int(time.time())
    if "aud" in tamper:
        claims["aud"] = tamper["aud"]
    if tamper.get("expired"):
        claims["iat"], claims["exp"] = now - 7200, now - 3600
    if tamper.get("foreign_key"):
        key = RSAKey.generate_key(2048)
    else:
        key = RSAKey.import_key(g.oidc_provider_mock_storage.jwk.as_dict(is_private=True))
    return jwt.encode({k: v for k, v in header.items() if k in ("alg", "kid", "typ")},
                      claims, key)


def start_provider():
    """Start the provider; returns (Provider, stop function)."""
    app = oidc_provider_mock.app(require_nonce=True)
    provider = Provider(url="")

    @app.after_request
    def tamper_id_token(response):
        from flask import request

        if request.path == "/oauth2/token" and provider.tamper and response.is_json:
            body = response.get_json()
            if "id_token" in body:
                body["id_token"] = _tampered(body["id_token"], provider.tamper)
                response.set_data(json.dumps(body))
        return response

    server = make_server("localhost", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    provider.url = f"http://localhost:{server.server_port}"

    def stop() -> None:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()

    return provider, stop


def query_of(url: str) -> dict[str, str]:
    """The query parameters of a URL, one value each."""
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
