"""Scheduled: nudge mentoring pairs with no session for 60 days (once per quiet spell)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from foundry.auth.tokens import external_url
from foundry.common.notify import notify
from foundry.jobs.reminders import first_time
from foundry.mentoring.queries import inactive_pairs
from foundry.models.choices import MENTORSHIP_INACTIVE_DAYS


def nudge_inactive_pairs(*, now: datetime) -> dict[str, int]:
    """Both members of each newly quiet pair are nudged; a new session starts a new spell."""
    pairs = nudged = 0
    for pair, last_on in inactive_pairs(now):
        since = last_on or (pair.started_at or pair.requested_at).date()
        if not first_time("mentoring-inactive", pair.id, since.isoformat()):
            continue
        pairs += 1
        link = external_url("mentoring.detail", pair_id=pair.id)
        for user in (pair.mentor.user, pair.student.user):
            if user is None or not user.active or user.deleted_at is not None:
                continue
            notify(user=user, link=link, email=True, message=lambda: _(
                "Your mentoring pair has had no session for %(days)d days. Plan the next one, "
                "or close the pair if it has done its work.", days=MENTORSHIP_INACTIVE_DAYS))
            nudged += 1
    return {"pairs": pairs, "notified": nudged}
