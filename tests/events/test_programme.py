"""Building the programme: sessions by admins and companies, 1:1 slots, participation, the
timetable page with its filters, the event's Talent Pool."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import to_user_timezone
from sqlalchemy import func, select

from foundry.models import EventCompany, EventRepresentative, EventSession, Position
from tests import factories
from tests.events.helpers import registered, session_at, upcoming_event


def _local(moment):
    return to_user_timezone(moment).strftime("%Y-%m-%dT%H:%M")


def _form(event, hour=1, minutes=60, **overrides):
    start = event.starts_at + timedelta(hours=hour)
    data = {"kind": "workshop", "title": "Job Search Workshop", "mode": "onsite",
            "starts_at": _local(start), "ends_at": _local(start + timedelta(minutes=minutes)),
            "room": "Auditorium", "capacity": "40",
            "speakers": "Dr Ada Chan | Head of AI | HarbourMind AI\nLeo Wong"}
    data.update(overrides)
    return data


def test_admin_adds_a_workshop_with_speakers(client, login_as, db):
    login_as("admin")
    event = upcoming_event()
    db.session.commit()
    response = client.post(f"/events/{event.id}/sessions/new", data=_form(event))
    assert response.status_code == 302
    session = db.session.scalar(select(EventSession))
    assert session.title == "Job Search Workshop" and session.capacity == 40
    assert session.starts_at == event.starts_at + timedelta(hours=1)  # HK time → UTC
    assert [(s.name, s.title, s.organisation) for s in session.speakers] == [
        ("Dr Ada Chan", "Head of AI", "HarbourMind AI"), ("Leo Wong", None, None)]


def test_bad_session_input_is_refused_by_field(client, login_as, db):
    login_as("admin")
    event = upcoming_event()
    db.session.commit()
    cases = [
        (_form(event, hour=-2), "within the event"),
        (_form(event, hour=7.5), "within the event"),
        (_form(event, minutes=-30), "must end after it starts"),
        (_form(event, room=""), "room of a session held on site"),
        (_form(event, mode="online", room=""), "join link of a session held online"),
        (_form(event, mode="online", join_url="javascript:alert(1)"), "must start with https"),
    ]
    for data, message in cases:
        response = client.post(f"/events/{event.id}/sessions/new", data=data)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and message in html, message
        assert 'value="Job Search Workshop"' in html  # nothing typed is lost
    assert db.session.scalar(select(func.count()).select_from(EventSession)) == 0


def _company_user_in(event, status="approved"):
    member = factories.CompanyMemberFactory()
    factories.EventCompanyFactory(event=event, company=member.company, status=status)
    return member


def test_company_opens_1to1_slots_for_a_representative(client, login_as, db):
    event = upcoming_event()
    member = _company_user_in(event)
    login_as(member.user)
    company_id = member.company_id
    client.post(f"/events/{event.id}/companies/{company_id}/representatives",
                data={"reps-representatives": [str(member.user_id)]})
    assert db.session.scalar(select(EventRepresentative.user_id)) == member.user_id
    start = event.starts_at + timedelta(hours=2)
    response = client.post(f"/events/{event.id}/companies/{company_id}/slots", data={
        "title": "1:1 chat", "first_start": _local(start), "minutes": "10", "count": "6",
        "mode": "both", "room": "Booth 12", "join_url": "https://meet.example/abc",
        "host_id": str(member.user_id)})
    assert response.status_code == 302
    slots = db.session.scalars(select(EventSession).order_by(EventSession.starts_at)).all()
    assert len(slots) == 6 and {s.capacity for s in slots} == {1}
    assert slots[-1].ends_at == start + timedelta(minutes=60)
    assert {s.company_id for s in slots} == {company_id}
    assert {s.host_id for s in slots} == {member.user_id}


def test_company_cannot_run_workshops_or_touch_another_companys_session(client, login_as, db):
    event = upcoming_event()
    member = _company_user_in(event)
    rival = _company_user_in(event)
    theirs = session_at(event, 1, kind="group", company=rival.company)
    login_as(member.user)
    db.session.commit()
    html = client.post(f"/events/{event.id}/sessions/new",
                       data=_form(event, kind="workshop")).get_data(as_text=True)
    assert "Not a valid choice" in html or "organisers" in html
    assert client.get(f"/events/{event.id}/sessions/{theirs.id}/edit").status_code == 403
    assert client.post(f"/events/{event.id}/sessions/{theirs.id}/delete").status_code == 403
    assert client.get(f"/events/{event.id}/sessions/{theirs.id}/attendance").status_code == 403
    assert client.get(f"/events/{event.id}/companies/{rival.company_id}").status_code == 403
    assert client.post(f"/events/{event.id}/companies/{rival.company_id}/slots",
                       data={}).status_code == 403


def test_company_not_yet_approved_cannot_open_sessions(client, login_as, db):
    event = upcoming_event()
    member = _company_user_in(event, status="requested")
    login_as(member.user)
    db.session.commit()
    html = client.post(f"/events/{event.id}/sessions/new",
                       data=_form(event, kind="group")).get_data(as_text=True)
    assert "not approved yet" in html


def test_invite_accept_and_request_approve(client, login_as, db):
    event = upcoming_event()
    invited = factories.CompanyMemberFactory()
    asking = factories.CompanyMemberFactory()
    login_as("admin")
    client.post(f"/events/{event.id}/invite", data={"company": str(invited.company_id)})
    link = db.session.scalar(select(EventCompany).where(
        EventCompany.company_id == invited.company_id))
    assert link.status == "invited"
    login_as(invited.user)
    client.post(f"/events/{event.id}/companies/{invited.company_id}/answer", data={"accept": "1"})
    db.session.refresh(link)
    assert link.status == "approved"
    login_as(asking.user)
    client.post(f"/events/{event.id}/companies/{asking.company_id}/request")
    login_as("admin")
    page = client.get(f"/events/{event.id}/admin").get_data(as_text=True)
    assert asking.company.name in page and "Requested" in page
    client.post(f"/events/{event.id}/companies/{asking.company_id}/decide",
                data={"approve": "1"})
    assert db.session.scalar(select(EventCompany.status).where(
        EventCompany.company_id == asking.company_id)) == "approved"


def test_invite_bad_company_is_refused(client, login_as, db):
    login_as("admin")
    event = upcoming_event()
    db.session.commit()
    html = client.post(f"/events/{event.id}/invite", data={"company": "99999"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Not a valid choice" in html
    assert db.session.scalar(select(func.count()).select_from(EventCompany)) == 0


def test_linked_positions_form_the_searchable_talent_pool(client, login_as, db):
    event = upcoming_event()
    member = _company_user_in(event)
    mine = factories.PositionFactory(company=member.company, title="Robotics Intern",
                                     status="open")
    other = factories.PositionFactory(title="Other company's role", status="open")
    login_as(member.user)
    response = client.post(f"/events/{event.id}/companies/{member.company_id}/positions",
                           data={"pos-positions": [str(mine.id), str(other.id)]})
    assert response.status_code == 400  # another company's position is no choice
    client.post(f"/events/{event.id}/companies/{member.company_id}/positions",
                data={"pos-positions": [str(mine.id)]})
    assert db.session.scalar(select(Position.event_id).where(Position.id == mine.id)) == event.id
    login_as("student")
    assert "Robotics Intern" in client.get(
        f"/events/{event.id}/talent-pool?q=robot").get_data(as_text=True)
    assert "Robotics Intern" not in client.get(
        f"/events/{event.id}/talent-pool?q=finance").get_data(as_text=True)


def test_timetable_filters_and_hides_join_links(client, login_as, db):
    event = upcoming_event()
    company = factories.CompanyFactory(cluster="fintech")
    session_at(event, 1, title="Branding Workshop", kind="workshop")
    session_at(event, 2, title="Fintech Group Chat", kind="group", company=company,
               mode="online", room=None, join_url="https://meet.example/secret")
    user = login_as("student")
    registered(event, user.student)
    db.session.commit()
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Branding Workshop" in page and "Fintech Group Chat" in page
    assert "meet.example" not in page  # join links never on the timetable
    only = client.get(f"/events/{event.id}?cluster=fintech").get_data(as_text=True)
    assert "Fintech Group Chat" in only and "Branding Workshop" not in only
    online = client.get(f"/events/{event.id}?mode=online").get_data(as_text=True)
    assert "Fintech Group Chat" in online and "Branding Workshop" not in online
    kind = client.get(f"/events/{event.id}?kind=workshop&mode=nonsense").get_data(as_text=True)
    assert "Branding Workshop" in kind and "Fintech Group Chat" not in kind
    hk = to_user_timezone(event.starts_at + timedelta(hours=1)).strftime("%H:%M")
    assert hk in page  # Hong Kong time


def test_raising_capacity_promotes_the_waiting_list(client, login_as, db):
    event = upcoming_event()
    session = session_at(event, 1, capacity=1)
    factories.SessionBookingFactory(session=session, registration=registered(event))
    waiting = factories.SessionBookingFactory(session=session, registration=registered(event),
                                              status="waitlisted")
    login_as("admin")
    db.session.commit()
    data = _form(event, title=session.title, capacity="2")
    assert client.post(f"/events/{event.id}/sessions/{session.id}/edit",
                       data=data).status_code == 302
    db.session.refresh(waiting)
    assert waiting.status == "booked"
    lower = client.post(f"/events/{event.id}/sessions/{session.id}/edit",
                        data=_form(event, capacity="1")).get_data(as_text=True)
    assert "already booked" in lower
