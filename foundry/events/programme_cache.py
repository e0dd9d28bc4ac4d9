"""The event page's programme (a career day lists 400 sessions), rendered once and cached.

What is cached: the HTML of the day timetable as every participant sees it — per event,
filters, language, time zone, and whether the viewer is registered (Book buttons) or not —
with nobody's own bookings in it and no CSRF token (the Book / Cancel buttons post one shared
form outside it). Each request then re-renders only the viewer's own booked or waiting-list
rows (a handful) and puts them in place of the shared rows.

Invalidation: every key contains the event's *programme version*. A SQLAlchemy `after_flush`
listener notes the events whose sessions, speakers or bookings (or the event itself) a flush
touched, and `after_commit` bumps those events' versions; a change to a company (its name or
cluster is shown) bumps the version of every programme. An entry also stops being used when a
session on it starts ("Started" replaces its button) and lives at most
EVENTS_PROGRAMME_CACHE_SECONDS (default 300 s: the backstop for another process's writes when
the cache is per-process; with Redis the versions are shared and invalidation is immediate).
With the cache away every request renders the programme, with a logged warning.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from flask import current_app, get_template_attribute, has_app_context, url_for
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import event as sa_event
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from foundry.events.timetable import Filters, SlotGroup, my_statuses, timetable
from foundry.extensions import cache
from foundry.models import (
    Company,
    Event,
    EventCompany,
    EventRegistration,
    EventSession,
    Position,
    SessionBooking,
    SessionSpeaker,
)
from foundry.models.base import utcnow
from foundry.models.choices import SESSION_KINDS

TEMPLATE = "events/_programme.html"
ALL = "all"  # the version part every programme shares (bumped by company changes)
_installed = False


def programme_version(event_id: int | str) -> str:
    """The version of one event's programme (created on first use)."""
    key = f"events:programme-version:{event_id}"
    version = cache.get(key)
    if version is None:
        version = str(time.time_ns())
        cache.set(key, version, timeout=0)
    return version


def bump_programme_version(event_id: int | str = ALL) -> None:
    """Invalidate an event's cached programme (every event's with the default): for writes
    that bypass the ORM."""
    cache.set(f"events:programme-version:{event_id}", str(time.time_ns()), timeout=0)


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    """The translated words of the timetable, looked up once per rendering."""
    words = {"booked": _("Booked"), "waiting": _("Waiting list"), "cancel": _("Cancel"),
             "leave": _("Leave"), "book": _("Book"), "join_wait": _("Join waiting list"),
             "started": _("Started"), "online": _("Online"), "full": _("Full"),
             "slot": _("Book this 1:1 slot"), "wl": _("waiting list")}
    return words, {value: str(label) for value, label in SESSION_KINDS}


def _next_start(days, now: datetime) -> datetime | None:
    """When the next session on this timetable starts (the rendering is stale from then)."""
    starts = (item.session.starts_at for _day, entries in days for entry in entries
              for item in (entry.slots if isinstance(entry, SlotGroup) else (entry,)))
    return min((at for at in starts if at > now), default=None)


def _cached(what: str, event_id: int, parts: tuple, compute: Callable[[], tuple],
            fresh: Callable[[tuple], bool] = lambda _value: True) -> tuple:
    """The cached value of an event's `what` (keyed by its programme version and `parts`),
    computed and stored on a miss or when not `fresh`; computed alone when the cache is away."""
    try:
        key = ":".join((f"events:{what}", str(event_id), programme_version(ALL),
                        programme_version(event_id), *map(str, parts)))
        hit = cache.get(key)
    except Exception:
        current_app.logger.warning("events: cache unavailable for the %s", what, exc_info=True)
        return compute()
    if hit is not None and fresh(hit):
        return hit
    value = compute()
    try:
        cache.set(key, value,
                  timeout=int(current_app.config.get("EVENTS_PROGRAMME_CACHE_SECONDS", 300)))
    except Exception:
        current_app.logger.warning("events: could not store the %s", what, exc_info=True)
    return value


def _shared(event_id: int, filters: Filters, registered: bool, now: datetime, base: str,
            words: dict, kinds: dict) -> tuple[str, datetime | None, dict[int, bytes]]:
    """The shared rendering, when it goes stale, and its rows (pickled Items) by session id."""

    def render():
        days = timetable(event_id, filters, None)
        html = str(get_template_attribute(TEMPLATE, "programme_body")(
            base, days, filters, registered, now, words, kinds))
        # Each row kept pickled on its own: a hit then unpickles only the viewer's few rows.
        items = {item.session.id: pickle.dumps(item) for _day, entries in days
                 for entry in entries
                 for item in (entry.slots if isinstance(entry, SlotGroup) else (entry,))}
        return html, _next_start(days, now), items

    return _cached("programme", event_id,
                   (get_locale(), get_timezone(), filters.kind, filters.cluster, filters.mode,
                    int(registered)), render,
                   fresh=lambda hit: hit[1] is None or now < hit[1])


