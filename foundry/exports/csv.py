"""The one CSV-response helper: Excel-friendly (UTF-8 with BOM, CRLF) and formula-safe.

Every CSV download of the app (lists, dashboards) goes through `csv_response`, so the
rules below live in one place:
- a UTF-8 byte-order mark, so Excel opens Chinese names correctly;
- cells starting with = + - @ (or a tab / carriage return) get a leading apostrophe, so a
  spreadsheet never evaluates them as a formula (CSV / formula injection);
- an attachment with a safe, dated file name.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from flask import Response, current_app
from flask_babel import force_locale, get_locale

from foundry.models.base import utcnow

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: Any) -> str:
    """A value as CSV text; text that a spreadsheet would run as a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)  # numbers stay numbers, negative ones included
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_chunks(headers: Sequence[str], rows: Iterable[Sequence[Any]],
               chunk_rows: int = 500) -> Iterator[str]:
    """The CSV document (with BOM) in pieces of about chunk_rows rows, as rows arrive."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel")
    writer.writerow([safe_cell(h) for h in headers])
    pending = 0
    yield BOM
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        pending += 1
        if pending >= chunk_rows:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue()


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV document (with BOM) for a header row and data rows."""
    return "".join(csv_chunks(headers, rows))


def csv_filename(stem: str) -> str:
    """`stem-YYYY-MM-DD.csv`, with anything but letters, digits, - and _ replaced."""
    clean = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "export"
    return f"{clean}-{utcnow():%Y-%m-%d}.csv"


def csv_response(stem: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    """A CSV attachment response (UTF-8 with BOM, formula-safe) for download, streamed: rows
    may be a lazy iterable read from the database while the file goes out.

    The body runs in an app context of its own (its own database session) and in the
    request's language, so it needs nothing from the request, which has ended by then."""
    app = current_app._get_current_object()
    locale = str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])

    def body() -> Iterator[bytes]:
        # The first piece needs no context: a server (or test client) that takes only the
        # first piece to start the response leaves no context pushed behind it.
        yield BOM.encode("utf-8")
        with app.app_context(), force_locale(locale):
            pieces = csv_chunks(headers, rows)
            next(pieces)  # the BOM, sent above
            for piece in pieces:
                yield piece.encode("utf-8")

    response = Response(body(), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{csv_filename(stem)}"'
    response.headers["Cache-Control"] = "no-store"
    return response
