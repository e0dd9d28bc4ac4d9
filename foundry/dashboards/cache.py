"""Dashboard caching with data versions per scope, and no stampede.

What is cached: the raw aggregate rows of a dashboard per (view, scope/filters) — before the
privacy step — and the figure JSON per (view, figure, filters, role, locale). Every key holds
the current *versions* of the scopes it depends on, so invalidation is one write per scope:

- `EPOCH`: every key depends on it. Bulk loads (`flask seed …`) and reference data the figures
  show (universities, faculties, programmes, skills, companies' name/cluster/tenancy) bump it.
- Student data: a write that changes a student's facts (facts_hook.py) bumps only that
  student's scopes: `u<university>c<cohort>`, `u<university>` (its trends), `c<cohort>`
  (the pooled "All universities" figures of that cohort) and `STUDENTS` (cross-university
  views). A dean's rows of university Y are untouched by a write for university X.
- `ANY`: bumped by every write to a table a dashboard reads (the old global version); keys
  that declare no scope (the personal student and company views) depend on it.

A miss is computed by ONE worker: `cache.add` takes a lock (Redis and SimpleCache alike); the
others serve the previous value of the same key (stale-while-revalidate) or, when there is
none yet, wait for the lock's holder (at most LOCK_SECONDS) instead of computing it again.

Bounded staleness: while the data keeps changing (a career day: applications every second),
a dashboard entry is recomputed at most once every DASHBOARD_REFRESH_SECONDS (production: 30 s).
A miss whose previous value is younger than that serves the previous value; the first request
after it recomputes. Each page says when its figures were computed ("as of"). With 0 (the
tests) every write shows at once.
With the cache away (Redis down) every read is a miss: the page is computed and served, with a
logged warning, never an error.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, current_app

from foundry.extensions import cache
from foundry.formatting import is_chinese

EPOCH = "epoch"
ANY = "any"
STUDENTS = "students"
VERSION_PREFIX = "dashboards:v:"
LOCK_SECONDS = 30
WAIT_STEP = 0.05


def university_scope(university_id: int | None) -> str:
    """The version name of one university's facts (every cohort); None: every university."""
    return STUDENTS if university_id is None else f"u{university_id}"


def cohort_scope(university_id: int | None, cohort: int | None) -> str:
    """The version name of one university's cohort (None for either: all of them)."""
    if cohort is None:
        return university_scope(university_id)
    return f"c{cohort}" if university_id is None else f"u{university_id}c{cohort}"


def scopes_of(university_id: int | None, cohort: int | None) -> set[str]:
    """Every version a change to one student of this university and cohort invalidates."""
    names = {ANY, STUDENTS}
    if university_id is not None:
        names.add(f"u{university_id}")
        if cohort is not None:
            names.add(f"u{university_id}c{cohort}")
    if cohort is not None:
        names.add(f"c{cohort}")
    return names


def versions(names: Iterable[str]) -> list[str]:
    """The current version of each scope (created on first use), in one round trip."""
    names = list(names)
    keys = [VERSION_PREFIX + n for n in names]
    values = cache.get_many(*keys)
    result = []
    for key, value in zip(keys, values, strict=True):
        if value is None:
            cache.add(key, str(time.time_ns()), timeout=0)
            value = cache.get(key)
        result.append(str(value))
    return result


def data_version() -> str:
    """The current epoch (every cached entry depends on it)."""
    return versions([EPOCH])[0]


def bump(names: Iterable[str]) -> None:
    """Invalidate every cached entry that depends on one of these scopes."""
    stamp = str(time.time_ns())
    names = set(names)
    if names:
        cache.set_many({VERSION_PREFIX + n: stamp for n in names}, timeout=0)


def bump_data_version() -> None:
    """Invalidate every cached dashboard entry (bulk loads, reference data)."""
    bump([EPOCH, ANY])


def timeout() -> int:
    """Seconds a cached dashboard entry lives at most."""
    return int(current_app.config.get("DASHBOARD_CACHE_SECONDS", 300))


def refresh_seconds() -> float:
    """How old a dashboard entry may get while the data changes (0: never older)."""
    return float(current_app.config.get("DASHBOARD_REFRESH_SECONDS", 0))


def cached(parts: tuple, compute: Callable[[], Any], scopes: Iterable[str] = (ANY,)) -> Any:
    """The cached value for these key parts at the current versions of `scopes`, computed on
    a miss by one worker at a time (see the module docstring)."""
    # Rows and menus carry names in the interface language (Chinese names in 繁體中文).
    base = "dash:" + ":".join(str(p) for p in parts) + (":zh" if is_chinese() else "")
    try:
        key = base + "@" + ".".join(versions((EPOCH, *scopes)))
        value = cache.get(key)
    except Exception:
        current_app.logger.warning("dashboards: cache unavailable, computing without it",
                                   exc_info=True)
        return compute()
    if value is not None:
        return value
    if (young := _stale(base, refresh_seconds())) is not None:
        return young  # computed less than DASHBOARD_REFRESH_SECONDS ago: still good enough
    return _fill(base, key, compute)


def _stale(base: str, max_age: float | None = None) -> Any:
    """The previous value of an entry (None when there is none, or older than max_age)."""
    if max_age is not None and max_age <= 0:
        return None
    entry = _quietly(lambda: cache.get("stale:" + base))
    if not entry:
        return None
    stamp, value = entry
    if max_age is not None and time.time() - stamp >= max_age:
        return None
    return value


def _fill(base: str, key: str, compute: Callable[[], Any]) -> Any:
    lock = "lock:" + key
    try:
        mine = cache.add(lock, 1, timeout=LOCK_SECONDS)
    except Exception:
        current_app.logger.warning("dashboards: cache lock unavailable", exc_info=True)
        return compute()
    if mine:
        try:
            value = _quietly(lambda: cache.get(key))  # the last holder may just have stored it
            return value if value is not None else _store(base, key, compute())
        finally:
            _quietly(lambda: cache.delete(lock))
    stale = _stale(base)
    if stale is not None:
        return stale  # another worker is recomputing: serve the previous value meanwhile
    deadline = time.monotonic() + LOCK_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        value = _quietly(lambda: cache.get(key))
        if value is not None:
            return value
        if not _quietly(lambda: cache.get(lock)):
            value = _quietly(lambda: cache.get(key))  # stored just before the lock went
            if value is not None:
                return value
            break  # the holder failed or its value was evicted: compute it here
    return _store(base, key, compute())


def _store(base: str, key: str, value: Any) -> Any:
    _quietly(lambda: cache.set_many({key: value, "stale:" + base: (time.time(), value)},
                                    timeout=timeout()))
    return value


def _quietly(action: Callable[[], Any]) -> Any:
    try:
        return action()
    except Exception:
        current_app.logger.warning("dashboards: cache unavailable", exc_info=True)
        return None


def install_invalidation(_app: Flask | None = None) -> None:
    """Listen to every ORM session once per process (idempotent): facts_hook.py keeps the
    fact tables and bumps the scopes each transaction touched."""
    from foundry.dashboards.facts_hook import install

    install()
