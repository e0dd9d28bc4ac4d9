"""E-mail verification of student self sign-up: a new account stays inactive until the link
mailed to its address is opened (so nobody can register someone else's university e-mail).

An account is *awaiting verification* while it is a student or external talent whose address
was never proven (`email_verified_at` is empty), inactive, not erased, has never signed in and
has a password (imported accounts have none). An account an admin deactivates was active, so
its address was proven: a mailed link cannot undo the deactivation. The audit trail only
records all this.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from foundry.auth import tokens
from foundry.auth.passwords import validate_password
from foundry.common.audit import record_audit
from foundry.common.mail import in_language_of, queue_mail
from foundry.extensions import db
from foundry.models import User
from foundry.models.base import utcnow
from foundry.models.choices import SELF_SIGNUP_ROLES

VERIFY_EMAIL_KEY = "verify_email"  # session: the address just signed up, to prefill "resend"
DEFAULT_MAX_AGE = 3 * 24 * 3600  # seconds; EMAIL_VERIFY_MAX_AGE in the config overrides it


def max_age() -> int:
    """How long a verification link works, in seconds."""
    return int(current_app.config.get("EMAIL_VERIFY_MAX_AGE", DEFAULT_MAX_AGE))


def is_awaiting_verification(user: User) -> bool:
    """Whether this is a self sign-up whose e-mail has not been confirmed yet."""
    return (user.role in SELF_SIGNUP_ROLES and user.email_verified_at is None and not user.active
            and user.deleted_at is None and user.last_login_at is None
            and bool(user.password_hash))


def send_verification(*, user: User) -> None:
    """Mail the user a link that confirms their address (and activates the account)."""
    token = tokens.make_token(tokens.VERIFY_EMAIL, {
        "u": user.id, "f": tokens.email_fingerprint(user.email, user.password_hash)})
    link = tokens.external_url("auth.verify_email", token=token)
    days = max(1, max_age() // 86400)
    with in_language_of(user):
        queue_mail(to=user.email, subject=_("Talent Foundry: confirm your e-mail address"),
                   body=_("Hello %(name)s,\n\nSomeone (hopefully you) created a Talent Foundry "
                          "account with this e-mail address. Open this link within "
                          "%(days)d days to confirm the address and activate the account:\n\n"
                          "%(link)s\n\nIf it was not you, ignore this mail; the account stays "
                          "inactive and nobody can sign in to it.", name=user.full_name,
                          days=days, link=link))
    record_audit("auth.verification_sent", target=user, actor=user)


def resend_verification(*, email: str) -> None:
    """Mail a new link if an account with this e-mail awaits verification; else nothing."""
    user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is not None and is_awaiting_verification(user):
        send_verification(user=user)


def user_for_verification_token(token: str) -> User:
    """The account a verification token was made for, if it may still be activated by it."""
    payload = tokens.read_token(tokens.VERIFY_EMAIL, token, max_age=max_age())
    user = db.session.get(User, payload["u"]) if type(payload.get("u")) is int else None
    if user is None:
        raise tokens.TokenError(_("This link is not valid. Check that you copied all of it."))
    if payload.get("f") != tokens.email_fingerprint(user.email, user.password_hash):
        raise tokens.TokenError(_("This link was replaced by a newer one. Open the most recent "
                                  "mail we sent you, or ask for a new link."), status=410)
    if not is_awaiting_verification(user):
        raise tokens.TokenError(_("This link was already used. Sign in with your e-mail and "
                                  "password."), status=410)
    return user


def confirm_email(*, user: User, password: str) -> None:
    """Activate the account whose link was opened, with the password typed on the link's page;
    it counts as the first sign-in.

    The password is (re)chosen here, by whoever holds the link — the mailbox's owner — so a
    second sign-up by someone else for an unconfirmed address can never set the password that
    the owner's confirmation then activates (account pre-hijacking)."""
    validate_password(password, email=user.email)
    if not user.check_password(password):
        user.set_password(password)
    user.active = True
    user.last_login_at = user.email_verified_at = utcnow()
    record_audit("auth.email_verified", target=user, actor=user)


def remember_signup_address(email: str) -> None:
    """After any sign-up (new or for an address that already had an account, whose owner is
    mailed instead): the "check your inbox" page prefills this address, and both answers are
    the same page."""
    from flask import session

    session[VERIFY_EMAIL_KEY] = (email or "").strip().lower()
