"""Writes for internships: logging, editing, the one transition table, linking a company.

Every function adds/flushes and never commits; the route (or CLI command) commits once.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.companies.services import company_email_domains
from foundry.extensions import db
from foundry.internships import confirmation, validation
from foundry.internships.notices import notify_company, notify_student, student_name
from foundry.internships.validation import InternshipDetails
from foundry.models import Company, Internship, StudentProfile, User
from foundry.models.base import utcnow
from foundry.models.choices import INTERNSHIP_STATUSES, label


@dataclass(frozen=True)
class Transition:
    """One allowed status change: from which statuses, to which, and which sides may make it."""

    sources: tuple[str, ...]
    target: str
    sides: frozenset[str]
    needs_reason: bool = False


# THE transition table. Sides: the intern ("student"), a member of the host company
# ("company"), the supervisor through a signed link ("supervisor") and programme admins.
TRANSITIONS: dict[str, Transition] = {
    "confirm": Transition(("pending",), "confirmed",
                          frozenset({"company", "supervisor", "admin"})),
    "dispute": Transition(("pending",), "disputed",
                          frozenset({"company", "supervisor", "admin"}), needs_reason=True),
    "complete": Transition(("confirmed",), "completed",
                           frozenset({"student", "company", "admin"})),
    "end_early": Transition(("confirmed",), "ended_early",
                            frozenset({"student", "company", "admin"})),
}


def allowed_actions(internship: Internship, side: str | None) -> list[str]:
    """The actions of the transition table this side may take on the internship now."""
    return [action for action, rule in TRANSITIONS.items()
            if side in rule.sides and internship.status in rule.sources]


def _apply(internship: Internship, details: InternshipDetails) -> None:
    internship.company = details.company
    internship.company_id = details.company.id if details.company else None
    internship.company_name = details.company_name
    internship.title = details.title
    internship.start_date = details.start_date
    internship.end_date = details.end_date
    internship.hours_per_week = details.hours_per_week
    internship.paid = details.paid
    internship.stipend_monthly = details.stipend_monthly if details.paid else None
    internship.mode = details.mode
    internship.site = details.site
    internship.supervisor_email = details.supervisor_email


def _snapshot(internship: Internship) -> dict:
    """The editable fields as JSON-safe values, for before/after audit entries."""
    return {"company_id": internship.company_id, "company_name": internship.company_name,
            "title": internship.title, "start_date": internship.start_date.isoformat(),
            "end_date": internship.end_date.isoformat(),
            "hours_per_week": internship.hours_per_week, "paid": internship.paid,
            "stipend_monthly": internship.stipend_monthly, "mode": internship.mode,
            "site": internship.site, "supervisor_email": internship.supervisor_email}


def _ask_for_confirmation(internship: Internship) -> None:
    """Tell the company's members, and mail the supervisor a signed single-use link."""
    notify_company(internship, lambda: _("%(student)s logged an internship at your company "
                                 "(%(title)s) — please confirm or dispute it.",
                                 student=student_name(internship), title=internship.title),
                   endpoint="internships.detail")
    if internship.supervisor_email and not confirmation.company_confirms_itself(internship):
        confirmation.mail_supervisor(internship)


def log_internship(*, student: StudentProfile, details: InternshipDetails) -> Internship:
    """A student logs an internship found elsewhere; it waits for the company's confirmation."""
    details = validation.clean_details(details)
    validation.check_details(student=student, details=details)
    internship = Internship(student=student, student_id=student.id, status="pending",
                            source="logged")
    _apply(internship, details)
    db.session.add(internship)
    db.session.flush()
    record_audit("internship.log", target=internship, details=_snapshot(internship))
    _ask_for_confirmation(internship)
    return internship


def _require_editable(internship: Internship) -> None:
    if internship.source != "logged" or internship.status != "pending":
        raise DomainError(_("Only an internship you logged that is still pending confirmation "
                            "can be changed or deleted."))


def update_logged_internship(*, internship: Internship,
                             details: InternshipDetails) -> Internship:
    """The student corrects their pending logged internship (audited with before/after)."""
    _require_editable(internship)
    details = validation.clean_details(details)
    validation.check_details(student=internship.student, details=details, exclude_id=internship.id)
    before = _snapshot(internship)
    _apply(internship, details)
    db.session.flush()
    after = _snapshot(internship)
    record_audit("internship.update", target=internship,
                 details={"before": before, "after": after})
    if (after["company_id"], after["supervisor_email"]) != (before["company_id"],
                                                             before["supervisor_email"]):
        # A new company or supervisor must be asked again; an old link dies with the old e-mail.
        _ask_for_confirmation(internship)
    return internship


