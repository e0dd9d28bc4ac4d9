"""Small helpers with no better home."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next_url(target: str | None) -> str | None:
    """A `?next=` target only if it stays on this site (no scheme, no host): no open redirect."""
    if not target:
        return None
    # Browsers read a backslash as a slash (`/\\host` → `//host`) and drop tabs and newlines
    # before parsing, so any of them could turn a path into another site.
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
