"""External talent: sign-up (through the students' sign-up and e-mail verification machinery)
and profile edits. Services add/flush and never commit."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from foundry.auth import services as auth
from foundry.auth.passwords import validate_password
from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.extensions import db
from foundry.models import ExternalProfile, StudentProfile, User
from foundry.models.choices import DEGREE_LEVELS, values
from foundry.models.countries import COUNTRIES

PROFILE_FIELDS = ("institution", "country", "degree_level", "field_of_study",
                  "years_experience", "current_location", "needs_visa")


def _clean(details: dict) -> dict:
    """The profile fields, checked as the database also checks them."""
    data = {name: details.get(name) for name in PROFILE_FIELDS}
    for name in ("institution", "field_of_study", "current_location"):
        data[name] = (data[name] or "").strip() or None
    if not data["institution"]:
        raise DomainError(_("Name your university or employer."), field="institution")
    if not data["field_of_study"]:
        raise DomainError(_("Name your field of study."), field="field_of_study")
    if data["country"] not in values(COUNTRIES):
        raise DomainError(_("Choose a country or region."), field="country")
    if data["degree_level"] not in values(DEGREE_LEVELS):
        raise DomainError(_("Choose a degree level."), field="degree_level")
    years = data["years_experience"]
    if years is not None and not 0 <= years <= 60:
        raise DomainError(_("Give a number from 0 to 60."), field="years_experience")
    if years is None and details.get("graduation_date") is None:
        raise DomainError(_("Give your graduation date or your years of experience."),
                          field="graduation_date")
    data["needs_visa"] = bool(data["needs_visa"])
    return data


def register_external(*, full_name: str, email: str, password: str, consent: bool,
                      details: dict) -> User | None:
    """An inactive external-talent account with any e-mail, activated by the mailed link like a
    student's (the same claim / verification / consent steps: auth.services). With the address
    of a confirmed account nothing changes, the owner is mailed and None is returned."""
    existing, pending, email = auth.claim_signup_email(email)
    validate_password(password, email=email)
    data = _clean(details)
    auth.ensure_consent(consent)
    if auth.answered_for_existing(existing=existing, pending=pending):
        return None
    # No university, faculty or cohort: no dean's figure and no dashboard counts external talent.
    profile = {"university_id": None, "faculty_id": None, "programme_id": None,
               "student_number": None, "expected_graduation": details.get("graduation_date"),
               "cohort_year": None}
    user = auth.open_signup_account(pending=pending, email=email, role="external",
                                    full_name=full_name, password=password, profile=profile)
    student = user.student or db.session.scalar(
        db.select(StudentProfile).where(StudentProfile.user_id == user.id))
    if student.external is None:
        student.external = ExternalProfile(**data)
    else:
        for name, value in data.items():
            setattr(student.external, name, value)
    db.session.flush()
    auth.finish_signup(user=user, details={"role": "external",
                                           "origin": student.external.origin,
                                           "country": data["country"],
                                           "replaced_unverified": bool(pending)})
    return user


def update_external_profile(*, student: StudentProfile, details: dict,
                            graduation_date: date | None) -> None:
    """Save an external person's profile."""
    data = _clean({**details, "graduation_date": graduation_date})
    if student.external is None:
        student.external = ExternalProfile(**data)
    else:
        for name, value in data.items():
            setattr(student.external, name, value)
    student.expected_graduation = graduation_date
    db.session.flush()
    record_audit("talent.profile_updated", target=student, actor=student.user)
