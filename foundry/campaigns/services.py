"""Campaign writes, and the two jobs that mail graduates: invitations and reminders.

The jobs (`send_campaign_invitations`, `send_pending_invitations`, `send_due_reminders`) are
importable by name with keyword-only, JSON-serialisable arguments, so a task queue or a
scheduler can run them as they are; today `flask campaigns send|remind` runs them. Unlike other
services they own their transactions: each batch of recipients is ONE commit holding both the
outbox mails and each recipient's "invited"/"reminded" mark, so a crash half-way rolls back the
whole unfinished batch and the next run sends each graduate exactly one copy.
The other functions here are ordinary services (add/flush, never commit).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import insert, select

from foundry.campaigns import links
from foundry.campaigns.queries import answered_clause
from foundry.common.audit import record_audit
from foundry.common.errors import DomainError, Problems
from foundry.common.mail import queue_mail
from foundry.extensions import db
from foundry.formatting import day
from foundry.models import (
    CampaignRecipient,
    Faculty,
    StudentProfile,
    SurveyCampaign,
    University,
    User,
)
from foundry.models.base import utcnow
from foundry.outcomes.services import OutcomeDetails, record_outcome
from foundry.permissions import can_run_campaign

MAX_REMINDERS = 6
MAX_OFFSET_DAYS = 365


def default_window(cohort: int) -> tuple[date, date]:
    """From a month before the usual 30 June graduation to 31 December (six months after)."""
    return date(cohort, 6, 1), date(cohort, 12, 31)


def parse_schedule(text: str) -> str:
    """"+7, +21, +45" → "7,21,45"; DomainError (by field) for anything else."""
    parts = [p.strip().lstrip("+") for p in (text or "").replace(";", ",").split(",")]
    parts = [p for p in parts if p]
    if not all(p.isdigit() for p in parts):
        raise DomainError(_("Enter days after the invitation as whole numbers separated by "
                            "commas, e.g. 7, 21, 45."), field="reminder_days")
    days = sorted({int(p) for p in parts})
    if len(days) > MAX_REMINDERS or any(not 1 <= d <= MAX_OFFSET_DAYS for d in days):
        raise DomainError(_("Up to %(n)s reminders, each 1 to %(max)s days after the "
                            "invitation.", n=MAX_REMINDERS, max=MAX_OFFSET_DAYS),
                          field="reminder_days")
    return ",".join(str(d) for d in days)


@dataclass
class CampaignInput:
    """What the campaign form collects."""

    name: str
    university_id: int
    faculty_id: int | None
    cohort_year: int
    opens_on: date
    closes_on: date
    message_en: str
    message_zh: str
    reminder_days: str


def _check_campaign(actor: User, data: CampaignInput) -> tuple[University, str]:
    """Every broken rule of the campaign form at once (DomainErrors by field); returns the
    university and the cleaned reminder schedule."""
    problems = Problems()
    university = db.session.get(University, data.university_id)
    if university is None:
        problems.add(_("Choose a university from the list."), field="university_id")
    elif data.faculty_id is not None and (
            (faculty := db.session.get(Faculty, data.faculty_id)) is None
            or faculty.university_id != university.id):
        problems.add(_("Choose one of the university's faculties."), field="faculty_id")
    elif not can_run_campaign(actor, university.id, data.faculty_id):
        problems.add(_("You can only run campaigns for your own university and faculty."),
                     field="faculty_id")
    if data.closes_on < data.opens_on:
        problems.add(_("The closing date must be on or after the opening date."),
                     field="closes_on")
    elif data.closes_on < date.today():
        problems.add(_("The closing date has already passed."), field="closes_on")
    schedule = ""
    try:
        schedule = parse_schedule(data.reminder_days)
    except DomainError as error:
        problems.add(str(error), field=error.field)
    problems.raise_any()
    return university, schedule


def create_campaign(*, actor: User, data: CampaignInput) -> SurveyCampaign:
    """A new campaign in the actor's scope, with its recipients listed (nothing is sent)."""
    university, schedule = _check_campaign(actor, data)
    campaign = SurveyCampaign(
        name=data.name.strip(), university_id=university.id, faculty_id=data.faculty_id,
        cohort_year=data.cohort_year, opens_on=data.opens_on, closes_on=data.closes_on,
        message_en=data.message_en.strip(), message_zh=data.message_zh.strip(),
        reminder_days=schedule, created_by_id=actor.id)
    db.session.add(campaign)
    db.session.flush()
    added = sync_recipients(campaign)
    record_audit("campaigns.create", target=campaign, actor=actor,
                 details={"cohort": campaign.cohort_year, "faculty_id": campaign.faculty_id,
                          "recipients": added})
    return campaign


