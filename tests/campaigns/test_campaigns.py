"""Campaigns: creation in scope, sending once (even after a crash), answering by link."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from foundry.campaigns import links, services
from foundry.common.errors import DomainError
from foundry.models import CampaignRecipient, GraduateOutcome, OutboxMail
from tests import factories
from tests.campaigns.conftest import TODAY, link_in, mails_to, make_campaign

ANSWER = {"category": "employed_full_time", "employer_company_id": "",
          "employer_name": "Pak Shek Kok Robotics", "job_title": "Engineer",
          "sector": "", "location": "hong_kong", "annual_salary": "360000", "start_date": ""}


def _outbox_count(db) -> int:
    return db.session.scalar(select(func.count(OutboxMail.id)))


def test_dean_creates_a_campaign_for_one_faculty_through_the_form(client, login_as, world, db):
    login_as(world.dean)
    page = client.get("/campaigns/new").get_data(as_text=True)
    assert "School of Engineering" in page and "31" in page
    response = client.post("/campaigns/new", data={
        "name": "Engineering 2026", "university_id": world.university.id,
        "faculty_id": world.engineering.id, "cohort_year": world.graduates[0].cohort_year,
        "opens_on": (TODAY - timedelta(days=1)).isoformat(),
        "closes_on": (TODAY + timedelta(days=40)).isoformat(),
        "message_en": "Hello", "message_zh": "你好", "reminder_days": "+7, +21, +45"})
    assert response.status_code == 302
    campaign = db.session.scalars(select(CampaignRecipient.campaign_id)).first()
    recipients = db.session.scalar(select(func.count(CampaignRecipient.id)))
    assert campaign is not None and recipients == 4  # the engineering graduates only
    assert _outbox_count(db) == 0  # nothing is sent on creation


def test_bad_campaign_input_is_shown_by_its_field_and_kept(client, login_as, world, db):
    login_as(world.dean)
    response = client.post("/campaigns/new", data={
        "name": "Keep me", "university_id": world.university.id, "faculty_id": "",
        "cohort_year": world.graduates[0].cohort_year,
        "opens_on": (TODAY + timedelta(days=10)).isoformat(),
        "closes_on": (TODAY + timedelta(days=5)).isoformat(),
        "message_en": "Hello", "message_zh": "你好", "reminder_days": "soon"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "whole numbers" in page or "closing date" in page
    assert 'value="Keep me"' in page


def test_dean_cannot_create_a_campaign_for_another_university(client, login_as, world, db):
    other = factories.FacultyFactory()
    db.session.commit()
    login_as(world.dean)
    response = client.post("/campaigns/new", data={
        "name": "Not mine", "university_id": other.university_id, "faculty_id": other.id,
        "cohort_year": world.graduates[0].cohort_year,
        "opens_on": TODAY.isoformat(), "closes_on": (TODAY + timedelta(days=5)).isoformat(),
        "message_en": "x", "message_zh": "x", "reminder_days": "7"})
    assert response.status_code == 200  # re-rendered with the refusal, nothing created
    assert db.session.scalar(select(func.count(CampaignRecipient.id))) == 0
    with pytest.raises(DomainError):
        make_campaign(world, faculty=other, university_id=other.university_id)


def test_faculty_dean_cannot_run_a_university_wide_campaign(world, db):
    dean = factories.DeanAssignmentFactory(university=world.university,
                                           faculty=world.science).user
    with pytest.raises(DomainError):
        make_campaign(world, actor=dean, faculty=False, faculty_id=None)
    campaign = make_campaign(world, actor=dean, faculty=world.science)
    assert campaign.faculty_id == world.science.id


def test_another_deans_campaign_is_403_and_a_missing_one_404(client, login_as, world, db):
    campaign = make_campaign(world)
    db.session.commit()
    login_as("dean")
    assert client.get(f"/campaigns/{campaign.id}").status_code == 403
    assert client.get(f"/campaigns/{campaign.id}/follow-up.csv").status_code == 403
    assert client.post(f"/campaigns/{campaign.id}/send").status_code == 403
    assert client.get("/campaigns/99999").status_code == 404


def test_invitations_go_once_each_in_the_graduates_language(app, world, db):
    campaign = make_campaign(world)
    db.session.commit()
    app.config["BASE_URL"] = "https://foundry.example"
    try:
        assert services.send_campaign_invitations(campaign_id=campaign.id, batch_size=3) == 4
        assert services.send_campaign_invitations(campaign_id=campaign.id) == 0
    finally:
        app.config["BASE_URL"] = None
    for graduate in world.graduates:
        assert len(mails_to(db, graduate.user.email)) == 1
    english = mails_to(db, world.graduates[0].user.email)[0]
    chinese = mails_to(db, world.graduates[1].user.email)[0]
    assert "Tell us where you are." in english.body
    assert "告訴我們你的去向。" in chinese.body
    assert "https://foundry.example/survey/" in english.body
    assert "/opt-out" in english.body
    assert mails_to(db, world.others[0].user.email) == []  # another faculty


def test_a_crash_half_way_sends_nobody_two_copies(world, db, monkeypatch):
    campaign = make_campaign(world)
    db.session.commit()
    real = services.queue_mail
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(services, "queue_mail", flaky)
    with pytest.raises(RuntimeError):
        services.send_campaign_invitations(campaign_id=campaign.id, batch_size=2)
    assert _outbox_count(db) == 2  # the first batch committed; the broken one rolled back
    monkeypatch.setattr(services, "queue_mail", real)
    assert services.send_campaign_invitations(campaign_id=campaign.id, batch_size=2) == 2
    for graduate in world.graduates:
        assert len(mails_to(db, graduate.user.email)) == 1


def test_sending_refused_for_a_closed_campaign(client, login_as, world, db):
    campaign = make_campaign(world)
    campaign.opens_on, campaign.closes_on = TODAY - timedelta(days=90), TODAY - timedelta(days=1)
    db.session.commit()
    assert services.send_campaign_invitations(campaign_id=campaign.id) == 0
    login_as(world.dean)
    response = client.post(f"/campaigns/{campaign.id}/send", follow_redirects=True)
    assert "has closed" in response.get_data(as_text=True)
    assert _outbox_count(db) == 0


def _invite(world, db):
    campaign = make_campaign(world)
    db.session.commit()
    services.send_campaign_invitations(campaign_id=campaign.id)
    return campaign


def test_graduate_without_an_account_answers_by_link_and_corrects_it(client, world, db):
    _invite(world, db)
    graduate = world.graduates[2]  # no password: never signed in
    path = link_in(mails_to(db, graduate.user.email)[0])
    page = client.get(path)
    assert page.status_code == 200 and "Where are you now?" in page.get_data(as_text=True)
    response = client.post(path, data=ANSWER)
    assert "your answer is recorded" in response.get_data(as_text=True)
    outcome = db.session.scalar(select(GraduateOutcome).where(
        GraduateOutcome.student_id == graduate.id, GraduateOutcome.is_current.is_(True)))
    assert outcome.source == "survey" and outcome.employer_name == "Pak Shek Kok Robotics"
    recipient = db.session.scalar(select(CampaignRecipient).where(
        CampaignRecipient.student_id == graduate.id))
    assert recipient.opened_at is not None and recipient.answered_at is not None
    client.post(path, data={**ANSWER, "category": "further_study",
                            "employer_name": "HKUST", "job_title": "MPhil"})
    history = db.session.scalars(select(GraduateOutcome).where(
        GraduateOutcome.student_id == graduate.id)).all()
    assert len(history) == 2
    assert [o.category for o in history if o.is_current] == ["further_study"]


def test_bad_answer_is_shown_by_its_field(client, world, db):
    _invite(world, db)
    path = link_in(mails_to(db, world.graduates[0].user.email)[0])
    response = client.post(path, data={**ANSWER, "employer_name": "", "annual_salary": "-5"})
    assert response.status_code == 200
    assert 'id="annual_salary-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(GraduateOutcome.id))) == 0


def test_tampered_link_is_refused(client, world, db):
    _invite(world, db)
    path = link_in(mails_to(db, world.graduates[0].user.email)[0])
    response = client.get(path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb"))
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)
    assert client.get("/survey/notatoken").status_code == 400


def test_a_link_for_another_purpose_or_a_changed_nonce_is_refused(client, world, db):
    _invite(world, db)
    mail = mails_to(db, world.graduates[0].user.email)[0]
    opt_out_token = link_in(mail, "opt-out").split("/")[2]
    assert client.get(f"/survey/{opt_out_token}").status_code == 400  # wrong purpose
    recipient = db.session.scalar(select(CampaignRecipient).where(
        CampaignRecipient.student_id == world.graduates[0].id))
    recipient.nonce = "withdrawn"
    db.session.commit()
    assert client.get(link_in(mail)).status_code == 410


def test_another_graduates_link_is_refused_to_a_signed_in_student(client, login_as, world, db):
    _invite(world, db)
    path = link_in(mails_to(db, world.graduates[0].user.email)[0])
    login_as(world.graduates[1].user)
    response = client.post(path, data=ANSWER)
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(GraduateOutcome.id))) == 0


def test_answering_after_the_close_is_refused(client, world, db):
    campaign = _invite(world, db)
    path = link_in(mails_to(db, world.graduates[0].user.email)[0])
    campaign.closes_on = TODAY - timedelta(days=1)
    campaign.opens_on = TODAY - timedelta(days=40)
    db.session.commit()
    assert client.get(path).status_code == 410
    response = client.post(path, data=ANSWER)
    assert response.status_code == 410 and "closed" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(GraduateOutcome.id))) == 0


def test_a_campaign_before_graduation_takes_answers(client, world, db):
    soon = factories.StudentProfileFactory(faculty=world.engineering,
                                           expected_graduation=TODAY + timedelta(days=20))
    db.session.commit()
    campaign = make_campaign(world, cohort_year=soon.cohort_year)
    db.session.commit()
    services.send_campaign_invitations(campaign_id=campaign.id)
    path = link_in(mails_to(db, soon.user.email)[0])
    assert client.post(path, data=ANSWER).status_code == 200
    assert db.session.scalar(select(func.count(GraduateOutcome.id))) == 1


def test_link_token_is_bound_to_the_recipient(world, db, request_ctx):
    _invite(world, db)
    first = db.session.scalars(select(CampaignRecipient).order_by(CampaignRecipient.id)).first()
    token = links.make_link_token(links.ANSWER, first)
    assert links.recipient_from_token(links.ANSWER, token).id == first.id
    with pytest.raises(links.TokenError):  # before the campaign opened
        links.recipient_from_token(links.ANSWER, token, today=date(1999, 1, 1))
