"""Error reporting to Sentry when SENTRY_DSN is set (web requests and Celery tasks)."""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    """Initialise the Sentry SDK (process-wide), without personal data."""
    dsn = app.config.get("SENTRY_DSN")
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.flask import FlaskIntegration

    sentry_sdk.init(dsn=dsn, environment=app.config.get("SENTRY_ENVIRONMENT"),
                    integrations=[FlaskIntegration(), CeleryIntegration()],
                    traces_sample_rate=app.config.get("SENTRY_TRACES_SAMPLE_RATE", 0.0))
    # Personal data stays out: the SDK sends none by default (no cookies, users or bodies).
