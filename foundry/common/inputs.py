"""Guards that turn malformed request input into a clear 400 or a default, never a 500.

- Integer query/form parameters read with `request.args.get(name, type=int)` fall back to the
  default outside the range of the database's INTEGER column: `?page=99999999999999999999`
  or `?faculty=-9e19` would otherwise overflow the driver (SQLite) or the column (PostgreSQL).
- A NUL byte in a query, form or JSON value is refused: PostgreSQL text cannot hold one.
"""

from __future__ import annotations

import re

from flask import Flask, Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

INT_MIN, INT_MAX = -(2**31), 2**31 - 1


class BoundedArgs(ImmutableMultiDict):
    """Query and form values whose `get(..., type=int)` stays within INTEGER's range."""

    def get(self, key, default=None, type=None):
        """As MultiDict.get; an int outside INTEGER's range counts as unparsable (default)."""
        value = super().get(key, default=default, type=type)
        if type is int and isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
            return default
        return value


MAX_JSON_DEPTH = 32  # no API body nests more than a few levels


def json_depth(value) -> int:
    """How deeply lists and objects nest in a parsed JSON value (counted without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


class FoundryRequest(Request):
    """The app's request class: bounded integer parameters, and JSON bodies that nest too
    deeply are refused like malformed ones (a 400, not a RecursionError)."""

    parameter_storage_class = BoundedArgs

    def get_json(self, force=False, silent=False, cache=True):
        """As Request.get_json; a body nested deeper than MAX_JSON_DEPTH is invalid."""
        try:
            value = super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError:
            value = self._too_deep(silent)
        if json_depth(value) > MAX_JSON_DEPTH:
            value = self._too_deep(silent)
        return value

    def _too_deep(self, silent: bool):
        if silent:
            return None
        abort(400, f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.")


def _has_nul(values) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


def _json_has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_json_has_nul(k) or _json_has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_json_has_nul(item) for item in value)
    return False


def _body_has_nul() -> bool:
    if request.method in ("GET", "HEAD"):
        return False
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return _has_nul(request.form)
    if request.is_json:
        return _json_has_nul(request.get_json(silent=True))
    return False


class IdConverter(IntegerConverter):
    """`<int:…>` in routes matches only what an INTEGER column can hold: a larger id is a 404
    on every database (SQLite's driver overflowed at 2^63, PostgreSQL refused past 2^31)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", INT_MAX)
        super().__init__(url_map, *args, **kwargs)


def install_id_converter(app: Flask) -> None:
    """Bound every `<int:…>` route variable (call before the blueprints are registered)."""
    app.url_map.converters["int"] = IdConverter


def install_input_guards(app: Flask) -> None:
    """Use the bounded request class and refuse NUL bytes in query strings and bodies."""
    app.request_class = FoundryRequest

    @app.before_request
    def refuse_nul_bytes():
        if _has_nul(request.args) or _body_has_nul():
            abort(400, "The request contains a NUL character, which no field accepts.")


def whole_number(raw: str | None, *, low: int = 0, high: int = INT_MAX) -> int | None:
    """The int of an ASCII decimal string within [low, high], else None. (str.isdigit() is not
    enough: it accepts '²' and other digits int() refuses, and any length.)"""
    if raw is None or not re.fullmatch(r"[0-9]{1,10}", raw.strip()):
        return None
    value = int(raw.strip())
    return value if low <= value <= high else None