def delete_logged_internship(*, internship: Internship) -> None:
    """The student deletes their pending logged internship (audited with what it was)."""
    _require_editable(internship)
    record_audit("internship.delete", target=internship, details=_snapshot(internship))
    db.session.delete(internship)
    db.session.flush()


def transition_internship(*, internship: Internship, action: str, side: str,
                          actor: User | None, reason: str | None = None) -> Internship:
    """Move an internship along TRANSITIONS; audited and notified to the other side."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise DomainError(_("Unknown action."))
    if side not in rule.sides:
        raise DomainError(_("You cannot do that to this internship."))
    if internship.status not in rule.sources:
        raise DomainError(_("This internship is %(status)s, so it cannot be changed that way.",
                            status=label(INTERNSHIP_STATUSES, internship.status)))
    if side == "company" and internship.company and internship.company.vetting_status \
            == "suspended":
        raise DomainError(_("Your company is suspended on Talent Foundry; contact the "
                            "programme team."))
    reason = (reason or "").strip() or None
    if rule.needs_reason and not reason:
        raise DomainError(_("Say why you dispute this internship."), field="reason")
    before = internship.status
    internship.status = rule.target
    now = utcnow()
    if rule.target == "confirmed":
        internship.confirmed_at = now
        internship.confirmed_by_id = actor.id if actor else None
    elif rule.target == "disputed":
        internship.dispute_reason = reason[:500] if reason else None
    elif rule.target in ("completed", "ended_early"):
        internship.completed_at = now
    db.session.flush()
    details = {"from": before, "to": rule.target, "side": side}
    if reason:
        details["reason"] = reason
    if side == "supervisor":
        details["supervisor_email"] = internship.supervisor_email
    record_audit(f"internship.{action}", target=internship, actor=actor, details=details)
    _tell_other_side(internship, side=side, status=rule.target)
    return internship


def _tell_other_side(internship: Internship, *, side: str, status: str) -> None:
    """Notify whoever did not act; a finished internship asks the company for feedback."""

    def message() -> str:  # composed in each recipient's language
        return _("The internship %(title)s (%(student)s at %(company)s) is now %(status)s.",
                 title=internship.title, student=student_name(internship),
                 company=internship.employer_name, status=label(INTERNSHIP_STATUSES, status))

    if side != "student":
        notify_student(internship, message, endpoint="internships.detail")
    if status in ("completed", "ended_early"):
        notify_company(internship, lambda: _(
            "%(student)s's internship (%(title)s) has ended: please give your skills feedback.",
            student=student_name(internship), title=internship.title),
                       endpoint="feedback.edit")
    elif side in ("student", "admin"):
        notify_company(internship, message, endpoint="internships.detail")


def link_company(*, internship: Internship, company: Company) -> Internship:
    """An admin links an internship logged under a free-text name to a directory company."""
    if internship.company_id is not None:
        raise DomainError(_("This internship is already linked to %(company)s.",
                            company=internship.employer_name), field="company_id")
    typed = internship.company_name
    internship.company = company
    internship.company_id = company.id
    internship.company_name = None  # the typed name stays in the audit trail
    db.session.flush()
    record_audit("internship.link_company", target=internship,
                 details={"company_name": typed, "company_id": company.id})
    if internship.status == "pending":
        notify_company(internship, lambda: _("%(student)s logged an internship at your company "
                                     "(%(title)s) — please confirm or dispute it.",
                                     student=student_name(internship),
                                     title=internship.title),
                       endpoint="internships.detail")
    return internship


def vouch_by_supervisor(*, internship: Internship) -> None:
    """A supervisor outside the company's own domains confirmed by link: the internship stays
    pending and joins the admins' review queue, with the evidence kept in the audit trail."""
    if internship.status != "pending" or internship.supervisor_confirmed_at is not None:
        raise DomainError(_("This internship is not waiting for its supervisor."))
    internship.supervisor_confirmed_at = utcnow()
    record_audit("internship.supervisor_vouched", target=internship, details={
        "supervisor_email": internship.supervisor_email,
        "company_domains": sorted(company_email_domains(internship.company))
        if internship.company else []})
    notify_student(internship, _("Your supervisor confirmed the internship %(title)s. The "
                                 "programme team reviews it before it counts.",
                                 title=internship.title), endpoint="internships.detail")
