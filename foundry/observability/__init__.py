"""Observability: JSON logs with a request id, Prometheus metrics, Sentry, the broker in
/healthz. `install(app)` is one step of create_app."""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    """Logging and request ids, metrics, and Sentry when SENTRY_DSN is set."""
    from foundry.observability import logs, metrics, sentry

    logs.install(app)
    metrics.install(app)
    sentry.install(app)
