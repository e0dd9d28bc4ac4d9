"""Shared column helpers for models."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo: the one time convention stored in both databases."""
    return datetime.now(UTC).replace(tzinfo=None)