def sync_recipients(campaign: SurveyCampaign) -> int:
    """Add every graduate of the campaign's scope not yet listed (e.g. imported since)."""
    s = StudentProfile
    listed = select(CampaignRecipient.student_id).where(
        CampaignRecipient.campaign_id == campaign.id)
    stmt = (select(s.id, User.email, User.locale, User.deleted_at)
            .outerjoin(User, User.id == s.user_id)
            .where(s.university_id == campaign.university_id,
                   s.cohort_year == campaign.cohort_year, s.id.not_in(listed)))
    if campaign.faculty_id is not None:
        stmt = stmt.where(s.faculty_id == campaign.faculty_id)
    rows = db.session.execute(stmt).all()
    if rows:  # one multi-row INSERT: a cohort can be 10,000 graduates
        db.session.execute(insert(CampaignRecipient), [
            {"campaign_id": campaign.id, "student_id": sid,
             "email": email if email and deleted is None else None, "locale": locale or "en",
             "nonce": secrets.token_urlsafe(16), "reminders_sent": 0}
            for sid, email, locale, deleted in rows])
    return len(rows)


def request_sending(*, campaign: SurveyCampaign, actor: User,
                    today: date | None = None) -> None:
    """Record that the owner wants the invitations sent (a background job sends them)."""
    today = today or date.today()
    if today > campaign.closes_on:
        raise DomainError(_("This campaign has closed."))
    if campaign.send_requested_at is None:
        campaign.send_requested_at = utcnow()
        record_audit("campaigns.send", target=campaign, actor=actor)


def _moment(now: str | datetime | None) -> datetime:
    """A job's clock: an ISO string (JSON-friendly), a datetime, or now (UTC)."""
    if now is None:
        return utcnow()
    return now if isinstance(now, datetime) else datetime.fromisoformat(now)


def mail_recipient(recipient: CampaignRecipient, *, reminder: bool) -> None:
    """Queue one invitation or reminder in the graduate's language (the caller commits)."""
    campaign = recipient.campaign
    with force_locale(recipient.locale or "en"):
        chinese = (recipient.locale or "").startswith("zh")
        message = campaign.message_zh if chinese and campaign.message_zh else campaign.message_en
        subject = (_("Reminder: where are you now? Your %(u)s graduate survey",
                     u=campaign.university.code) if reminder else
                   _("Where are you now? Your %(u)s graduate survey", u=campaign.university.code))
        body = _(
            "%(message)s\n\nAnswer in two minutes, no sign-in needed (this link is yours "
            "alone; use it again to correct your answer until %(close)s):\n%(link)s\n\n"
            "No more reminders: %(opt_out)s\n",
            message=message, close=day(campaign.closes_on),
            link=links.answer_url(recipient), opt_out=links.opt_out_url(recipient))
    mail = queue_mail(to=recipient.email, subject=subject, body=body)
    if current_app.config.get("MAIL_SERVER") and mail.sent_at is None:
        recipient.failed_at = utcnow()


def _in_batches(stmt_for_batch, handle, *, batch_size: int) -> int:
    """Run `handle` on batches of rows and commit each batch (all of it, or none of it)."""
    done = 0
    while True:
        batch = db.session.scalars(stmt_for_batch().limit(batch_size)).all()
        if not batch:
            return done
        try:
            for row in batch:
                handle(row)
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
        done += len(batch)


def send_campaign_invitations(*, campaign_id: int, batch_size: int = 500,
                              now: str | None = None) -> int:
    """Invite every listed graduate not yet invited (a job; idempotent); returns how many."""
    moment = _moment(now)
    campaign = db.session.get(SurveyCampaign, campaign_id)
    if campaign is None or not campaign.is_open(moment.date()):
        return 0
    if campaign.send_requested_at is None:
        campaign.send_requested_at = moment
    sync_recipients(campaign)
    db.session.commit()
    r = CampaignRecipient

    def pending():
        return (select(r).where(r.campaign_id == campaign_id, r.invited_at.is_(None),
                                r.email.is_not(None)).order_by(r.id)
                .with_for_update(skip_locked=True))

    def invite(recipient: CampaignRecipient) -> None:
        mail_recipient(recipient, reminder=False)
        recipient.invited_at = moment

    sent = _in_batches(pending, invite, batch_size=batch_size)
    campaign.sent_at = campaign.sent_at or moment
    db.session.commit()
    return sent


