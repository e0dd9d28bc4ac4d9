"""Invitations for company members, deans and admins: create, resend, revoke, accept.

Services: they add/flush and never commit.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from foundry.auth import tokens
from foundry.auth.passwords import validate_password
from foundry.auth.services import ensure_email_free, normalize_email
from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.common.mail import in_language_of, queue_mail
from foundry.extensions import db
from foundry.models import (
    Company,
    CompanyMember,
    DeanAssignment,
    Faculty,
    Invitation,
    University,
    User,
)
from foundry.models.base import utcnow

INVITED_ROLES = ("company", "dean", "admin", "reviewer")


def invitation_status(invitation: Invitation) -> str:
    """pending, accepted, revoked or expired."""
    if invitation.used_at:
        return "accepted"
    if invitation.revoked_at:
        return "revoked"
    if invitation.expires_at <= utcnow():
        return "expired"
    return "pending"


def invitation_link(invitation: Invitation) -> str:
    """The absolute acceptance URL: a signed token carrying the invitation id."""
    token = tokens.make_token(tokens.INVITATION, {"i": invitation.id})
    return tokens.external_url("auth.accept_invitation", token=token)


def _send(invitation: Invitation) -> str:
    """Mail the acceptance link (in the default language: the invitee has no profile yet);
    returns it (the CLI prints it)."""
    link = invitation_link(invitation)
    with in_language_of(None):
        _compose(invitation, link)
    return link


def _compose(invitation: Invitation, link: str) -> None:
    role = {"company": _("company member"), "dean": _("dean / faculty staff"),
            "admin": _("programme admin"),
            "reviewer": _("programme reviewer")}[invitation.role]
    days = max(1, current_app.config["INVITATION_MAX_AGE"] // 86400)
    queue_mail(to=invitation.email, subject=_("Your invitation to Talent Foundry"),
               body=_("Hello,\n\nYou are invited to join Talent Foundry as %(role)s. Open this "
                      "link within %(days)d days to choose your password:\n\n%(link)s\n\n"
                      "The link works once. If you did not expect it, ignore this mail.",
                      role=role, days=days, link=link))


def create_invitation(*, email: str, role: str, invited_by: User | None,
                      company: Company | None = None, university: University | None = None,
                      faculty: Faculty | None = None) -> tuple[Invitation, str]:
    """Invite someone to join with a role; mails the link and returns (invitation, link)."""
    if role not in INVITED_ROLES:
        raise DomainError(_("Choose company member, dean, admin or programme reviewer."),
                          field="role")
    email = ensure_email_free(email)
    if role == "company" and company is None:
        raise DomainError(_("Choose the company this person will act for."), field="company_id")
    if role == "dean" and university is None:
        raise DomainError(_("Choose the dean's university."), field="university_id")
    if role == "dean" and faculty is not None and faculty.university_id != university.id:
        raise DomainError(_("This faculty belongs to another university."), field="faculty_id")
    pending = db.session.scalars(select(Invitation).where(Invitation.email == email)).all()
    if any(invitation_status(other) == "pending" for other in pending):
        raise DomainError(_("An invitation for this e-mail is still open: resend or revoke it "
                            "instead."), field="email")
    invitation = Invitation(
        email=email, role=role,
        company_id=company.id if role == "company" else None,
        university_id=university.id if role == "dean" else None,
        faculty_id=faculty.id if role == "dean" and faculty is not None else None,
        created_by_id=getattr(invited_by, "id", None),
        expires_at=utcnow() + timedelta(seconds=current_app.config["INVITATION_MAX_AGE"]),
    )
    db.session.add(invitation)
    db.session.flush()
    link = _send(invitation)
    record_audit("auth.invitation_created", target=invitation, actor=invited_by,
                 details={"email": email, "role": role})
    return invitation, link


def resend_invitation(*, invitation: Invitation, by: User | None) -> str:
    """Mail a fresh link for an open (or expired) invitation and extend its expiry."""
    if invitation.used_at or invitation.revoked_at:
        raise DomainError(_("This invitation was already accepted or revoked."))
    invitation.expires_at = utcnow() + timedelta(seconds=current_app.config["INVITATION_MAX_AGE"])
    link = _send(invitation)
    record_audit("auth.invitation_resent", target=invitation, actor=by,
                 details={"email": invitation.email})
    return link


def revoke_invitation(*, invitation: Invitation, by: User | None) -> None:
    """Stop an invitation's link from working."""
    if invitation.used_at:
        raise DomainError(_("This invitation was already accepted."))
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        record_audit("auth.invitation_revoked", target=invitation, actor=by,
                     details={"email": invitation.email})


def invitation_from_token(token: str) -> Invitation:
    """The open invitation a link is for; TokenError (400/410) for any link that cannot work."""
    payload = tokens.read_token(tokens.INVITATION, token,
                                max_age=current_app.config["INVITATION_MAX_AGE"])
    ident = payload.get("i")
    invitation = db.session.get(Invitation, ident) if isinstance(ident, int) else None
    if invitation is None:
        raise tokens.TokenError(_("This link is not valid. Check that you copied all of it."))
    status = invitation_status(invitation)
    if status == "accepted":
        raise tokens.TokenError(_("This invitation was already used. Sign in with the account "
                                  "you created."), status=410)
    if status == "revoked":
        raise tokens.TokenError(_("This invitation was withdrawn. Ask the programme team for a "
                                  "new one."), status=410)
    if status == "expired":
        raise tokens.TokenError(_("This invitation has expired. Ask the programme team to "
                                  "send it again."), status=410)
    if db.session.scalar(select(User.id).where(User.email == normalize_email(invitation.email))):
        raise tokens.TokenError(_("An account with this e-mail already exists. Sign in "
                                  "instead."), status=410)
    return invitation


def accept_invitation(*, invitation: Invitation, full_name: str, password: str) -> User:
    """Create the invited account with its company membership or dean scope; single use."""
    validate_password(password, email=invitation.email)
    # Claim the invitation with a conditional UPDATE, so two simultaneous submissions of the
    # same link cannot both create an account.
    claimed = db.session.execute(
        update(Invitation).where(Invitation.id == invitation.id, Invitation.used_at.is_(None),
                                 Invitation.revoked_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session="fetch")
    ).rowcount
    if claimed != 1:
        raise tokens.TokenError(_("This invitation was already used. Sign in with the account "
                                  "you created."), status=410)
    user = User(email=normalize_email(invitation.email), full_name=full_name.strip(),
                role=invitation.role)
    user.set_password(password)
    user.last_login_at = user.email_verified_at = utcnow()  # the mailed link proved the address
    db.session.add(user)
    db.session.flush()
    if invitation.role == "company":
        db.session.add(CompanyMember(user_id=user.id, company_id=invitation.company_id))
    elif invitation.role == "dean":
        db.session.add(DeanAssignment(user_id=user.id, university_id=invitation.university_id,
                                      faculty_id=invitation.faculty_id))
    record_audit("auth.invitation_accepted", target=invitation, actor=user,
                 details={"email": user.email, "role": user.role})
    return user
