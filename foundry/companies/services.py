"""Writes on companies: profile edits, vetting, and the rule that only verified companies act."""

from __future__ import annotations

from flask import has_request_context, url_for
from flask_babel import gettext as _

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.common.notify import notify
from foundry.extensions import db
from foundry.models import Company, User

# Allowed vetting moves: from status → statuses an admin may set.
VETTING_MOVES: dict[str, frozenset[str]] = {
    "pending": frozenset({"verified", "suspended"}),
    "verified": frozenset({"suspended"}),
    "suspended": frozenset({"verified"}),
}

PROFILE_FIELDS = ("description", "website", "cluster", "site", "size_band", "is_startup")


def ensure_company_can_act(company: Company) -> None:
    """Refuse (DomainError) any pipeline or publishing action of a company not verified."""
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


def set_vetting_status(*, company: Company, status: str, reason: str | None,
                       actor: User) -> Company:
    """Move a company to verified / suspended, audited and notified to its members."""
    reason = (reason or "").strip() or None
    if status == company.vetting_status:
        return company  # a repeated click changes nothing
    if status not in VETTING_MOVES.get(company.vetting_status, ()):
        raise DomainError(_("A company cannot go from %(old)s to %(new)s.",
                            old=company.vetting_status, new=status), field="status")
    if status == "suspended" and not reason:
        raise DomainError(_("Give a reason for suspending the company."), field="reason")
    previous = company.vetting_status
    company.vetting_status = status
    company.vetting_reason = reason
    record_audit("company.vetting", target=company, actor=actor,
                 details={"from": previous, "to": status, "reason": reason})

    def message() -> str:  # composed in each member's language
        if status == "verified":
            return _("%(name)s is now verified: students can see your open positions.",
                     name=company.name)
        return _("%(name)s has been suspended: %(reason)s", name=company.name, reason=reason)

    link = url_for("companies.profile") if has_request_context() else None
    for member in company.members:
        notify(user=member.user, message=message, link=link, email=True)
    db.session.flush()
    return company

