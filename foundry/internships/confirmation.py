"""The supervisor's signed, single-use confirmation link (no account needed)."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from foundry.auth.tokens import TokenError, external_url, make_token, read_token
from foundry.common.mail import in_language_of, queue_mail
from foundry.companies.services import is_company_address
from foundry.extensions import db
from foundry.formatting import day
from foundry.internships.notices import student_name
from foundry.internships.queries import load_internship
from foundry.models import CompanyMember, Internship, User
from foundry.models.choices import INTERNSHIP_STATUSES, label

SALT = "internship-confirm"


def company_confirms_itself(internship: Internship) -> bool:
    """Whether an active member of the host company can confirm: then only they may, and a
    supervisor address (which the student chose, and might control) gets no say."""
    if internship.company_id is None:
        return False
    return db.session.scalar(
        select(CompanyMember.id).join(User, User.id == CompanyMember.user_id)
        .where(CompanyMember.company_id == internship.company_id, User.active.is_(True),
               User.deleted_at.is_(None)).limit(1)) is not None


def supervisor_on_company_domain(internship: Internship) -> bool:
    """Whether the supervisor's address is on the host company's own e-mail domain: only then
    does their link confirm outright (the student chose the address and might read it)."""
    return is_company_address(internship.company, internship.supervisor_email)


def make_confirmation_token(internship: Internship) -> str:
    """Sign the internship id and the supervisor e-mail it was sent to."""
    return make_token(SALT, {"internship": internship.id, "email": internship.supervisor_email})


def confirmation_url(internship: Internship) -> str:
    """The absolute link mailed to the supervisor."""
    return external_url("internships.confirm_by_link",
                        token=make_confirmation_token(internship))


def mail_supervisor(internship: Internship) -> None:
    """Mail the supervisor the link to confirm or dispute (the caller commits), in the default
    language (a supervisor has no account, so no language of their own)."""
    with in_language_of(None):
        _compose_for_supervisor(internship)


def _compose_for_supervisor(internship: Internship) -> None:
    days = current_app.config["CONFIRMATION_MAX_AGE"] // 86400
    body = _(
        "Hello,\n\n%(student)s says they interned at %(company)s as %(title)s from %(start)s "
        "to %(end)s, and named you as their supervisor.\n\nPlease confirm or dispute this on "
        "Talent Foundry (HKSTP) — no account is needed. The link works once and for "
        "%(days)d days:\n\n%(link)s\n\nIf you do not know this student, choose “Dispute” "
        "and say so.\n",
        student=student_name(internship), company=internship.employer_name,
        title=internship.title, start=day(internship.start_date),
        end=day(internship.end_date), days=days, link=confirmation_url(internship))
    queue_mail(to=internship.supervisor_email,
               subject=_("Please confirm %(student)s's internship at %(company)s",
                         student=student_name(internship), company=internship.employer_name),
               body=body)


def internship_from_token(token: str) -> Internship:
    """The pending internship a link is for; TokenError with a clear message otherwise:
    tampered (400), expired (410), replaced by a newer link (410), already used (409)."""
    try:
        payload = read_token(SALT, token, max_age=current_app.config["CONFIRMATION_MAX_AGE"])
    except TokenError as error:
        if error.status == 410:
            raise TokenError(_("This confirmation link has expired. Ask the student to send "
                               "a new one (they can edit the internship's supervisor e-mail)."),
                             status=410) from error
        raise TokenError(_("This confirmation link is not valid. Check that you copied all "
                           "of it from the e-mail.")) from error
    internship_id = payload.get("internship")
    internship = load_internship(internship_id) if isinstance(internship_id, int) else None
    if internship is None:
        raise TokenError(_("This internship no longer exists: the student deleted it."),
                         status=410)
    if internship.supervisor_email != payload.get("email"):
        raise TokenError(_("This link was replaced: the student changed the supervisor's "
                           "e-mail, and a new link was sent there."), status=410)
    if company_confirms_itself(internship):
        raise TokenError(_("%(company)s is on Talent Foundry now: its members confirm this "
                           "internship there, and this link no longer works.",
                           company=internship.employer_name), status=410)
    if internship.status == "pending" and internship.supervisor_confirmed_at is not None:
        raise TokenError(_("You already confirmed this internship. The programme team at HKSTP "
                           "reviews it because your address is not on the company's own "
                           "domain; nothing more is needed from you."), status=409)
    if internship.status != "pending":
        raise TokenError(_("This link has already been used: the internship is now "
                           "“%(status)s”. Each link works once.",
                           status=label(INTERNSHIP_STATUSES, internship.status)), status=409)
    return internship