def send_pending_invitations(*, now: str | None = None, batch_size: int = 500) -> int:
    """Invite the graduates of every open campaign whose owner asked to send (a job)."""
    moment = _moment(now)
    ids = db.session.scalars(select(SurveyCampaign.id).where(
        SurveyCampaign.send_requested_at.is_not(None),
        SurveyCampaign.opens_on <= moment.date(),
        SurveyCampaign.closes_on >= moment.date())).all()
    return sum(send_campaign_invitations(campaign_id=cid, batch_size=batch_size,
                                         now=moment.isoformat()) for cid in ids)


def due_reminder_count(campaign: SurveyCampaign, invited: datetime, today: date) -> int:
    """How many reminders of the schedule have fallen due by `today` for one invitation."""
    return sum(1 for offset in campaign.schedule if (today - invited.date()).days >= offset)


def send_due_reminders(*, now: str | None = None, batch_size: int = 500) -> int:
    """Remind, once per due step of the schedule, the invited graduates of open campaigns who
    have not answered, not opted out and whose mail did not fail (a job; idempotent)."""
    moment = _moment(now)
    today = moment.date()
    r, c = CampaignRecipient, SurveyCampaign
    candidates = (select(r).join(c, c.id == r.campaign_id)
                  .where(c.opens_on <= today, c.closes_on >= today, r.invited_at.is_not(None),
                         r.email.is_not(None), r.opted_out_at.is_(None), r.failed_at.is_(None),
                         ~answered_clause(), r.invited_at <= moment)
                  .order_by(r.id))
    due_ids = [rec.id for rec in db.session.scalars(candidates)
               if due_reminder_count(rec.campaign, rec.invited_at, today) > rec.reminders_sent]
    db.session.rollback()
    sent = 0
    for start in range(0, len(due_ids), batch_size):
        # Re-read (and on PostgreSQL lock) the batch: someone who answered or opted out in
        # the meantime drops out, and a second worker skips rows this one holds.
        batch = db.session.scalars(candidates.where(r.id.in_(due_ids[start:start + batch_size]))
                                   .with_for_update(of=r, skip_locked=True)).all()
        try:
            for recipient in batch:
                due = due_reminder_count(recipient.campaign, recipient.invited_at, today)
                if due <= recipient.reminders_sent:
                    continue
                mail_recipient(recipient, reminder=True)
                recipient.reminders_sent = due  # a late run sends one reminder, not a burst
                recipient.last_reminded_at = moment
                sent += 1
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    return sent


def mark_opened(*, recipient: CampaignRecipient) -> None:
    """Note the first time the graduate opened their link."""
    if recipient.opened_at is None:
        recipient.opened_at = utcnow()


def record_answer(*, recipient: CampaignRecipient, details: OutcomeDetails,
                  today: date | None = None):
    """The graduate's answer through their link: their current outcome (source: survey)."""
    today = today or date.today()
    campaign = recipient.campaign
    if not campaign.is_open(today):
        raise DomainError(_("This survey is closed: answers are no longer taken."))
    student = recipient.student
    user = student.user if student.user and student.user.deleted_at is None else None
    outcome = record_outcome(student=student, details=details, source="survey",
                             recorded_by=user, today=today, before_graduation=True)
    mark_opened(recipient=recipient)
    recipient.answered_at = utcnow()
    return outcome


def opt_out(*, recipient: CampaignRecipient) -> None:
    """Stop reminders for this graduate in this campaign (the link still works)."""
    if recipient.opted_out_at is None:
        recipient.opted_out_at = utcnow()


def mark_failed(*, campaign_id: int, email: str) -> int:
    """Record a bounce reported for an address: no more mail to it in this campaign."""
    rows = db.session.scalars(select(CampaignRecipient).where(
        CampaignRecipient.campaign_id == campaign_id,
        CampaignRecipient.email == email.strip().lower())).all()
    for recipient in rows:
        recipient.failed_at = recipient.failed_at or utcnow()
    return len(rows)
