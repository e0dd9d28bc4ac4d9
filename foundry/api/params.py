"""Query-parameter parsing and pagination for the API: bad input → 400 JSON with details."""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, make_response, request
from sqlalchemy import Select

from foundry.common.pages import page_of

MAX_PER_PAGE = 100


class BadParameter(Exception):
    """A query parameter is malformed or out of range."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


def fail(status: int, message: str, details: dict | None = None, code: str | None = None):
    """Abort the request with the API's JSON error shape."""
    from foundry.errors import json_error

    response, status = json_error(status, message, code=code, details=details)
    abort(make_response(response, status))


def int_arg(name: str, default: int | None = None, *, low: int | None = None,
            high: int | None = None) -> int | None:
    """An integer query parameter within [low, high]."""
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        fail(400, f"Parameter '{name}' must be a whole number.", {"parameter": name})
    if (low is not None and value < low) or (high is not None and value > high):
        fail(400, f"Parameter '{name}' must be between {low} and {high}.", {"parameter": name})
    return value


def choice_arg(name: str, allowed) -> str | None:
    """A query parameter that must be one of the allowed values."""
    raw = request.args.get(name)
    if raw is None:
        return None
    allowed = tuple(str(a) for a in allowed)
    if raw not in allowed:
        fail(400, f"Parameter '{name}' must be one of: {', '.join(allowed)}.",
             {"parameter": name, "allowed": list(allowed)})
    return raw


def text_arg(name: str, max_length: int = 100) -> str | None:
    """A free-text query parameter, trimmed, with a length limit."""
    raw = (request.args.get(name) or "").strip()
    if len(raw) > max_length:
        fail(400, f"Parameter '{name}' is longer than {max_length} characters.",
             {"parameter": name})
    return raw or None


def paginated(stmt: Select, serialize) -> Any:
    """Run a select of one entity with ?page and ?per_page (page and total in one query) and
    answer {items, page, per_page, total, pages}."""
    page = int_arg("page", 1, low=1, high=100_000)
    per_page = int_arg("per_page", 20, low=1, high=MAX_PER_PAGE)
    result = page_of(stmt, page=page, per_page=per_page)
    return jsonify(items=[serialize(row) for row in result.items], page=page,
                   per_page=per_page, total=result.total,
                   pages=(result.total + per_page - 1) // per_page)
