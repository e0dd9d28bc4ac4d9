"""Review findings: an event dated year 1 or 9999 is refused instead of breaking pages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from foundry.models import Event
from tests.events.test_events import _event_form


@pytest.mark.parametrize(("starts", "ends"), [
    ("0001-01-01T00:00", "0001-01-01T02:00"),  # before UTC's year 1 once converted: a 500
    ("9999-12-31T20:00", "9999-12-31T23:00"),  # stored; the list then failed
])
def test_event_dates_out_of_range_are_refused_by_field(client, login_as, db, starts, ends):
    """The admin gets a message by the start field; nothing is saved; students' list works."""
    login_as("admin")
    response = client.post("/events/new", data=_event_form(starts_at=starts, ends_at=ends))
    assert response.status_code == 200
    assert 'id="starts_at-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Event.id))) == 0
    login_as("student")
    assert client.get("/events/").status_code == 200
