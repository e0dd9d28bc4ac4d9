"""Is the job broker there? (for /healthz)"""

from __future__ import annotations

from flask import current_app


def broker_status() -> str:
    """"ok", "unavailable", or "eager" (no broker configured: jobs run in process)."""
    celery_app = current_app.extensions["celery"]
    if celery_app.conf.task_always_eager:
        return "eager"
    try:
        with celery_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2,
                                         timeout=1)
    except Exception:  # noqa: BLE001 — whatever the transport raises, the broker is away
        current_app.logger.warning("health check: the job broker is unavailable")
        return "unavailable"
    return "ok"
