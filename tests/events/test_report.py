"""After the event: the feedback survey and the event report (page, CSV; a company's part)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from foundry.models import EventFeedback, EventSession
from foundry.models.base import utcnow
from tests import factories
from tests.events.helpers import registered, session_at


def _past_event():
    start = utcnow().replace(second=0, microsecond=0) - timedelta(days=3)
    return factories.EventFactory(starts_at=start, ends_at=start + timedelta(hours=8))


def _career_day():
    """A past event: two companies, a workshop, 1:1 slots, attendance, applications."""
    event = _past_event()
    ours = factories.CompanyMemberFactory()
    theirs = factories.CompanyFactory(name="Rival Robotics")
    for company in (ours.company, theirs):
        factories.EventCompanyFactory(event=event, company=company)
    workshop = session_at(event, 1, title="Branding Workshop", capacity=4)
    chat = session_at(event, 2, minutes=10, title="1:1 chat", kind="one_to_one", capacity=1,
                      company=ours.company)
    rival_chat = session_at(event, 3, minutes=10, title="Rival chat", kind="one_to_one",
                            capacity=1, company=theirs)
    people = [registered(event) for _ in range(4)]
    people[0].checked_in_at = event.starts_at
    people[3].walk_in, people[3].checked_in_at = True, event.starts_at
    factories.SessionBookingFactory(session=workshop, registration=people[0],
                                    checked_in_at=event.starts_at)
    factories.SessionBookingFactory(session=workshop, registration=people[1],
                                    joined_online_at=event.starts_at)
    factories.SessionBookingFactory(session=chat, registration=people[0],
                                    checked_in_at=event.starts_at)
    factories.SessionBookingFactory(session=rival_chat, registration=people[2])
    position = factories.PositionFactory(company=ours.company, event_id=event.id,
                                         title="ML Intern")
    rival_position = factories.PositionFactory(company=theirs, event_id=event.id)
    factories.ApplicationFactory(position=position, student=people[0].student,
                                 submitted_at=event.starts_at + timedelta(days=2),
                                 status="offered", offered_at=utcnow())
    factories.ApplicationFactory(position=rival_position, student=people[1].student,
                                 submitted_at=event.starts_at + timedelta(hours=3))
    factories.ApplicationFactory(position=position,  # before the event: not counted
                                 submitted_at=event.starts_at - timedelta(days=5))
    return event, ours, workshop, people


def test_admin_report_counts_attendance_sessions_chats_and_applications(client, login_as, db):
    event, _ours, _workshop, _people = _career_day()
    login_as("admin")
    db.session.commit()
    html = client.get(f"/events/{event.id}/report").get_data(as_text=True)
    assert "Attended on site" in html and "Rival Robotics" in html
    csv = client.get(f"/events/{event.id}/report.csv").get_data(as_text=True)
    assert "registered,4" in csv and "walk-ins,1" in csv
    assert "attended on site,2" in csv and "attended online only,1" in csv
    assert "1:1 chats held,1" in csv
    assert "Branding Workshop,workshop,," in csv
    assert "50%" in csv  # 2 of 4 places booked
    lines = csv.splitlines()
    company_rows = [line for line in lines if line.startswith(("Rival Robotics,", "Company "))]
    assert any(line.endswith(",1,0,0") for line in company_rows)
    assert any(line.endswith(",1,1,0") for line in company_rows)


def test_company_sees_only_its_own_part(client, login_as, db):
    event, ours, _workshop, _people = _career_day()
    login_as(ours.user)
    db.session.commit()
    html = client.get(f"/events/{event.id}/report").get_data(as_text=True)
    assert "1:1 chat" in html and "Rival chat" not in html and "Rival Robotics" not in html
    assert "Branding Workshop" not in html and "Attended on site" not in html
    csv = client.get(f"/events/{event.id}/report.csv").get_data(as_text=True)
    assert "Rival" not in csv and "registered," not in csv


def test_companies_not_taking_part_and_students_get_no_report(client, login_as, db):
    event, _ours, _workshop, _people = _career_day()
    db.session.commit()
    login_as("company")
    assert client.get(f"/events/{event.id}/report").status_code == 403
    login_as("student")
    assert client.get(f"/events/{event.id}/report").status_code == 403


def test_feedback_per_session_and_overall_then_in_the_report(client, login_as, db):
    event, _ours, workshop, people = _career_day()
    login_as(people[0].student.user)
    db.session.commit()
    page = client.get(f"/events/{event.id}/feedback").get_data(as_text=True)
    assert "Branding Workshop" in page and "Rival chat" not in page
    response = client.post(f"/events/{event.id}/feedback", data={
        "rating-overall": "5", "comment-overall": "Great day",
        f"rating-s{workshop.id}": "4", f"comment-s{workshop.id}": "Useful"})
    assert response.status_code == 302
    rows = {f.session_id: f.rating for f in db.session.scalars(select(EventFeedback))}
    assert rows == {None: 5, workshop.id: 4}
    # sending again updates rather than duplicates
    client.post(f"/events/{event.id}/feedback", data={"rating-overall": "3"})
    assert db.session.scalar(select(EventFeedback.rating).where(
        EventFeedback.session_id.is_(None))) == 3
    login_as("admin")
    csv = client.get(f"/events/{event.id}/report.csv").get_data(as_text=True)
    assert "overall rating,3.0" in csv or "overall rating,3" in csv


def test_feedback_bad_input_keeps_what_was_typed(client, login_as, db):
    event, _ours, workshop, people = _career_day()
    login_as(people[0].student.user)
    db.session.commit()
    response = client.post(f"/events/{event.id}/feedback", data={
        "rating-overall": "9", f"comment-s{workshop.id}": "No rating given"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ratings go from 1 to 5" in html and "Choose a rating to go with the comment" in html
    assert "No rating given" in html
    stranger = client.post(f"/events/{event.id}/feedback", data={"rating-s999999": "5"})
    assert stranger.status_code == 400  # no session of theirs: only overall counts
    assert db.session.scalar(select(EventFeedback)) is None


def test_non_participant_cannot_give_feedback(client, login_as, db):
    event, _ours, _workshop, _people = _career_day()
    login_as("student")
    db.session.commit()
    response = client.get(f"/events/{event.id}/feedback", follow_redirects=True)
    assert "Only participants" in response.get_data(as_text=True)


def test_company_rates_its_own_sessions_and_the_event(client, login_as, db):
    event, ours, workshop, _people = _career_day()
    chat = db.session.scalar(select(EventSession).where(EventSession.title == "1:1 chat"))
    login_as(ours.user)
    db.session.commit()
    page = client.get(f"/events/{event.id}/feedback").get_data(as_text=True)
    assert "1:1 chat" in page and "Branding Workshop" not in page and "Rival chat" not in page
    assert client.post(f"/events/{event.id}/feedback", data={
        "rating-overall": "4", f"rating-s{chat.id}": "5",
        f"rating-s{workshop.id}": "1"}).status_code == 302
    rows = {f.session_id: f.rating for f in db.session.scalars(select(EventFeedback))}
    assert rows == {None: 4, chat.id: 5}  # another's session is not theirs to rate
