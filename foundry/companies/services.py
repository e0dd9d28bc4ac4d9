"""Writes on companies: profile edits, vetting, and the rule that only verified companies act."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.common.notify import notify
from foundry.extensions import db
from foundry.models import Company, CompanyDomain, User
from foundry.models.choices import COMPANY_REJECTION_REASONS, label, values

# Allowed vetting moves: from status → statuses an admin may set.
VETTING_MOVES: dict[str, frozenset[str]] = {
    "pending": frozenset({"verified", "suspended", "rejected"}),
    "verified": frozenset({"suspended"}),
    "suspended": frozenset({"verified"}),
    "rejected": frozenset({"pending"}),  # reopened: back in the review queue
}

PROFILE_FIELDS = ("description", "website", "cluster", "site", "size_band", "is_startup")


def ensure_company_can_act(company: Company) -> None:
    """Refuse (DomainError) any pipeline or publishing action of a company not verified."""
    if company.vetting_status == "rejected":
        raise DomainError(_("The programme team has not accepted your company (%(reason)s): "
                            "you cannot publish positions or move applicants.",
                            reason=rejection_text(company)))
    if company.vetting_status == "suspended":
        reason = f" ({company.vetting_reason})" if company.vetting_reason else ""
        raise DomainError(_("Your company is suspended%(reason)s: you cannot publish positions "
                            "or move applicants. Please contact the programme team.",
                            reason=reason))
    if company.vetting_status != "verified":
        raise DomainError(_("Your company is awaiting verification by the programme team: "
                            "you cannot publish positions or move applicants yet."))


def update_company_profile(*, company: Company, data: dict, actor: User) -> Company:
    """Update the editable profile fields of a company, audited with the changed fields."""
    changed = {}
    for name in PROFILE_FIELDS:
        if name in data and getattr(company, name) != data[name]:
            changed[name] = data[name]
            setattr(company, name, data[name])
    if changed:
        record_audit("company.profile_updated", target=company, actor=actor,
                     details={"fields": sorted(changed)})
    db.session.flush()
    return company


def rejection_text(company: Company) -> str:
    """'Not a Science Park company — our note', in the current language."""
    category = label(COMPANY_REJECTION_REASONS, company.vetting_category)
    return " — ".join(part for part in (category, company.vetting_reason) if part)


def set_vetting_status(*, company: Company, status: str, reason: str | None,
                       actor: User, category: str | None = None) -> Company:
    """Move a company to verified / suspended / rejected (or reopen a rejected one to
    pending), audited and notified to its members (in-app and by mail, in their language)."""
    reason = (reason or "").strip() or None
    category = (category or "").strip() or None
    if status == company.vetting_status:
        return company  # a repeated click changes nothing
    if status not in VETTING_MOVES.get(company.vetting_status, ()):
        raise DomainError(_("A company cannot go from %(old)s to %(new)s.",
                            old=company.vetting_status, new=status), field="status")
    if status == "suspended" and not reason:
        raise DomainError(_("Give a reason for suspending the company."), field="reason")
    if status == "rejected":
        problems = []
        if category not in values(COMPANY_REJECTION_REASONS):
            problems.append(_("Choose a reason category for rejecting the company."))
        if not reason:
            problems.append(_("Write a note to the company explaining the rejection."))
        if problems:
            raise DomainError(" ".join(problems), field="reason")
    previous = company.vetting_status
    company.vetting_status = status
    company.vetting_reason = reason
    company.vetting_category = category if status == "rejected" else None
    record_audit("company.vetting", target=company, actor=actor,
                 details={"from": previous, "to": status, "reason": reason}
                 | ({"category": category} if status == "rejected" else {}))

    def message() -> str:  # composed in each member's language
        if status == "verified":
            return _("%(name)s is now verified: students can see your open positions.",
                     name=company.name)
        if status == "rejected":
            return _("The programme team has not accepted %(name)s on Talent Foundry: "
                     "%(reason)s", name=company.name, reason=rejection_text(company))
        if status == "pending":
            return _("%(name)s is back in the programme team's review queue; you will hear "
                     "when it is verified.", name=company.name)
        return _("%(name)s has been suspended: %(reason)s", name=company.name, reason=reason)

    link = url_for("companies.profile") if has_request_context() else None
    for member in company.members:
        notify(user=member.user, message=message, link=link, email=True)
    db.session.flush()
    return company



DOMAIN_PATTERN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def add_company_domain(*, company: Company, domain: str, actor: User) -> CompanyDomain:
    """An admin verifies an e-mail domain as the company's own (audited)."""
    domain = (domain or "").strip().lower().removeprefix("@")
    if not DOMAIN_PATTERN.match(domain):
        raise DomainError(_("Give a domain such as harbourmind.example (no @, no spaces)."),
                          field="domain")
    if domain in company_email_domains(company):
        raise DomainError(_("%(domain)s is already one of this company's domains.",
                            domain=domain), field="domain")
    row = CompanyDomain(company_id=company.id, domain=domain, added_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    record_audit("company.domain_added", target=company, actor=actor, details={"domain": domain})
    return row


def remove_company_domain(*, row: CompanyDomain, actor: User) -> None:
    """An admin withdraws a verified domain (audited)."""
    record_audit("company.domain_removed", target=db.session.get(Company, row.company_id),
                 actor=actor, details={"domain": row.domain})
    db.session.delete(row)
    db.session.flush()


def website_domain(company: Company) -> str | None:
    """The host of the company's website without 'www.' ('https://www.x.example' → 'x.example')."""
    if not company.website:
        return None
    host = urlsplit(company.website if "//" in company.website
                    else "//" + company.website).hostname or ""
    host = host.lower().removeprefix("www.")
    return host if DOMAIN_PATTERN.match(host) else None


def company_email_domains(company: Company) -> set[str]:
    """The company's own e-mail domains: its website's and those an admin verified."""
    domains = set(db.session.scalars(select(CompanyDomain.domain)
                                     .where(CompanyDomain.company_id == company.id)))
    website = website_domain(company)
    return domains | ({website} if website else set())


def is_company_address(company: Company | None, email: str | None) -> bool:
    """Whether an e-mail address is on one of the company's own domains (or a subdomain)."""
    if company is None or not email or "@" not in email:
        return False
    host = email.rpartition("@")[2].strip().lower()
    return any(host == d or host.endswith("." + d) for d in company_email_domains(company))
