"""Shared set-up for the programme tests: an upcoming event, a registered student, sessions."""

from __future__ import annotations

from datetime import timedelta

from foundry.models.base import utcnow
from tests import factories


def upcoming_event(**kwargs):
    """An event a week from now, 10:00–18:00 (UTC) long."""
    start = utcnow().replace(second=0, microsecond=0) + timedelta(days=7)
    return factories.EventFactory(starts_at=start, ends_at=start + timedelta(hours=8), **kwargs)


def session_at(event, hour: float, minutes: int = 60, **kwargs):
    """A session `hour` hours after the event's start."""
    start = event.starts_at + timedelta(hours=hour)
    return factories.EventSessionFactory(event=event, starts_at=start,
                                         ends_at=start + timedelta(minutes=minutes), **kwargs)


def registered(event, student=None):
    """A registration (with its student) for the event."""
    return factories.EventRegistrationFactory(
        event=event, **({"student": student} if student is not None else {}))
