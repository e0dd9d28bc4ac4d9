"""Structured logs: one JSON object per line (LOG_FORMAT=json, production's default) carrying
the request id — taken from X-Request-ID when it is sane, else generated, returned on every
response, and handed to the background jobs a request queues."""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from flask import Flask, g, request
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")  # no spaces, quotes or newlines in a log
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request (or of the job that a request queued) being handled."""
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


def _formatter(kind: str) -> logging.Formatter:
    if kind == "json":
        return JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                             rename_fields={"asctime": "time", "levelname": "level",
                                            "name": "logger"})
    return logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")


def configure_logging(kind: str, level: str = "INFO") -> None:
    """Send the root logger to stderr in the chosen format (json or text), once per process."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, "foundry", False)), None)
    if handler is None:
        handler = logging.StreamHandler()
        handler.foundry = True  # type: ignore[attr-defined]
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
    handler.setFormatter(_formatter(kind))
    root.setLevel(level)


def install(app: Flask) -> None:
    """Request ids on every request and response; JSON logs unless LOG_FORMAT=text."""
    if not app.testing:
        configure_logging(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
        app.logger.handlers.clear()  # records go to the root handler above, once
        app.logger.propagate = True

    @app.before_request
    def take_request_id() -> None:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if SANE_ID.match(given) else uuid.uuid4().hex
        g.request_id_token = request_id_var.set(g.request_id)

    @app.after_request
    def return_request_id(response):
        if "request_id" in g:
            response.headers[REQUEST_ID_HEADER] = g.request_id
        return response

    @app.teardown_request
    def forget_request_id(_error=None) -> None:
        token = g.pop("request_id_token", None)
        if token is not None:
            request_id_var.reset(token)
