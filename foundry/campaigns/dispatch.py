"""Hand campaign jobs to the background runner.

The jobs are plain functions of `services` (keyword-only, JSON-serialisable arguments), so a
task queue can run them by name. Until one is wired in, a request only records the intent
(`request_sending`) and commits; with CAMPAIGN_JOBS_EAGER the job then runs at once, after the
commit, like a task queue's eager mode; otherwise the scheduled `flask campaigns remind`
(`send_pending_invitations`) picks the campaign up.
"""

from __future__ import annotations

from flask import current_app

from foundry.campaigns import services


def enqueue_invitations(*, campaign_id: int) -> None:
    """Start sending a campaign's invitations (call after the request's commit)."""
    if current_app.config.get("CAMPAIGN_JOBS_EAGER"):
        services.send_campaign_invitations(campaign_id=campaign_id)
