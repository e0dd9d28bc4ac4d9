"""Survey campaigns in the seed data, written after the rest is loaded (they describe it).

- demo: one RUNNING campaign for HKUST's School of Engineering, the latest graduated cohort,
  with its invitations in the outbox (each demo graduate's link works) and some answers in;
- scale: a FINISHED university-wide campaign per university and graduated cohort, whose
  recipients' states follow the outcomes already generated: a graduate whose current record
  came from the survey answered on that record's date (so the response curve is the outcome
  dates' curve: most answers within three months of graduation, a long tail to December),
  reminders stopped at the answer, a few opted out or bounced.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, insert, select

from foundry.campaigns import services
from foundry.campaigns.forms import DEFAULT_MESSAGE_EN, DEFAULT_MESSAGE_ZH
from foundry.extensions import db
from foundry.models import (
    CampaignRecipient,
    Faculty,
    GraduateOutcome,
    StudentProfile,
    SurveyCampaign,
    University,
    User,
)

SCHEDULE = (7, 21, 45)


def _campaign(university: University, faculty: Faculty | None, cohort: int, opens: date,
              closes: date, *, sent: datetime) -> SurveyCampaign:
    scope = faculty.name if faculty else university.code
    campaign = SurveyCampaign(
        name=f"First-destination survey {cohort - 1}/{cohort % 100:02d} — {scope}",
        university_id=university.id, faculty_id=faculty.id if faculty else None,
        cohort_year=cohort, opens_on=opens, closes_on=closes, message_en=DEFAULT_MESSAGE_EN,
        message_zh=DEFAULT_MESSAGE_ZH, reminder_days=",".join(map(str, SCHEDULE)),
        send_requested_at=sent, sent_at=sent, created_at=sent - timedelta(days=2))
    db.session.add(campaign)
    db.session.flush()
    return campaign


def _recipient_rows(campaign: SurveyCampaign, rng: random.Random, invited: datetime,
                    until: date) -> list[dict]:
    """Recipient rows of every graduate in scope, states drawn from their outcomes."""
    s, o = StudentProfile, GraduateOutcome
    stmt = (select(s.id, User.email, User.locale, User.deleted_at, o.source, o.outcome_date)
            .outerjoin(User, User.id == s.user_id)
            .outerjoin(o, and_(o.student_id == s.id, o.is_current.is_(True)))
            .where(s.university_id == campaign.university_id,
                   s.cohort_year == campaign.cohort_year))
    if campaign.faculty_id is not None:
        stmt = stmt.where(s.faculty_id == campaign.faculty_id)
    rows = []
    for sid, email, locale, deleted, source, outcome_day in db.session.execute(stmt):
        address = email if email and deleted is None else None
        row = {"campaign_id": campaign.id, "student_id": sid, "email": address,
               "locale": locale or "en", "nonce": secrets.token_urlsafe(16),
               "invited_at": invited if address else None, "opened_at": None,
               "answered_at": None, "failed_at": None, "opted_out_at": None,
               "reminders_sent": 0, "last_reminded_at": None}
        if address is None:
            rows.append(row)
            continue
        answered = (datetime.combine(max(outcome_day, invited.date()), time(9, 30))
                    if source == "survey" and outcome_day <= until else None)
        if answered is None and rng.random() < 0.02:
            row["failed_at"] = invited + timedelta(minutes=5)
        elif answered is None and rng.random() < 0.04:
            row["opted_out_at"] = invited + timedelta(days=rng.randint(1, 30))
        stop = answered or row["opted_out_at"] or row["failed_at"] or \
            datetime.combine(until, time(23, 0))
        reminded = [invited + timedelta(days=d) for d in SCHEDULE
                    if invited + timedelta(days=d) < stop and (invited + timedelta(days=d)).date()
                    <= until]
        row["reminders_sent"] = len(reminded)
        row["last_reminded_at"] = reminded[-1] if reminded else None
        row["answered_at"] = answered
        if answered is not None or (row["failed_at"] is None and rng.random() < 0.25):
            row["opened_at"] = (answered - timedelta(minutes=3)) if answered else \
                invited + timedelta(days=rng.randint(0, 40))
        rows.append(row)
    return rows


def seed_finished_campaigns(*, today: date, seed: int = 2025) -> int:
    """A university-wide campaign per university and cohort whose window has opened."""
    rng = random.Random(seed)
    cohorts = sorted(set(db.session.scalars(  # external talent (issue 8) have no cohort
        select(StudentProfile.cohort_year).where(StudentProfile.cohort_year.is_not(None))
        .distinct())))
    count = 0
    for university in db.session.scalars(select(University).order_by(University.code)):
        for cohort in cohorts:
            opens, closes = services.default_window(cohort)
            if opens > today:
                continue
            invited = datetime.combine(opens, time(1, 0))
            campaign = _campaign(university, None, cohort, opens, closes, sent=invited)
            rows = _recipient_rows(campaign, rng, invited, min(today, closes))
            if rows:
                db.session.execute(insert(CampaignRecipient), rows)
            count += 1
    return count


def seed_running_campaign(*, today: date, seed: int = 2025) -> SurveyCampaign | None:
    """HKUST School of Engineering's campaign for the latest graduated cohort, still open,
    with each graduate's invitation in the outbox."""
    university = db.session.scalar(select(University).where(University.code == "HKUST"))
    faculty = db.session.scalar(select(Faculty).where(
        Faculty.university_id == (university.id if university else -1),
        Faculty.name == "School of Engineering"))
    if university is None or faculty is None:
        return None
    cohort = today.year if today >= date(today.year, 6, 1) else today.year - 1
    opens, closes = services.default_window(cohort)
    closes = max(closes, today + timedelta(days=60))
    invited = datetime.combine(max(opens, today - timedelta(days=50)), time(1, 0))
    campaign = _campaign(university, faculty, cohort, opens, closes, sent=invited)
    rows = _recipient_rows(campaign, random.Random(seed), invited, today)
    for row in rows:
        row["failed_at"] = None  # a demo without bounces: every link can be tried
    if rows:
        db.session.execute(insert(CampaignRecipient), rows)
    db.session.flush()
    recipients = db.session.scalars(select(CampaignRecipient).where(
        CampaignRecipient.campaign_id == campaign.id, CampaignRecipient.email.is_not(None)))
    for recipient in recipients:
        services.mail_recipient(recipient, reminder=False)
    return campaign
