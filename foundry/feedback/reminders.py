"""Scheduled: remind companies of skills feedback that is overdue (at most once a week)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from flask_babel import gettext as _

from foundry.auth.tokens import external_url
from foundry.common.notify import notify
from foundry.feedback.queries import overdue_internships
from foundry.jobs.reminders import first_time


def remind_overdue_feedback(*, now: datetime) -> dict[str, int]:
    """Each company with overdue feedback gets one reminder per member this ISO week."""
    by_company = defaultdict(list)
    for internship in overdue_internships(company_id=None, now=now):
        by_company[internship.company].append(internship)
    week = now.strftime("%G-W%V")
    companies = reminders = 0
    link = external_url("feedback.overdue")
    for company, internships in by_company.items():
        if not first_time("feedback-overdue", company.id, week):
            continue
        companies += 1
        for member in company.members:
            if member.user is None or not member.user.active:
                continue
            notify(user=member.user, link=link, email=True, message=lambda n=len(internships): _(
                "Skills feedback is overdue for %(n)d of your interns: it takes five minutes "
                "and helps the universities close skills gaps.", n=n))
            reminders += 1
    return {"companies": companies, "reminders": reminders}
