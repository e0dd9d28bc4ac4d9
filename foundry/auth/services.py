"""Authentication services: sign-in, student sign-up, consent, passwords.

They add/flush and never commit (the route or CLI command commits once).
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from foundry.auth import sessions, tokens, verification
from foundry.auth.passwords import validate_password
from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.common.mail import in_language_of, queue_mail
from foundry.extensions import db
from foundry.models import (
    Consent,
    Faculty,
    Programme,
    StudentProfile,
    University,
    UniversityDomain,
    User,
)
from foundry.models.base import utcnow
from foundry.models.choices import cohort_year
from foundry.models.users import waste_password_check


class AuthError(DomainError):
    """A domain error with a message safe to show to the user."""


class EmailNotVerified(AuthError):
    """Right password, but the account's e-mail has not been confirmed yet."""


def normalize_email(email: str) -> str:
    """E-mails are compared and stored lower-case and trimmed."""
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The user with this e-mail (any letter case), if any."""
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def authenticate(*, email: str, password: str) -> User:
    """The active user with these credentials; failures are audited and raise AuthError."""
    user = find_user_by_email(email)
    if user is None:
        waste_password_check(password)  # an unknown e-mail costs the same time as a known one
    password_ok = user is not None and user.check_password(password)
    if password_ok and verification.is_awaiting_verification(user):
        # Only someone who knows the password learns that the account awaits confirmation.
        record_audit("auth.login_failed", target=user,
                     details={"email": user.email, "reason": "unverified"})
        raise EmailNotVerified(_("Confirm your e-mail first: open the link we sent to your "
                                 "address. No mail? Ask for a new link below."))
    if not password_ok or not user.is_active:
        record_audit("auth.login_failed", target=user,
                     details={"email": normalize_email(email)[:254],
                              "reason": "inactive" if password_ok else "bad_credentials"})
        raise AuthError(_("The e-mail or password is not right."), field="password")
    from foundry.sso.providers import passwords_blocked_for

    provider = passwords_blocked_for(user)
    if provider is not None:
        record_audit("auth.login_failed", target=user,
                     details={"email": user.email, "reason": "password_not_allowed"})
        raise AuthError(_("%(name)s signs its students in: use “Sign in with %(name)s”.",
                          name=provider.name), field="password")
    user.last_login_at = utcnow()
    record_audit("auth.login", target=user, actor=user)
    return user


def ensure_email_free(email: str, *, field: str = "email") -> str:
    """The normalized e-mail, or a DomainError if an account already uses it (any case)."""
    email = normalize_email(email)
    if find_user_by_email(email) is not None:
        raise DomainError(_("An account with this e-mail already exists. Sign in or reset "
                            "your password instead."), field=field)
    return email


def university_for_email(email: str) -> University:
    """The university whose student e-mail domain is exactly this address's domain."""
    domain = normalize_email(email).rpartition("@")[2]
    university = db.session.scalar(
        select(University).join(UniversityDomain).where(UniversityDomain.domain == domain)
    ) if domain else None
    if university is None:
        raise DomainError(_("Use your student e-mail address of a member university "
                            "(for example name@link.cuhk.edu.hk)."), field="email")
    return university


def notice_version_for(user: User) -> str:
    """The version of the notice this user accepts: external talent have their own."""
    key = "EXTERNAL_NOTICE_VERSION" if user.role == "external" else "CONSENT_NOTICE_VERSION"
    return current_app.config[key]


def _refuse_password_signup(university: University) -> None:
    """A university that turned passwords off signs its students up through its provider."""
    from foundry.models import IdentityProvider

    name = db.session.scalar(select(IdentityProvider.name).where(
        IdentityProvider.university_id == university.id, IdentityProvider.enabled,
        IdentityProvider.passwords_allowed.is_(False)))
    if name:
        raise DomainError(_("%(university)s students sign up with their university account: "
                            "use “Sign in with %(name)s” on the sign-in page.",
                            university=university.code, name=name), field="email")


def record_consent(*, user: User) -> Consent:
    """Record that the user accepted the current personal-data notice, now."""
    consent = Consent(user_id=user.id, notice_version=notice_version_for(user),
                      given_at=utcnow())
    db.session.add(consent)
    record_audit("auth.consent_given", target=user, actor=user,
                 details={"notice_version": consent.notice_version})
    return consent


