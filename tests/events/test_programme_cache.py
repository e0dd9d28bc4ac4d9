"""The event page's programme is rendered once and cached: each viewer's own bookings are put
in, and session, speaker, booking, company and position writes show at once."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from sqlalchemy import select

from foundry.events import programme_cache
from foundry.models import EventSession, SessionSpeaker
from tests import factories
from tests.events.helpers import registered, session_at, upcoming_event


def _row(html: str, session_id: int) -> str:
    """The timetable row of one session."""
    at = html.index(f' id="s{session_id}"')
    return html[html.rfind("<li", 0, at):html.index("</li>", at)]


def _two_participants(login_as, event):
    ada, ben = factories.StudentProfileFactory(), factories.StudentProfileFactory()
    return registered(event, ada), registered(event, ben)


def test_the_shared_rendering_is_reused_and_each_viewer_sees_their_own_bookings(
        client, login_as, db):
    event = upcoming_event()
    talk = session_at(event, 1, title="Insight: Robotics", capacity=2)
    chat = session_at(event, 2, minutes=10, kind="one_to_one", title="1:1", capacity=1,
                      company=factories.CompanyFactory(name="HarbourMind AI"))
    ada, ben = _two_participants(login_as, event)
    factories.SessionBookingFactory(session=talk, registration=ada)
    factories.SessionBookingFactory(session=chat, registration=ben, status="waitlisted")
    db.session.commit()
    with mock.patch.object(programme_cache, "timetable", wraps=programme_cache.timetable) as built:
        login_as(ada.student.user)
        mine = client.get(f"/events/{event.id}").get_data(as_text=True)
        login_as(ben.student.user)
        theirs = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert built.call_count == 1  # the second viewer got the cached rendering
    assert "Booked" in _row(mine, talk.id) and "/cancel" in _row(mine, talk.id)
    assert "1 place left" in _row(theirs, talk.id)
    assert "Booked" not in _row(theirs, talk.id) and "/book" in _row(theirs, talk.id)
    assert "Waiting list" in _row(theirs, chat.id) and "Waiting list" not in _row(mine, chat.id)
    # one form for every button: the CSRF token appears once, never cached with the rows
    programme = theirs.split('id="prog-h"')[1].split("</section>")[0]
    assert programme.count('name="csrf_token"') == 1 and 'form="prog-form"' in programme


def test_a_booking_shows_at_once_to_everyone(client, login_as, db):
    event = upcoming_event()
    talk = session_at(event, 1, title="Insight: Fintech", capacity=1)
    ada, ben = _two_participants(login_as, event)
    db.session.commit()
    login_as(ben.student.user)
    assert "1 place left" in _row(client.get(f"/events/{event.id}").get_data(as_text=True),
                                  talk.id)
    login_as(ada.student.user)
    client.post(f"/events/{event.id}/sessions/{talk.id}/book")
    login_as(ben.student.user)
    row = _row(client.get(f"/events/{event.id}").get_data(as_text=True), talk.id)
    assert "Full" in row and "Join waiting list" in row


def test_session_speaker_and_company_changes_show_at_once(client, login_as, db):
    event = upcoming_event()
    company = factories.CompanyFactory(name="Old Name Ltd")
    talk = session_at(event, 1, title="Old title")
    session_at(event, 2, minutes=10, kind="one_to_one", company=company)
    login_as("admin")
    db.session.commit()
    assert "Old title" in client.get(f"/events/{event.id}").get_data(as_text=True)
    db.session.get(EventSession, talk.id).title = "New title"
    company.name = "New Name Ltd"
    db.session.commit()
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "New title" in html and "New Name Ltd" in html and "Old Name Ltd" not in html
    db.session.add(SessionSpeaker(session_id=talk.id, name="Dr Ada Chan"))
    db.session.commit()
    assert "Dr Ada Chan" in client.get(f"/events/{event.id}").get_data(as_text=True)


def test_a_session_that_starts_is_rendered_again(client, login_as, db):
    event = upcoming_event()
    first = session_at(event, 1, title="Early")
    ada, _ben = _two_participants(login_as, event)
    login_as(ada.student.user)
    db.session.commit()
    assert "/book" in _row(client.get(f"/events/{event.id}").get_data(as_text=True), first.id)
    started = first.starts_at + timedelta(minutes=1)
    with mock.patch("foundry.events.routes.utcnow", return_value=started):
        row = _row(client.get(f"/events/{event.id}").get_data(as_text=True), first.id)
    assert "Started" in row and "/book" not in row


def test_each_language_has_its_own_rendering(client, login_as, db):
    event = upcoming_event()
    session_at(event, 1)
    user = login_as("student")
    db.session.commit()
    assert "月" not in client.get(f"/events/{event.id}").get_data(as_text=True).split(
        'id="prog-h"')[1]
    user.locale = "zh_Hant"
    db.session.commit()
    assert "月" in client.get(f"/events/{event.id}").get_data(as_text=True).split(
        'id="prog-h"')[1]


def test_linking_a_position_shows_on_the_event_page_at_once(client, login_as, db):
    event = upcoming_event()
    login_as("student")
    db.session.commit()
    assert "Robotics Intern" not in client.get(f"/events/{event.id}").get_data(as_text=True)
    position = factories.PositionFactory(title="Robotics Intern")
    db.session.commit()
    position.event_id = event.id
    db.session.commit()
    assert "Robotics Intern" in client.get(f"/events/{event.id}").get_data(as_text=True)
    position.event_id = None
    db.session.commit()
    assert "Robotics Intern" not in client.get(f"/events/{event.id}").get_data(as_text=True)


def test_the_page_is_served_when_the_cache_is_away(client, login_as, db):
    event = upcoming_event()
    session_at(event, 1, title="Still here")
    login_as("student")
    db.session.commit()
    with mock.patch.object(programme_cache.cache, "get", side_effect=ConnectionError):
        response = client.get(f"/events/{event.id}")
    assert response.status_code == 200 and "Still here" in response.get_data(as_text=True)
    assert db.session.scalar(select(EventSession.title)) == "Still here"
