"""Process-wide safety: the development secret, the client address behind proxies and the
security headers of every response."""

from __future__ import annotations

import os
import secrets

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

SECRET_FILE = "secret_key"  # noqa: S105 — a file name, not a secret
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'; "
       "base-uri 'self'; form-action 'self'")


def instance_secret_key(instance_path: str) -> str:
    """The random secret kept in the instance folder, made (readable by its owner only) on
    first use: development never signs with a constant anyone could read in the source."""
    path = os.path.join(instance_path, SECRET_FILE)
    try:
        with open(path, encoding="ascii") as handle:
            key = handle.read().strip()
        if len(key) >= 32:
            return key
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


class OneClientAddress:
    """WSGI middleware run after ProxyFix: `X-Forwarded-For` is replaced by the one address
    ProxyFix resolved from the trusted hops, so nothing further in (Flask-Login's session
    protection reads the header itself) can be fooled by a forged header."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        environ.pop("HTTP_X_FORWARDED_FOR", None)
        if environ.get("REMOTE_ADDR"):
            environ["HTTP_X_FORWARDED_FOR"] = environ["REMOTE_ADDR"]
        return self.wsgi_app(environ, start_response)


def install_client_address(app: Flask) -> None:
    """Read the client address in one place: ProxyFix trusting TRUSTED_PROXY_HOPS proxies
    (0 = none), then one header every later reader agrees with."""
    hops = int(app.config.get("TRUSTED_PROXY_HOPS", 0))
    app.wsgi_app = ProxyFix(OneClientAddress(app.wsgi_app), x_for=hops, x_proto=hops,
                            x_host=0, x_port=0, x_prefix=0)


def install_security_headers(app: Flask) -> None:
    """A strict Content-Security-Policy (no inline scripts, nothing from other hosts), HSTS
    where configured, and no caching of anything but static files."""
    hsts = int(app.config.get("HSTS_SECONDS", 0))

    @app.after_request
    def set_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if hsts:
            response.headers.setdefault("Strict-Transport-Security",
                                        f"max-age={hsts}; includeSubDomains")
        if request.endpoint != "static" and not response.cache_control.public \
                and not response.cache_control.no_store:
            # Pages, CVs, exports, data downloads and API answers may hold personal data: no
            # shared or browser cache keeps a copy (a shared computer's back button). Only
            # static files and assets a view marks public (plotly.js) are cached.
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
