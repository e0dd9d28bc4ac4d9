"""Read the error shown beside a field in a rendered form (templates/_forms.html's markup)."""

from __future__ import annotations

import html
import re


def error_beside(page: str, field_id: str) -> str:
    """The text of the error block of one field ('' when the field shows no error)."""
    found = re.search(rf'id="{re.escape(field_id)}-error"[^>]*>(.*?)</div>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))) if found else ""
