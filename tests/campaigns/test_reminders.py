"""Reminders go on schedule only to graduates who have not answered or opted out."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from foundry.campaigns import services
from foundry.models import CampaignRecipient
from foundry.models.base import utcnow
from tests import factories
from tests.campaigns.conftest import link_in, mails_to, make_campaign
from tests.campaigns.test_campaigns import ANSWER


def _at(days: int) -> str:
    return (utcnow() + timedelta(days=days)).isoformat()


def _recipient(db, student) -> CampaignRecipient:
    return db.session.scalar(select(CampaignRecipient).where(
        CampaignRecipient.student_id == student.id))


def test_reminders_skip_who_answered_or_opted_out_and_follow_the_schedule(client, world, db):
    campaign = make_campaign(world, reminder_days="7, 21")
    db.session.commit()
    services.send_campaign_invitations(campaign_id=campaign.id)
    answered, opted, bounced, silent = world.graduates
    client.post(link_in(mails_to(db, answered.user.email)[0]), data=ANSWER)
    opt_out = link_in(mails_to(db, opted.user.email)[0], "opt-out")
    assert "No more reminders" in client.get(opt_out).get_data(as_text=True)
    assert "no more reminders" in client.post(opt_out).get_data(as_text=True)
    services.mark_failed(campaign_id=campaign.id, email=bounced.user.email.upper())
    db.session.commit()

    assert services.send_due_reminders(now=_at(3)) == 0  # nothing due yet
    assert services.send_due_reminders(now=_at(8)) == 1
    assert services.send_due_reminders(now=_at(9)) == 0  # the +7 reminder went already
    assert [len(mails_to(db, s.user.email)) for s in world.graduates] == [1, 1, 1, 2]
    assert "Reminder" in mails_to(db, silent.user.email)[1].subject
    assert services.send_due_reminders(now=_at(22)) == 1
    assert _recipient(db, silent).reminders_sent == 2
    assert services.send_due_reminders(now=_at(29)) == 0  # schedule finished


def test_a_late_run_sends_one_reminder_not_a_burst(world, db):
    campaign = make_campaign(world, reminder_days="1, 2, 3")
    db.session.commit()
    services.send_campaign_invitations(campaign_id=campaign.id)
    assert services.send_due_reminders(now=_at(5)) == 4
    assert all(len(mails_to(db, s.user.email)) == 2 for s in world.graduates)
    assert services.send_due_reminders(now=_at(6)) == 0


def test_graduate_who_answered_signed_in_gets_no_reminder(client, login_as, world, db):
    campaign = make_campaign(world, reminder_days="7")
    db.session.commit()
    services.send_campaign_invitations(campaign_id=campaign.id)
    login_as(world.graduates[0].user)
    client.post("/outcomes/mine", data=ANSWER)
    assert services.send_due_reminders(now=_at(8)) == 3
    assert len(mails_to(db, world.graduates[0].user.email)) == 1


def test_no_reminders_after_the_close(world, db):
    campaign = make_campaign(world, reminder_days="7")
    db.session.commit()
    services.send_campaign_invitations(campaign_id=campaign.id)
    assert services.send_due_reminders(now=_at(45)) == 0  # closed 30 days from today


def test_cli_send_and_remind(runner, world, db):
    campaign = make_campaign(world, reminder_days="7")
    db.session.commit()
    result = runner.invoke(args=["campaigns", "send", str(campaign.id)])
    assert result.exit_code == 0 and "Invitations sent: 4" in result.output
    result = runner.invoke(args=["campaigns", "remind", "--now", _at(8)])
    assert result.exit_code == 0 and "reminders sent: 4" in result.output
    assert runner.invoke(args=["campaigns", "send", "99999"]).exit_code != 0


def test_requested_campaign_is_sent_by_the_scheduled_job(client, login_as, app, world, db):
    campaign = make_campaign(world)
    db.session.commit()
    app.config["CAMPAIGN_JOBS_EAGER"] = False
    try:
        login_as(world.dean)
        client.post(f"/campaigns/{campaign.id}/send")
        assert mails_to(db, world.graduates[0].user.email) == []  # not inside the request
        assert services.send_pending_invitations() == 4
    finally:
        app.config["CAMPAIGN_JOBS_EAGER"] = True


def test_graduates_imported_after_creation_are_invited_too(world, db):
    campaign = make_campaign(world)
    db.session.commit()
    late = factories.StudentProfileFactory(faculty=world.engineering,
                                           expected_graduation=world.graduates[0]
                                           .expected_graduation)
    db.session.commit()
    assert services.send_campaign_invitations(campaign_id=campaign.id) == 5
    assert len(mails_to(db, late.user.email)) == 1
    assert isinstance(campaign.sent_at, datetime)
