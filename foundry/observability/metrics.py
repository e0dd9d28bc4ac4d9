"""Prometheus metrics at /metrics: request latency per endpoint (prometheus-flask-exporter),
jobs queued by this process and refused by the broker, and — read at scrape time, so they hold
for every process — outbox mail and import jobs by state, scheduled-job runs and the length of
the broker's queue. Only the monitoring addresses (METRICS_ALLOWED_IPS) or a caller with
METRICS_TOKEN may read it (see permissions.monitoring_only)."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Response, current_app
from prometheus_client import CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_flask_exporter import PrometheusMetrics
from sqlalchemy import func, select

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class FoundryCollector:
    """Figures read from the database and the broker when Prometheus scrapes."""

    def collect(self):
        """Yield the gauges (inside the scrape request's app context)."""
        from foundry.extensions import db
        from foundry.models import AuditLog, ImportJob, OutboxMail
        from foundry.models.base import utcnow

        mail = GaugeMetricFamily("foundry_outbox_mail", "Outgoing mail by delivery state",
                                 labels=["status"])
        for status, n in db.session.execute(
                select(OutboxMail.status, func.count()).group_by(OutboxMail.status)):
            mail.add_metric([status], n)
        yield mail
        imports = GaugeMetricFamily("foundry_import_jobs", "Import jobs by state",
                                    labels=["status"])
        for status, n in db.session.execute(
                select(ImportJob.status, func.count()).group_by(ImportJob.status)):
            imports.add_metric([status], n)
        yield imports
        runs = GaugeMetricFamily("foundry_scheduled_job_runs_24h",
                                 "Scheduled job runs in the last 24 hours", labels=["job"])
        since = utcnow() - timedelta(hours=24)
        for action, n in db.session.execute(
                select(AuditLog.action, func.count()).where(
                    AuditLog.action.like("jobs.%"), AuditLog.created_at >= since)
                .group_by(AuditLog.action)):
            runs.add_metric([action.removeprefix("jobs.")], n)
        yield runs
        length = queue_length()
        if length is not None:
            yield GaugeMetricFamily("foundry_job_queue_length",
                                    "Tasks waiting in the broker's default queue", value=length)

    def describe(self):
        """Nothing to describe ahead of a scrape (the figures are read live)."""
        return []


def queue_length() -> int | None:
    """Tasks waiting in the default queue (Redis brokers); None when unknown or away."""
    broker = current_app.extensions["celery"].conf.broker_url or ""
    if not broker.startswith(("redis://", "rediss://")):
        return None
    import redis

    try:
        client = redis.Redis.from_url(broker, socket_connect_timeout=1, socket_timeout=1)
        return int(client.llen("celery"))
    except redis.RedisError:
        return None


def install(app: Flask) -> None:
    """Per-app registry (several apps in one process never collide), latency per endpoint."""
    registry = CollectorRegistry(auto_describe=True)
    exporter = PrometheusMetrics(app, path=None, registry=registry, group_by="endpoint",
                                 defaults_prefix="foundry", excluded_paths=["^/static/"])
    registry.register(FoundryCollector())
    app.extensions["metrics"] = {
        "exporter": exporter, "registry": registry,
        "jobs_queued": Counter("foundry_jobs_queued", "Tasks sent to the broker",
                               ["task"], registry=registry),
        "jobs_refused": Counter("foundry_jobs_refused",
                                "Tasks the broker could not take (left for the retry job)",
                                ["task"], registry=registry),
    }


def count_job(app: Flask, task_name: str, *, sent: bool) -> None:
    """Count one task sent (or refused by an absent broker)."""
    metrics = app.extensions.get("metrics")
    if metrics:
        metrics["jobs_queued" if sent else "jobs_refused"].labels(task_name.rsplit(".", 1)[-1]) \
            .inc()


def exposition() -> Response:
    """The metrics in Prometheus' text format."""
    return Response(generate_latest(current_app.extensions["metrics"]["registry"]),
                    content_type=CONTENT_TYPE)
