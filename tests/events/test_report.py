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


def _mixed_origins():
    """A past open event: partner students of two universities and external talent of two
    countries, with attendance on site and online, and a company's sessions.

    Hand count (whole event; on site = checked in, online only = opened an online link and
    not checked in):
      CUHK  1 registered: c1 checked in (and joined online: counts on site)   → 1 / 1 / 0
      HKUST 3 registered: h1 checked in, h2 online only, h3 no-show            → 3 / 1 / 1
      India 2 registered: i1 walk-in checked in, i2 online only                → 2 / 1 / 1
      Canada 1 registered: k1 no-show                                          → 1 / 0 / 0
      external talent together                                                 → 3 / 1 / 1
      all                                                                      → 7 / 3 / 2
    The company's part (participants booked in its sessions; the waiting list left out):
      HKUST h1 booked its chat, checked in there (and joined its talk online)  → 1 / 1 / 0
      India i2 booked its talk and joined online                               → 1 / 0 / 1
      Canada k1 booked its chat, did not come                                  → 1 / 0 / 0
      CUHK c1 only on its waiting list                                         → not counted
    """
    event = _past_event()
    event.open_to_everyone = True
    at = event.starts_at
    cuhk = factories.FacultyFactory(university=factories.UniversityFactory(code="CUHK"))
    hkust = factories.FacultyFactory(university=factories.UniversityFactory(code="HKUST"))
    ours = factories.CompanyMemberFactory()
    factories.EventCompanyFactory(event=event, company=ours.company)
    chat = session_at(event, 2, minutes=30, title="Group chat", kind="group", capacity=3,
                      company=ours.company)
    talk = session_at(event, 4, title="Online talk", mode="online", room=None,
                      join_url="https://meet.example/x", company=ours.company)
    workshop = session_at(event, 1, title="Branding Workshop", mode="online", room=None,
                          join_url="https://meet.example/w", capacity=None)

    def student(faculty):
        return registered(event, factories.StudentProfileFactory(faculty=faculty))

    def external(country):
        return registered(event, factories.external_talent(country=country))

    c1, h1, h2, _h3 = student(cuhk), student(hkust), student(hkust), student(hkust)
    i1, i2, k1 = external("IN"), external("IN"), external("CA")
    for registration in (c1, h1, i1):
        registration.checked_in_at = at
    i1.walk_in = True
    book = factories.SessionBookingFactory
    book(session=workshop, registration=c1, joined_online_at=at)
    book(session=workshop, registration=h2, joined_online_at=at)
    book(session=chat, registration=h1, checked_in_at=at)
    book(session=talk, registration=h1, joined_online_at=at)
    book(session=talk, registration=i2, joined_online_at=at)
    book(session=chat, registration=k1)
    book(session=chat, registration=c1, status="waitlisted")
    return event, ours


def test_report_by_origin_partner_universities_and_external_talent_by_country(
        client, login_as, db):
    event, _ours = _mixed_origins()
    login_as("admin")
    db.session.commit()
    from foundry.events.report import event_report

    report = event_report(event)
    assert (report.registered, report.on_site, report.online, report.walk_ins) == (7, 3, 2, 1)
    assert [(r.code, r.registered, r.on_site, r.online) for r in report.partner_rows] == [
        ("CUHK", 1, 1, 0), ("HKUST", 3, 1, 1)]
    assert [(r.name, r.registered, r.on_site, r.online) for r in report.external_rows] == [
        ("Canada", 1, 0, 0), ("India", 2, 1, 1)]
    total = report.external_total
    assert (total.registered, total.on_site, total.online) == (3, 1, 1)
    csv = client.get(f"/events/{event.id}/report.csv").get_data(as_text=True).splitlines()
    assert "partner university,CUHK,1,1,0" in csv and "partner university,HKUST,3,1,1" in csv
    assert "external talent,CA,1,0,0" in csv and "external talent,IN,2,1,1" in csv
    assert "external talent,all,3,1,1" in csv
    html = client.get(f"/events/{event.id}/report").get_data(as_text=True)
    assert "External talent" in html and "India" in html and "HKUST" in html
    assert "67 %" in html  # India: 2 of 2 attended → 100 %; HKUST 2 of 3 → 67 %


def test_company_report_by_origin_counts_its_own_sessions_only(client, login_as, db):
    event, ours = _mixed_origins()
    login_as(ours.user)
    db.session.commit()
    csv = client.get(f"/events/{event.id}/report.csv").get_data(as_text=True).splitlines()
    assert "Origin,country or university,booked,attended on site,attended online only" in csv
    origin = [line for line in csv if line.startswith(("partner university,",
                                                        "external talent,"))]
    assert origin == ["partner university,HKUST,1,1,0", "external talent,CA,1,0,0",
                      "external talent,IN,1,0,1", "external talent,all,2,0,1"]
    html = client.get(f"/events/{event.id}/report").get_data(as_text=True)
    assert "3 participants booked our sessions" in html
    assert ">CUHK<" not in html and "Branding Workshop" not in html and ">HKUST<" in html
