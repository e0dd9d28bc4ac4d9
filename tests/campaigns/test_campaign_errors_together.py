"""The campaign form reports every broken rule in one round (issue 14): a closing date before
the opening date and an unreadable reminder schedule used to come one submit apart."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from foundry.models import SurveyCampaign
from tests.campaigns.conftest import TODAY
from tests.errors_by_field import error_beside


def test_date_order_and_schedule_are_reported_together(client, login_as, world, db):
    login_as(world.dean)
    response = client.post("/campaigns/new", data={
        "name": "Both wrong", "university_id": world.university.id,
        "faculty_id": world.engineering.id, "cohort_year": world.graduates[0].cohort_year,
        "opens_on": (TODAY + timedelta(days=10)).isoformat(),
        "closes_on": (TODAY + timedelta(days=5)).isoformat(),
        "message_en": "Hello", "message_zh": "你好", "reminder_days": "soon"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "on or after the opening date" in error_beside(page, "closes_on")
    assert "whole numbers" in error_beside(page, "reminder_days")
    assert 'value="Both wrong"' in page
    assert db.session.scalar(select(func.count(SurveyCampaign.id))) == 0



def test_the_graduates_answer_names_every_mistake_at_once(client, world, db):
    """The survey link's form: a missing employer and a start date years away come back
    together (they used to come one submit apart)."""
    from foundry.campaigns import services
    from foundry.models import GraduateOutcome
    from tests.campaigns.conftest import link_in, mails_to, make_campaign

    campaign = make_campaign(world)
    db.session.commit()
    services.send_campaign_invitations(campaign_id=campaign.id)
    path = link_in(mails_to(db, world.graduates[0].user.email)[0])
    page = client.post(path, data={
        "category": "employed_full_time", "employer_company_id": "", "employer_name": "",
        "job_title": "Engineer", "sector": "", "location": "hong_kong",
        "annual_salary": "360000", "start_date": (TODAY + timedelta(days=1000)).isoformat()},
    ).get_data(as_text=True)
    assert "type its name" in error_beside(page, "employer_name")
    assert "more than two years away" in error_beside(page, "start_date")
    assert db.session.scalar(select(func.count(GraduateOutcome.id))) == 0
