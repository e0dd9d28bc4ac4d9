"""Hong Kong time for the scheduled jobs (rows store naive UTC; days are Hong Kong days)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

HONG_KONG = ZoneInfo("Asia/Hong_Kong")


def local_date(now: datetime) -> date:
    """The Hong Kong calendar date at a naive-UTC instant."""
    return now.replace(tzinfo=UTC).astimezone(HONG_KONG).date()


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a Hong Kong calendar day, as naive UTC (to compare with stored rows)."""
    start = datetime.combine(day, time(), HONG_KONG)
    return (start.astimezone(UTC).replace(tzinfo=None),
            (start + timedelta(days=1)).astimezone(UTC).replace(tzinfo=None))
