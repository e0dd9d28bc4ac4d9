"""The graduate's personal campaign links: one to answer, one to stop reminders.

Each link is signed for ONE purpose (its own salt) and names one recipient row plus a random
nonce stored on it, so an edited id breaks the signature and a link never opens another
graduate's form. A link lives as long as its campaign: it works (again and again, to correct
the answer) until the campaign's closing day, and never after.
"""

from __future__ import annotations

from datetime import date

from flask import g
from flask_babel import gettext as _

from foundry.auth.tokens import TokenError, external_url, make_token, read_token
from foundry.extensions import db
from foundry.formatting import day
from foundry.models import CampaignRecipient

ANSWER = "foundry.campaigns.answer"
OPT_OUT = "foundry.campaigns.opt-out"
# Signature age is not what expires a link (the campaign's closing day is); this only bounds
# how long a leaked link of a long-closed campaign is even looked up.
MAX_AGE = 3 * 366 * 86400


def make_link_token(purpose: str, recipient: CampaignRecipient) -> str:
    """Sign the recipient's id and nonce for one purpose."""
    return make_token(purpose, {"r": recipient.id, "n": recipient.nonce})


PLACEHOLDER = "TOKEN-PLACEHOLDER"


def _absolute(endpoint: str, token: str) -> str:
    """external_url for a token, its template built once per app context: a sending job
    makes 20,000 links, and each external_url call builds a request context."""
    templates = g.setdefault("campaign_link_templates", {})
    if endpoint not in templates:
        templates[endpoint] = external_url(endpoint, token=PLACEHOLDER)
    return templates[endpoint].replace(PLACEHOLDER, token)  # tokens are URL-safe


def answer_url(recipient: CampaignRecipient) -> str:
    """The absolute link to the recipient's survey form (for the mail)."""
    return _absolute("survey.answer", make_link_token(ANSWER, recipient))


def opt_out_url(recipient: CampaignRecipient) -> str:
    """The absolute link that stops the recipient's reminders."""
    return _absolute("survey.opt_out", make_link_token(OPT_OUT, recipient))


def recipient_from_token(purpose: str, token: str, *, today: date | None = None,
                         allow_closed: bool = False) -> CampaignRecipient:
    """The recipient a link is for; TokenError with a clear message otherwise: tampered or
    for another purpose (400), withdrawn (410), campaign closed (410) or not open yet (403)."""
    today = today or date.today()
    try:
        payload = read_token(purpose, token, max_age=MAX_AGE)
    except TokenError as error:
        raise TokenError(_("This survey link is not valid. Check that you copied all of it "
                           "from the e-mail."), status=error.status) from error
    recipient_id, nonce = payload.get("r"), payload.get("n")
    recipient = (db.session.get(CampaignRecipient, recipient_id)
                 if isinstance(recipient_id, int) and 0 < recipient_id < 2**31 else None)
    if recipient is None or not isinstance(nonce, str) or recipient.nonce != nonce:
        raise TokenError(_("This survey link is no longer valid."), status=410)
    campaign = recipient.campaign
    if today > campaign.closes_on and not allow_closed:
        raise TokenError(_("This survey closed on %(d)s: answers are no longer taken. If your "
                           "situation changed, tell your faculty's careers office.",
                           d=day(campaign.closes_on)), status=410)
    if today < campaign.opens_on:
        raise TokenError(_("This survey opens on %(d)s. Please use the link again then.",
                           d=day(campaign.opens_on)), status=403)
    return recipient
