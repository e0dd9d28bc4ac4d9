"""Campaign reads: who has answered, live progress, the follow-up list and the knowledge rate.

Progress is shown to the campaign's owners without small-number suppression: they are the
staff who may open every graduate's record in this scope (`can_record_outcome`) and work from
the named follow-up list, so a count of invitations hides nothing from them. Published
figures (the first-destination report) go through the dashboards' privacy step instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import selectinload

from foundry.dashboards.metrics import Scope, count_if, knowledge_rate, outcome_counts
from foundry.extensions import db
from foundry.models import (
    CampaignRecipient,
    Faculty,
    GraduateOutcome,
    Programme,
    StudentProfile,
    SurveyCampaign,
    User,
)
from foundry.permissions import scope_campaigns

NACE_MINIMUM = 0.65
STATE_LABELS = {"not_listed": _l("Not in the campaign"), "no_address": _l("No e-mail address"),
                "failed": _l("Bounced or failed"), "opted_out": _l("Opted out of reminders"),
                "opened": _l("Opened, not answered"), "invited": _l("Invited"),
                "not_sent": _l("Not sent yet")}


def answered_clause():
    """SQL: the recipient answered — through their link, or by a survey answer of their own
    (e.g. signed in) made since the campaign opened. Correlated on CampaignRecipient."""
    r, o, c = CampaignRecipient, GraduateOutcome, SurveyCampaign
    # Correlated explicitly: nested two levels deep, auto-correlation would not reach r.
    opens = select(c.opens_on).where(c.id == r.campaign_id).correlate(r).scalar_subquery()
    own = exists(select(o.id).where(o.student_id == r.student_id, o.is_current.is_(True),
                                    o.source == "survey", o.outcome_date >= opens)
                 .correlate(r))
    return or_(r.answered_at.is_not(None), own)


def campaigns_for(user) -> list[SurveyCampaign]:
    """The campaigns the viewer manages, newest first."""
    stmt = scope_campaigns(select(SurveyCampaign), user).order_by(
        SurveyCampaign.cohort_year.desc(), SurveyCampaign.id.desc())
    return list(db.session.scalars(stmt))


@dataclass
class ProgressRow:
    """Invitation counts of one faculty/programme (or the campaign's total)."""

    faculty: str
    programme: str
    graduates: int
    invited: int
    opened: int
    answered: int
    failed: int
    opted_out: int
    no_address: int

    @property
    def response_rate(self) -> float | None:
        """Answered ÷ invited."""
        return self.answered / self.invited if self.invited else None


def progress(campaign: SurveyCampaign) -> tuple[list[ProgressRow], ProgressRow]:
    """Sent, opened, answered, failed, opted out — by faculty and programme, and in total."""
    r, s = CampaignRecipient, StudentProfile
    programme = func.coalesce(Programme.name, "—")
    stmt = (select(Faculty.name, programme, func.count(r.id),
                   count_if(r.invited_at.is_not(None)),
                   count_if(or_(r.opened_at.is_not(None), answered_clause())),
                   count_if(answered_clause()), count_if(r.failed_at.is_not(None)),
                   count_if(r.opted_out_at.is_not(None)), count_if(r.email.is_(None)))
            .select_from(r).join(s, s.id == r.student_id)
            .join(Faculty, Faculty.id == s.faculty_id)
            .outerjoin(Programme, Programme.id == s.programme_id)
            .where(r.campaign_id == campaign.id)
            .group_by(Faculty.name, programme).order_by(Faculty.name, programme))
    rows = [ProgressRow(*row) for row in db.session.execute(stmt)]
    total = ProgressRow("", "", *[sum(getattr(row, f) for row in rows) for f in (
        "graduates", "invited", "opened", "answered", "failed", "opted_out", "no_address")])
    return rows, total


def campaign_scope(campaign: SurveyCampaign, cohort: int | None = None) -> Scope:
    """The dashboards' Scope of the campaign's graduates (or of another cohort)."""
    return Scope(university_id=campaign.university_id, faculty_id=campaign.faculty_id,
                 cohort=cohort or campaign.cohort_year)


def knowledge(campaign: SurveyCampaign) -> dict:
    """Knowledge rate of the campaign's cohort now, and of the cohort a year earlier."""
    def of(cohort: int):
        rows = outcome_counts(campaign_scope(campaign, cohort), "all")
        return (rows[0].known, rows[0].cohort, knowledge_rate(rows[0])) if rows else \
            (0, 0, None)

    known, cohort, rate = of(campaign.cohort_year)
    _pk, previous_cohort, previous = of(campaign.cohort_year - 1)
    return {"known": known, "cohort": cohort, "rate": rate, "previous": previous,
            "previous_cohort": previous_cohort, "minimum": NACE_MINIMUM,
            "meets": rate is not None and rate >= NACE_MINIMUM}


def follow_up_stmt(campaign: SurveyCampaign) -> Select:
    """Graduates (StudentProfile) of the campaign's scope with no known outcome."""
    s, o = StudentProfile, GraduateOutcome
    known = exists(select(o.id).where(o.student_id == s.id, o.is_current.is_(True),
                                      o.category != "no_information"))
    stmt = (select(s).options(selectinload(s.user), selectinload(s.faculty),
                              selectinload(s.programme))
            .where(s.university_id == campaign.university_id,
                   s.cohort_year == campaign.cohort_year, ~known)
            .order_by(s.faculty_id, s.student_number, s.id))
    if campaign.faculty_id is not None:
        stmt = stmt.where(s.faculty_id == campaign.faculty_id)
    return stmt


def recipients_of(campaign: SurveyCampaign, student_ids: list[int]) -> dict:
    """The campaign's recipient rows of these students, by student id."""
    if not student_ids:
        return {}
    rows = db.session.scalars(select(CampaignRecipient).where(
        CampaignRecipient.campaign_id == campaign.id,
        CampaignRecipient.student_id.in_(student_ids)))
    return {row.student_id: row for row in rows}


def display_name(user: User | None) -> str | None:
    """The graduate's name, or None when the identity was removed."""
    return user.full_name if user is not None and user.deleted_at is None else None


def invitation_state(recipient: CampaignRecipient | None) -> str:
    """One word for where a graduate's invitation stands (a key of STATE_LABELS)."""
    if recipient is None:
        return "not_listed"
    if recipient.email is None:
        return "no_address"
    if recipient.failed_at is not None:
        return "failed"
    if recipient.opted_out_at is not None:
        return "opted_out"
    if recipient.opened_at is not None:
        return "opened"
    return "invited" if recipient.invited_at is not None else "not_sent"


def cohort_choices(today: date | None = None) -> list[int]:
    """Cohorts a new campaign can be for: last year's to two years ahead."""
    from foundry.models.choices import cohort_year

    year = cohort_year(today or date.today())
    return [year + 1, year, year - 1]
