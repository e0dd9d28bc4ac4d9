"""Identity providers as admins configure them, and which one serves an e-mail address."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select

from foundry.auth.services import normalize_email
from foundry.common.audit import record_audit
from foundry.common.crypto import UnreadableSecret, decrypt, encrypt
from foundry.common.errors import DomainError, Problems
from foundry.extensions import db
from foundry.models import IdentityProvider, University, UniversityDomain, User

SECRET_PURPOSE = "oidc-client-secret"  # noqa: S105 — a key-derivation label, not a secret
_DOMAIN = re.compile(r"^(?=.{3,120}$)[a-z0-9-]+(\.[a-z0-9-]+)+$")
_CLAIM = re.compile(r"^[A-Za-z0-9_:./-]{1,64}$")


def enabled_providers() -> list[IdentityProvider]:
    """The providers offered on the sign-in page, by name."""
    return list(db.session.scalars(select(IdentityProvider).where(IdentityProvider.enabled)
                                   .order_by(IdentityProvider.name)))


def all_providers() -> list[IdentityProvider]:
    """Every configured provider (the admin list)."""
    return list(db.session.scalars(select(IdentityProvider).order_by(IdentityProvider.name)))


def student_domains(provider: IdentityProvider) -> set[str]:
    """The student e-mail domains of the provider's university."""
    if provider.university_id is None:
        return set()
    return set(db.session.scalars(select(UniversityDomain.domain).where(
        UniversityDomain.university_id == provider.university_id)))


def provider_for_email(email: str) -> IdentityProvider | None:
    """The enabled provider that signs in this address (its university's student domain, or
    one of its staff domains)."""
    domain = normalize_email(email).rpartition("@")[2]
    if not domain:
        return None
    for provider in enabled_providers():
        if domain in student_domains(provider) or domain in provider.staff_domain_list:
            return provider
    return None


def client_secret_of(provider: IdentityProvider) -> str | None:
    """The decrypted client secret (None for a public client)."""
    if not provider.client_secret_encrypted:
        return None
    try:
        return decrypt(provider.client_secret_encrypted, purpose=SECRET_PURPOSE)
    except UnreadableSecret as error:
        raise DomainError(_("The client secret of %(name)s can no longer be read (SECRET_KEY "
                            "changed): an admin must enter it again.",
                            name=provider.name)) from error


def passwords_blocked_for(user: User) -> IdentityProvider | None:
    """The provider a student must sign in with, when their university turned passwords off."""
    student = getattr(user, "student", None)
    if user.role != "student" or student is None:
        return None
    return db.session.scalar(select(IdentityProvider).where(
        IdentityProvider.university_id == student.university_id, IdentityProvider.enabled,
        IdentityProvider.passwords_allowed.is_(False)))


def _clean_domains(text: str) -> str:
    domains = [d.strip().lower().lstrip("@") for d in re.split(r"[\s,;]+", text or "") if d.strip()]
    bad = [d for d in domains if not _DOMAIN.match(d)]
    if bad:
        raise DomainError(_("These are not e-mail domains: %(list)s", list=", ".join(bad)),
                          field="staff_domains")
    return " ".join(dict.fromkeys(domains))


def save_provider(*, provider: IdentityProvider | None, by: User, name: str,
                  university_id: int | None, discovery_url: str, client_id: str,
                  client_secret: str | None, email_claim: str, student_number_claim: str | None,
                  passwords_allowed: bool, staff_domains: str, enabled: bool) -> IdentityProvider:
    """Create or update a provider. An empty `client_secret` keeps the stored one; the secret
    is encrypted and never written to the audit trail."""
    problems = Problems()
    university = db.session.get(University, university_id) if university_id else None
    if university_id and university is None:
        problems.add(_("Choose a university from the list."), field="university_id")
    if university is not None and db.session.scalar(select(IdentityProvider.id).where(
            IdentityProvider.university_id == university.id,
            IdentityProvider.id != (provider.id if provider else -1))):
        problems.add(_("%(university)s already has a sign-in provider: edit that one.",
                       university=university.code), field="university_id")
    url = (discovery_url or "").strip()
    if not url.startswith(("https://", "http://localhost", "http://127.0.0.1")):
        problems.add(_("Use the provider's https:// address."), field="discovery_url")
    if not url.endswith("/.well-known/openid-configuration"):
        url = url.rstrip("/") + "/.well-known/openid-configuration"
    for field, claim in (("email_claim", email_claim), ("student_number_claim",
                                                         student_number_claim)):
        if claim and not _CLAIM.match(claim.strip()):
            problems.add(_("A claim name is letters, digits and _ : . / - only."), field=field)
    domains = ""
    try:
        domains = _clean_domains(staff_domains)
    except DomainError as error:
        problems.add(str(error), field=error.field)
    if university is None and not university_id and not domains \
            and not problems.has("staff_domains"):
        problems.add(_("A provider without a university needs at least one staff e-mail "
                       "domain."), field="staff_domains")
    problems.raise_any()
    is_new = provider is None
    if provider is None:
        provider = IdentityProvider()
        db.session.add(provider)
    provider.name = name.strip()
    provider.university_id = university.id if university else None
    provider.discovery_url = url
    provider.client_id = client_id.strip()
    if client_secret:
        provider.client_secret_encrypted = encrypt(client_secret, purpose=SECRET_PURPOSE)
    provider.email_claim = (email_claim or "email").strip()
    provider.student_number_claim = (student_number_claim or "").strip() or None
    provider.passwords_allowed = passwords_allowed
    provider.staff_domains = domains
    provider.enabled = enabled
    db.session.flush()
    record_audit("sso.provider_created" if is_new else "sso.provider_updated", target=provider,
                 actor=by, details={"name": provider.name, "discovery_url": url,
                                    "client_id": provider.client_id,
                                    "secret_changed": bool(client_secret),
                                    "passwords_allowed": passwords_allowed,
                                    "staff_domains": domains, "enabled": enabled})
    return provider
