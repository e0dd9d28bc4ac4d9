"""Dashboard caching with a data-version key.

What is cached: the raw aggregate rows of a dashboard per (view, scope/filters) — before the
privacy step — and the figure JSON per (view, figure, filters, role, locale). Every key
contains the current *data version*, so invalidation is one write:

- `bump_data_version()` stores a new version; every older entry is then simply never read
  again (and expires after CACHE_DEFAULT_TIMEOUT).
- It is called automatically: a SQLAlchemy `after_flush` listener notes when a flush touched
  any model the dashboards read (students, outcomes, internships, feedback, applications,
  mentoring, companies, positions, skills, events, universities …), and `after_commit` bumps
  the version once for that transaction. Services need not remember to call it; bulk loaders
  that bypass the ORM (e.g. `flask seed scale`) call `bump_data_version()` themselves.
- Entries also carry a TTL (DASHBOARD_CACHE_SECONDS, default 300 s) as a backstop for writes
  made by another process when the cache is per-process (SimpleCache); with Redis
  (REDIS_URL) the version is shared by every worker and invalidation is immediate.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from foundry.extensions import cache
from foundry.formatting import is_chinese

VERSION_KEY = "dashboards:data-version"
# Writes to these tables never change a dashboard figure.
IGNORED_TABLES = frozenset({"users", "notifications", "outbox_mails", "audit_logs", "api_tokens",
                            "consents", "invitations", "survey_campaigns",
                            "campaign_recipients"})
_installed = False


def data_version() -> str:
    """The current data version (created on first use)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        cache.set(VERSION_KEY, version, timeout=0)
    return version


def bump_data_version() -> None:
    """Invalidate every cached dashboard figure (call after writes that bypass the ORM)."""
    cache.set(VERSION_KEY, str(time.time_ns()), timeout=0)


def timeout() -> int:
    """Seconds a cached dashboard entry lives at most."""
    return int(current_app.config.get("DASHBOARD_CACHE_SECONDS", 300))


def cached(parts: tuple, compute: Callable[[], Any]) -> Any:
    """The cached value for these key parts at the current data version, computed on a miss.
    With the cache away (Redis down) every read is a miss: the page is computed and served,
    with a logged warning, never an error."""
    try:
        # Rows and menus carry names in the interface language (Chinese names in 繁體中文).
        key = "dash:" + data_version() + (":zh:" if is_chinese() else ":") + \
            ":".join(str(p) for p in parts)
        value = cache.get(key)
    except Exception:
        current_app.logger.warning("dashboards: cache unavailable, computing without it",
                                   exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=timeout())
        except Exception:
            current_app.logger.warning("dashboards: could not store in the cache", exc_info=True)
    return value


def _touches_dashboards(session: Session) -> bool:
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table and table not in IGNORED_TABLES:
            return True
    return False


def mark_changed(session: Session) -> None:
    """Tell the after-commit hook that dashboard data changed in this transaction, for bulk
    statements the ORM does not track (imports): the version is bumped only if it commits."""
    session.info["dashboards_dirty"] = True


def _after_flush(session: Session, _context) -> None:
    if _touches_dashboards(session):
        session.info["dashboards_dirty"] = True


def _after_commit(session: Session) -> None:
    if session.info.pop("dashboards_dirty", False) and has_app_context():
        try:
            bump_data_version()
        except Exception:  # a cache outage must never fail a user's write
            current_app.logger.warning("dashboards: could not bump the data version",
                                       exc_info=True)


def _after_rollback(session: Session) -> None:
    session.info.pop("dashboards_dirty", None)


def install_invalidation(_app: Flask | None = None) -> None:
    """Listen to every ORM session once per process (idempotent)."""
    global _installed
    if _installed:
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)
    _installed = True
