"""The personal agenda as an iCalendar (RFC 5545) file, built with `icalendar`."""

from __future__ import annotations

from datetime import UTC

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from foundry.auth.tokens import external_url
from foundry.models import Event, EventSession


def _utc(moment):
    return moment.replace(tzinfo=UTC)


def agenda_ics(event: Event, sessions: list[EventSession]) -> bytes:
    """A calendar with the event and each booked session (times in UTC, so every calendar
    shows them in its own time zone). Join links are not in it: they show in the app shortly
    before the start."""
    calendar = Calendar()
    calendar.add("prodid", "-//Talent Foundry//Career days//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", event.name)
    agenda = external_url("events.agenda", event_id=event.id)
    entries = [(f"event-{event.id}", event.name, event.starts_at, event.ends_at, event.venue)]
    entries += [(f"session-{s.id}", s.title, s.starts_at, s.ends_at,
                 ", ".join(p for p in (s.room, "online" if s.online else None) if p))
                for s in sessions]
    for uid, title, start, end, where in entries:
        item = CalendarEvent()
        item.add("uid", f"{uid}@talent-foundry")
        item.add("summary", title)
        item.add("dtstart", _utc(start))
        item.add("dtend", _utc(end))
        item.add("dtstamp", _utc(event.created_at))
        if where:
            item.add("location", where)
        item.add("url", agenda)
        item.add("description", agenda)
        calendar.add_component(item)
    return calendar.to_ical()
