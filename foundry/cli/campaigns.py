"""`flask campaigns …`: run the survey campaign jobs (sending, reminders) and record bounces."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from foundry.campaigns import services
from foundry.extensions import db
from foundry.models import SurveyCampaign

group = AppGroup("campaigns", help="Survey campaigns: send invitations and reminders.")


@group.command("send")
@click.argument("campaign_id", type=int)
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=500, show_default=True)
def send(campaign_id: int, batch_size: int) -> None:
    """Invite every graduate of the campaign not yet invited (safe to run again)."""
    campaign = db.session.get(SurveyCampaign, campaign_id)
    if campaign is None:
        raise click.ClickException(f"No campaign {campaign_id}.")
    sent = services.send_campaign_invitations(campaign_id=campaign_id, batch_size=batch_size)
    if sent == 0 and campaign.closes_on < services.utcnow().date():
        raise click.ClickException(f"Campaign {campaign_id} closed on {campaign.closes_on}.")
    click.echo(f"Invitations sent: {sent}")


@group.command("remind")
@click.option("--now", default=None, help="Run as of this ISO time (default: now, UTC).")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=500, show_default=True)
def remind(now: str | None, batch_size: int) -> None:
    """The scheduled job: invitations of campaigns that opened since the owner asked to send,
    then the reminders that are due (only to graduates who have not answered or opted out)."""
    invited = services.send_pending_invitations(now=now, batch_size=batch_size)
    reminded = services.send_due_reminders(now=now, batch_size=batch_size)
    click.echo(f"Invitations sent: {invited}; reminders sent: {reminded}")


@group.command("bounce")
@click.argument("campaign_id", type=int)
@click.argument("email")
def bounce(campaign_id: int, email: str) -> None:
    """Record a bounce for an address (no more mail to it in this campaign)."""
    marked = services.mark_failed(campaign_id=campaign_id, email=email)
    db.session.commit()
    click.echo(f"Recipients marked as bounced: {marked}")