def latest_consent_version(user: User) -> str | None:
    """The notice version of the user's most recent consent, if any."""
    return db.session.scalar(
        select(Consent.notice_version).where(Consent.user_id == user.id)
        .order_by(Consent.given_at.desc(), Consent.id.desc()).limit(1)
    )


def register_student(*, full_name: str, email: str, password: str, faculty_id: int,
                     programme_id: int | None, expected_graduation: date,
                     student_number: str | None, consent: bool) -> User | None:
    """Create an inactive student account tied to the university of the e-mail's domain, with
    consent; it is activated by the link mailed to the address (see verification.py).

    A sign-up with the e-mail of an account still awaiting verification replaces that
    unconfirmed account's details (nobody proved they own it); the new link mailed makes the
    earlier ones stop working, and the password is chosen again when the link is opened.
    A sign-up with the e-mail of an existing account answers exactly as a new one does (so
    sign-up never tells who has an account): nothing changes, the owner is mailed, and None
    is returned."""
    university = university_for_email(email)
    _refuse_password_signup(university)
    existing, pending, email = claim_signup_email(email)
    validate_password(password, email=email)
    faculty = db.session.get(Faculty, faculty_id)
    if faculty is None or faculty.university_id != university.id:
        raise DomainError(_("Choose a faculty of %(university)s, the university of your e-mail.",
                            university=university.name), field="faculty_id")
    if programme_id is not None:
        programme = db.session.get(Programme, programme_id)
        if programme is None or programme.faculty_id != faculty.id:
            raise DomainError(_("Choose a programme of the faculty you chose."),
                              field="programme_id")
    student_number = (student_number or "").strip() or None
    if student_number and db.session.scalar(select(StudentProfile.id).where(
            StudentProfile.university_id == university.id,
            StudentProfile.student_number == student_number,
            StudentProfile.user_id != (existing.id if existing else -1))):
        raise DomainError(_("This student number is already registered at %(university)s.",
                            university=university.code), field="student_number")
    ensure_consent(consent)
    if answered_for_existing(existing=existing, pending=pending):
        return None
    profile = {"university_id": university.id, "faculty_id": faculty.id,
               "programme_id": programme_id, "student_number": student_number,
               "expected_graduation": expected_graduation,
               "cohort_year": cohort_year(expected_graduation)}
    user = open_signup_account(pending=pending, email=email, role="student",
                               full_name=full_name, password=password, profile=profile)
    finish_signup(user=user, details={"university": university.code,
                                      "replaced_unverified": bool(pending)})
    return user


# --- The self sign-up machinery shared by students and external talent (foundry.talent) -----

def claim_signup_email(email: str) -> tuple[User | None, User | None, str]:
    """(the account with this address or None, the unconfirmed account this sign-up replaces
    or None, the normalized e-mail)."""
    email = normalize_email(email)
    existing = find_user_by_email(email)
    pending = existing if existing is not None \
        and verification.is_awaiting_verification(existing) else None
    return existing, pending, email


def ensure_consent(consent: bool) -> None:
    """Sign-up needs the notice accepted."""
    if not consent:
        raise DomainError(_("Please accept the personal data notice to create an account."),
                          field="consent")


def open_signup_account(*, pending: User | None, email: str, role: str, full_name: str,
                        password: str, profile: dict) -> User:
    """The inactive account of a self sign-up with its talent profile (StudentProfile)."""
    user = pending or User(email=email, role=role, active=False)
    user.role = role
    user.full_name = full_name.strip()
    user.set_password(password)
    if pending is None:
        db.session.add(user)
        db.session.flush()
    if pending is None or pending.student is None:
        db.session.add(StudentProfile(user_id=user.id, **profile))
        db.session.flush()
    else:
        for name, value in profile.items():
            setattr(pending.student, name, value)
    return user


def finish_signup(*, user: User, details: dict) -> None:
    """Consent, audit and the mailed confirmation link of a self sign-up."""
    record_consent(user=user)
    record_audit("auth.signup", target=user, actor=user, details=details)
    verification.send_verification(user=user)


