"""Who a verified identity is here: an account linked before, an account with the same
university e-mail (linked now), or a new student who completes their profile first."""

from __future__ import annotations

from datetime import date
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select

from foundry.auth import verification
from foundry.auth.services import (
    ensure_email_free,
    find_user_by_email,
    normalize_email,
    record_consent,
)
from foundry.common.audit import record_audit
from foundry.common.errors import DomainError, Problems
from foundry.extensions import db
from foundry.models import Faculty, IdentityProvider, Programme, SsoIdentity, StudentProfile, User
from foundry.models.base import utcnow
from foundry.models.choices import cohort_year
from foundry.sso.oidc import SsoError
from foundry.sso.providers import student_domains

STAFF_ROLES = ("dean", "company")


def _email_from(provider: IdentityProvider, claims: dict[str, Any]) -> str:
    raw = claims.get(provider.email_claim)
    try:
        email = normalize_email(validate_email(str(raw or ""),
                                               check_deliverability=False).normalized)
    except EmailNotValidError as error:
        raise SsoError("no_email", _("The university's sign-in service did not send an e-mail "
                                     "address (claim “%(claim)s”). An admin must check the "
                                     "settings.", claim=provider.email_claim)) from error
    if claims.get("email_verified") is False:
        raise SsoError("email_not_verified", _("The university has not verified the e-mail "
                                               "address %(email)s. Sign-in refused.",
                                               email=email), email=email)
    return email


def resolve_identity(provider: IdentityProvider, claims: dict[str, Any]) -> User | dict:
    """The account to sign in, or (for a first sign-in of a student without an account) the
    facts to start their sign-up with. Refusals raise SsoError."""
    email = _email_from(provider, claims)
    domain = email.rpartition("@")[2]
    is_student = domain in student_domains(provider)
    is_staff = domain in provider.staff_domain_list
    if not (is_student or is_staff):
        raise SsoError("email_outside_domains", _(
            "%(email)s is not an address of %(name)s, so it cannot be used to sign in here.",
            email=email, name=provider.name), email=email)
    subject = str(claims.get("sub"))
    link = db.session.scalar(select(SsoIdentity).where(
        SsoIdentity.provider_id == provider.id, SsoIdentity.subject == subject))
    user = db.session.get(User, link.user_id) if link else find_user_by_email(email)
    if user is None:
        if not is_student:
            raise SsoError("no_account", _(
                "No Talent Foundry account uses %(email)s. Staff accounts are made by "
                "invitation: ask a programme admin.", email=email), email=email)
        number_claim = provider.student_number_claim
        return {"provider_id": provider.id, "subject": subject, "email": email,
                "full_name": str(claims.get("name") or "").strip()[:120],
                "student_number": (str(claims.get(number_claim) or "").strip()[:32] or None)
                if number_claim else None}
    _check_account(provider, user, is_student=is_student, is_staff=is_staff)
    if verification.is_awaiting_verification(user):
        # The university vouches for the mailbox; the password chosen at the unconfirmed
        # sign-up is dropped (it may not be the owner's: account pre-hijacking).
        user.active = True
        user.password_hash = None
    if link is None:
        db.session.add(SsoIdentity(provider_id=provider.id, subject=subject, user_id=user.id,
                                   last_used_at=utcnow()))
        record_audit("sso.linked", target=user, actor=user,
                     details={"provider": provider.name, "email": email})
    else:
        link.last_used_at = utcnow()
    user.last_login_at = utcnow()
    record_audit("auth.login", target=user, actor=user, details={"via": "sso",
                                                                 "provider": provider.name})
    return user


def _check_account(provider: IdentityProvider, user: User, *, is_student: bool,
                   is_staff: bool) -> None:
    if user.deleted_at is not None or (not user.active
                                       and not verification.is_awaiting_verification(user)):
        raise SsoError("inactive", _("This account is deactivated. Ask a programme admin."),
                       email=user.email)
    if user.role == "student":
        student = user.student
        if not is_student or student is None or student.university_id != provider.university_id:
            raise SsoError("wrong_university", _(
                "This account belongs to another university's students: sign in with that "
                "university instead."), email=user.email)
    elif user.role not in STAFF_ROLES or not is_staff:
        raise SsoError("role_not_allowed", _(
            "%(name)s cannot sign in this account: use your e-mail and password.",
            name=provider.name), email=user.email)


def register_sso_student(*, pending: dict, full_name: str, faculty_id: int,
                         programme_id: int | None, expected_graduation: date,
                         consent: bool) -> User:
    """Create the student a university vouched for, with what its provider did not give
    (faculty, programme, graduation, consent); active at once, without a password."""
    provider = db.session.get(IdentityProvider, pending.get("provider_id"))
    if provider is None or provider.university_id is None:
        raise DomainError(_("This sign-in has expired. Start again from the sign-in page."))
    problems = Problems()  # every broken rule at once
    email = pending["email"]
    try:
        email = ensure_email_free(email)
    except DomainError as error:
        problems.add(str(error), field=error.field)
    faculty = db.session.get(Faculty, faculty_id)
    if faculty is None or faculty.university_id != provider.university_id:
        problems.add(_("Choose a faculty of your university."), field="faculty_id")
    elif programme_id is not None:
        programme = db.session.get(Programme, programme_id)
        if programme is None or programme.faculty_id != faculty.id:
            problems.add(_("Choose a programme of the faculty you chose."), field="programme_id")
    if not consent:
        problems.add(_("Please accept the personal data notice to create an account."),
                     field="consent")
    problems.raise_any()
    number = pending.get("student_number")
    if number and db.session.scalar(select(StudentProfile.id).where(
            StudentProfile.university_id == provider.university_id,
            StudentProfile.student_number == number)):
        number = None  # kept on the other record; an admin can merge them
    user = User(email=email, role="student", active=True, full_name=full_name.strip()[:120],
                last_login_at=utcnow())
    db.session.add(user)
    db.session.flush()
    db.session.add(StudentProfile(user_id=user.id, university_id=provider.university_id,
                                  faculty_id=faculty.id, programme_id=programme_id,
                                  student_number=number, expected_graduation=expected_graduation,
                                  cohort_year=cohort_year(expected_graduation)))
    db.session.add(SsoIdentity(provider_id=provider.id, subject=pending["subject"],
                               user_id=user.id, last_used_at=utcnow()))
    record_consent(user=user)
    record_audit("auth.signup", target=user, actor=user,
                 details={"via": "sso", "provider": provider.name,
                          "student_number_from_provider": bool(pending.get("student_number"))})
    return user
