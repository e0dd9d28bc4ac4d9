"""Background work on Celery: the tasks, the after-commit queue and the beat schedule.

Flask's documented pattern (`init_celery` below): one Celery app per Flask app, each task run
inside the Flask app context. With a broker configured (`CELERY_BROKER_URL`, else `REDIS_URL`)
a worker runs the tasks; without one (`make run`, the unit tests) they run eagerly in process,
right after the commit that queued them.
"""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask


def celery_config(config: dict) -> dict:
    """Celery settings from the Flask config: eager without a broker, Redis or RabbitMQ with."""
    from foundry.jobs.schedule import beat_schedule

    broker = config.get("CELERY_BROKER_URL") or config.get("REDIS_URL")
    backend = config.get("CELERY_RESULT_BACKEND") or (
        broker if broker and broker.startswith(("redis://", "rediss://")) else None)
    return {
        "broker_url": broker or "memory://",
        "result_backend": backend,
        "task_ignore_result": True,
        "task_always_eager": not broker,
        # An eager task that fails is logged by the queue (the request that queued it has
        # already committed and must still succeed).
        "task_eager_propagates": False,
        # A worker killed half-way does not lose the task: it is acknowledged only once done,
        # and redelivered to another worker (every task is idempotent).
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "broker_connection_retry_on_startup": True,
        "worker_hijack_root_logger": False,  # keep our JSON log lines (with request ids)
        # Publishing gives up quickly when the broker is away: the outbox keeps the mail and
        # the retry job queues it again once the broker is back.
        "task_publish_retry_policy": {"max_retries": 1, "interval_start": 0.2,
                                      "interval_step": 0.2},
        "broker_transport_options": {"socket_connect_timeout": 2, "socket_timeout": 5,
                                     "max_retries": 1},
        "redis_socket_connect_timeout": 2,
        "timezone": config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Hong_Kong"),
        "beat_schedule": beat_schedule(),
        "include": ["foundry.jobs.tasks"],
    }


def init_celery(app: Flask) -> Celery:
    """Bind a Celery app to this Flask app (app.extensions['celery'])."""

    class FlaskTask(Task):
        """Runs each task in the Flask app context (its own database session)."""

        def __call__(self, *args, **kwargs):
            from foundry.observability.logs import request_id_var

            request_id = getattr(self.request, "request_id", None) or \
                (getattr(self.request, "headers", None) or {}).get("request_id")
            token = request_id_var.set(request_id or request_id_var.get())
            try:
                with app.app_context():
                    return self.run(*args, **kwargs)
            finally:
                request_id_var.reset(token)

    celery_app = Celery(app.import_name, task_cls=FlaskTask)
    celery_app.config_from_object(celery_config(app.config))
    import foundry.jobs.tasks  # noqa: F401  (registers the shared tasks)

    app.extensions["celery"] = celery_app
    return celery_app