def _put_in(html: str, rows: dict[int, str]) -> str:
    """Replace the shared row (`<li … id="s{id}">…</li>`, no list inside) of each session in
    `rows` with the viewer's own rendering of it."""
    spans = []
    for session_id, row in rows.items():
        at = html.find(f' id="s{session_id}"')
        if at < 0:
            continue
        spans.append((html.rfind("<li", 0, at), html.find("</li>", at) + len("</li>"), row))
    pieces, pos = [], 0
    for start, end, row in sorted(spans):
        pieces += [html[pos:start], row]
        pos = end
    pieces.append(html[pos:])
    return "".join(pieces)


def programme_html(event_id: int, filters: Filters, registration: EventRegistration | None,
                   now: datetime | None = None) -> Markup:
    """The day timetable for this viewer: the cached shared rendering with the viewer's own
    bookings and waiting-list places put in."""
    now = now or utcnow()
    words, kinds = _labels()
    base = url_for("events.detail", event_id=event_id) + "/sessions/"
    registered = registration is not None
    html, _stale_from, items = _shared(event_id, filters, registered, now, base, words, kinds)
    mine = my_statuses(registration)
    if mine:
        one_item = get_template_attribute(TEMPLATE, "one_item")
        html = _put_in(html, {
            sid: str(one_item(base, replace(pickle.loads(items[sid]), mine=status),  # noqa: S301
                              registered, now, words, kinds))
            for sid, status in mine.items() if sid in items})
    return Markup(html)  # noqa: S704 — rendered by our autoescaping template


def event_sidebar(event_id: int, *, open_only: bool, limit: int) -> tuple[list[str], list, int]:
    """The event page's companies (names), first `limit` positions of its Talent Pool (id,
    title, company) and their number, as students (`open_only`: external talent) see them:
    cached with the programme's version."""
    from foundry.events import queries

    def compute():
        positions = [(p.id, p.title, p.company.name) for p in queries.event_positions(
            event_id, visible_to_students=True, open_only=open_only, limit=limit)]
        return (queries.event_companies(event_id), positions,
                queries.event_positions_count(event_id, open_only=open_only))

    return _cached("sidebar", event_id, (int(open_only), limit), compute)


# --- Invalidation -------------------------------------------------------------------------

def _touched(session: Session) -> set[int | str]:
    """The events whose programme or sidebar this flush changed (ALL for a company change)."""
    events: set[int | str] = set()
    session_ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Event):
            events.add(obj.id)
        elif isinstance(obj, EventSession | EventCompany):
            events.add(obj.event_id)
        elif isinstance(obj, Position):  # linked to an event, or unlinked from one
            events.add(obj.event_id)
            events.update(inspect(obj).attrs.event_id.history.deleted or ())
        elif isinstance(obj, SessionBooking | SessionSpeaker):
            session_ids.add(obj.session_id)
        elif isinstance(obj, Company):
            events.add(ALL)
    session_ids.discard(None)
    if session_ids:
        events.update(session.connection().execute(
            select(EventSession.event_id).where(EventSession.id.in_(session_ids))).scalars())
    events.discard(None)
    return events


def _after_flush(session: Session, _context) -> None:
    touched = _touched(session)
    if touched:
        session.info.setdefault("programmes_dirty", set()).update(touched)


def _after_commit(session: Session) -> None:
    touched = session.info.pop("programmes_dirty", None)
    if touched and has_app_context():
        try:
            for event_id in touched:
                bump_programme_version(event_id)
        except Exception:  # a cache outage must never fail a user's write
            current_app.logger.warning("events: could not bump a programme version",
                                       exc_info=True)


def _after_rollback(session: Session) -> None:
    session.info.pop("programmes_dirty", None)


def install_invalidation(_state=None) -> None:
    """Listen to every ORM session once per process (idempotent)."""
    global _installed
    if _installed:
        return
    sa_event.listen(Session, "after_flush", _after_flush)
    sa_event.listen(Session, "after_commit", _after_commit)
    sa_event.listen(Session, "after_rollback", _after_rollback)
    _installed = True