def answered_for_existing(*, existing: User | None, pending: User | None) -> bool:
    """A sign-up with the address of a confirmed account changes nothing and mails the owner
    (it answers as a new sign-up does, so sign-up never tells who has an account)."""
    if existing is not None and pending is None:
        _tell_owner_of_signup_attempt(existing)
        return True
    return False


def _tell_owner_of_signup_attempt(user: User) -> None:
    """Mail the owner of an existing account that someone signed up with their address."""
    with in_language_of(user):
        queue_mail(to=user.email, subject=_("Talent Foundry: you already have an account"),
                   body=_("Hello %(name)s,\n\nSomeone (hopefully you) tried to create a new "
                          "Talent Foundry account with this e-mail address, which already has "
                          "one. Nothing was changed.\n\nSign in here: %(login)s\nForgot your "
                          "password? Reset it here: %(reset)s\n\nIf it was not you, you can "
                          "ignore this mail.", name=user.full_name,
                          login=tokens.external_url("auth.login"),
                          reset=tokens.external_url("auth.forgot_password")))
    record_audit("auth.signup_existing", target=user, details={"email": user.email})


def create_admin(*, email: str, full_name: str, password: str) -> User:
    """Create a programme admin directly (the `flask users create-admin` command)."""
    email = ensure_email_free(email)
    if not full_name.strip():
        raise DomainError(_("Give the admin's full name."), field="full_name")
    validate_password(password, email=email)
    user = User(email=email, full_name=full_name.strip()[:120], role="admin")
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_audit("auth.admin_created", target=user, details={"email": email})
    return user


def change_password(*, user: User, current_password: str, new_password: str) -> None:
    """Replace the password after checking the current one."""
    if not user.check_password(current_password):
        raise DomainError(_("Your current password is not right."), field="current_password")
    if current_password == new_password:
        raise DomainError(_("Choose a password different from the current one."),
                          field="password")
    validate_password(new_password, email=user.email)
    user.set_password(new_password)
    ended = sessions.end_sessions(user, reason="password_changed", keep_current=True)
    record_audit("auth.password_changed", target=user, actor=user,
                 details={"other_sessions_ended": ended})


def request_password_reset(*, email: str) -> None:
    """Mail a reset link if an active account has this e-mail; silently nothing otherwise."""
    user = find_user_by_email(email)
    if user is None or not user.is_active or not user.password_hash:
        return
    token = tokens.make_token(tokens.PASSWORD_RESET,
                              {"u": user.id, "f": tokens.password_fingerprint(user.password_hash)})
    link = tokens.external_url("auth.reset_password", token=token)
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    with in_language_of(user):
        queue_mail(to=user.email, subject=_("Talent Foundry: reset your password"),
                   body=_("Hello %(name)s,\n\nSomeone (hopefully you) asked to reset the password "
                          "of your Talent Foundry account. Open this link within %(minutes)d "
                          "minutes to choose a new one:\n\n%(link)s\n\nIf it was not you, ignore "
                          "this mail; your password stays as it is.", name=user.full_name,
                          minutes=minutes, link=link))
    record_audit("auth.password_reset_requested", target=user, actor=user)


def user_for_reset_token(token: str) -> User:
    """The user a reset token was made for, if it is fresh and the password is unchanged."""
    payload = tokens.read_token(tokens.PASSWORD_RESET, token,
                                max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = db.session.get(User, payload.get("u")) if isinstance(payload.get("u"), int) else None
    if user is None or not user.is_active:
        raise tokens.TokenError(_("This link is not valid. Check that you copied all of it."))
    if payload.get("f") != tokens.password_fingerprint(user.password_hash):
        raise tokens.TokenError(_("This link was already used. Ask for a new one if you still "
                                  "need to reset your password."), status=410)
    return user


def reset_password(*, user: User, new_password: str) -> None:
    """Set a new password from a reset link (which thereby stops working)."""
    validate_password(new_password, email=user.email)
    user.set_password(new_password)
    if user.email_verified_at is None:  # the mailed link proved the address
        user.email_verified_at = utcnow()
    ended = sessions.end_sessions(user, reason="password_reset")
    record_audit("auth.password_reset", target=user, actor=user,
                 details={"sessions_ended": ended})
