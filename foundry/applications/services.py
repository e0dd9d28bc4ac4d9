"""Writes on applications: applying, the one transition table, bulk moves, accepted offers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import BinaryIO

from flask import has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from foundry.applications import cv, cv_library
from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.common.notify import Message, notify
from foundry.companies.services import ensure_company_can_act
from foundry.extensions import db
from foundry.models import Application, CvFile, Internship, Position, StudentProfile, User
from foundry.models.base import utcnow
from foundry.models.choices import (
    APPLICATION_CLOSED,
    APPLICATION_STATUSES,
    REJECTION_REASONS,
    TALENT_ROLES,
    label,
    values,
)

# THE transition table: actor → {from status → statuses that actor may move it to}.
# Companies run the pipeline and may reject at any open step; students withdraw until they
# accept an offer, and accept or decline one. Nothing leaves accepted, declined, rejected or
# withdrawn.
OPEN_STEPS = ("submitted", "shortlisted", "interview", "offered")
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    "company": {
        "submitted": frozenset({"shortlisted", "rejected"}),
        "shortlisted": frozenset({"interview", "rejected"}),
        "interview": frozenset({"offered", "rejected"}),
        "offered": frozenset({"rejected"}),
    },
    "student": {
        "submitted": frozenset({"withdrawn"}),
        "shortlisted": frozenset({"withdrawn"}),
        "interview": frozenset({"withdrawn"}),
        "offered": frozenset({"accepted", "declined", "withdrawn"}),
    },
    # The lapse job (applications.offers): an offer not accepted by its reply-by date.
    "system": {
        "offered": frozenset({"declined"}),
    },
}


# A student may take a withdrawal back for this long (the company was told; it is told again).
UNDO_WITHDRAWAL_MINUTES = 5


def allowed_moves(*, actor_role: str, status: str) -> frozenset[str]:
    """Statuses an actor of this role may move an application in `status` to."""
    return TRANSITIONS.get(actor_role, {}).get(status, frozenset())


def status_label(status: str) -> str:
    """The display label of an application status."""
    return label(APPLICATION_STATUSES, status)


def apply_to_position(*, student: StudentProfile, position: Position, note: str | None,
                      cv_stream: BinaryIO | None = None, cv_filename: str | None = None,
                      cv_entry: CvFile | None = None) -> tuple[Application, bool]:
    """Apply with a note and a CV: one of the student's library (cv_entry, its file shared) or
    a new PDF (kept in the library too while it has room); returns (application, created).
    Applying again while an application is live returns that one unchanged (a double
    submission is harmless)."""
    existing = db.session.scalar(select(Application).where(
        Application.student_id == student.id, Application.position_id == position.id,
        Application.status.not_in(APPLICATION_CLOSED)))
    if existing is not None:
        return existing, False
    if position.status != "open" or not position.company.is_verified:
        raise DomainError(_("This position is not open for applications."))
    ensure_may_apply(student=student, position=position)
    if position.deadline and position.deadline < date.today():
        raise DomainError(_("The deadline for this position has passed."))
    if cv_entry is None and cv_stream is not None and cv_library.has_room(student):
        cv_entry = cv_library.add_cv(student=student, stream=cv_stream, filename=cv_filename,
                                     label=None, actor=student.user)
    application = Application(student=student, position=position, status="submitted",
                              note=(note or "").strip() or None, submitted_at=utcnow())
    if cv_entry is not None:
        if cv_entry.student_id != student.id:
            raise DomainError(_("Choose one of your own CVs."), field="cv")
        application.cv_file_id = cv_entry.id
        application.cv_path, application.cv_filename = cv_entry.storage_key, cv_entry.filename
    elif cv_stream is not None:  # the library is full: this CV goes with the application only
        application.cv_filename = cv.display_name(cv_filename)
        application.cv_path = cv.store_cv(cv.read_pdf(cv_stream))
    else:
        raise DomainError(_("Attach your CV as a PDF."), field="cv")
    db.session.add(application)
    try:
        db.session.flush()
    except Exception:
        if cv_entry is None:
            cv.remove_cv(application.cv_path)
        raise
    record_audit("application.submitted", target=application, actor=student.user,
                 details={"position_id": position.id})
    notify_company(application, lambda: _("New application from %(name)s for %(title)s.",
                                           name=student_name(application),
                                           title=position.title))
    return application, True


def ensure_may_apply(*, student: StudentProfile, position: Position) -> None:
    """External talent apply only to positions open to everyone."""
    if student.external is not None and position.audience != "open":
        raise DomainError(_("This position is for students of the partner universities only."))


def move_application(*, application: Application, to: str, actor: User,
                     reason: str | None = None) -> bool:
    """Move an application along the table for the actor's role; time-stamped, audited and
    notified to the other side. Returns False when it already was there (a repeated click)."""
    if application.status == to:
        return False
    role = "student" if actor.role in TALENT_ROLES else "company"
    if to not in allowed_moves(actor_role=role, status=application.status):
        raise DomainError(_("An application that is %(old)s cannot be moved to %(new)s.",
                            old=status_label(application.status), new=status_label(to)))
    if role == "company":
        ensure_company_can_act(application.position.company)
    if to == "accepted":
        from foundry.applications.offers import ensure_offer_open  # offers builds on this

        ensure_offer_open(application)
    if to == "rejected" and role == "company":
        if reason not in values(REJECTION_REASONS):
            raise DomainError(_("Choose why the applicant is not taken further: the reason is "
                                "kept for the programme's figures and never shown to the "
                                "student."), field="reason")
        application.rejection_reason = reason
    previous = application.status
    now = utcnow()
    application.status = to
    if to == "withdrawn":
        application.withdrawn_from = previous
    setattr(application, f"{to}_at", now)
    application.updated_at = now
    details = {"from": previous, "to": to, "position_id": application.position_id}
    if to == "rejected" and application.rejection_reason:
        details["reason"] = application.rejection_reason
    record_audit(f"application.{to}", target=application, actor=actor, details=details)
    if to == "accepted" and application.position.kind == "internship":
        create_internship_from_offer(application=application)
    if application.programme_application_id is not None:
        # Imported here: the programme stages import this module to forward applications.
        from foundry.programmes.stages import follow_pipeline

        follow_pipeline(application)

    if role == "company":
        if application.student.user is not None:
            notify(user=application.student.user,
                   message=lambda: _move_message(application, to),
                   link=link("applications.mine"), email=True)
    else:
        notify_company(application, lambda: _move_message(application, to))
    db.session.flush()
    return True


def can_undo_withdrawal(application: Application, *, now: datetime | None = None) -> bool:
    """Whether the withdrawal of this application may still be taken back."""
    if application.status != "withdrawn" or not application.withdrawn_from:
        return False
    if application.withdrawn_at is None:
        return False
    window = timedelta(minutes=UNDO_WITHDRAWAL_MINUTES)
    return (now or utcnow()) - application.withdrawn_at <= window


def undo_withdrawal(*, application: Application, actor: User) -> None:
    """Put a just-withdrawn application back where it was (within UNDO_WITHDRAWAL_MINUTES)."""
    if not can_undo_withdrawal(application):
        raise DomainError(_("This withdrawal can no longer be undone (only within %(n)s "
                            "minutes). Apply again if the position is still open.",
                            n=UNDO_WITHDRAWAL_MINUTES))
    live = db.session.scalar(select(Application.id).where(
        Application.student_id == application.student_id,
        Application.position_id == application.position_id,
        Application.status.not_in(APPLICATION_CLOSED), Application.id != application.id))
    if live is not None:
        raise DomainError(_("You have applied to this position again since; that application "
                            "stands."))
    restored = application.withdrawn_from or "submitted"
    application.status = restored
    application.withdrawn_at = None
    application.withdrawn_from = None
    application.updated_at = utcnow()
    record_audit("application.withdrawal_undone", target=application, actor=actor,
                 details={"to": restored, "position_id": application.position_id})
    notify_company(application, _("%(name)s took back the withdrawal of the application for "
                                   "%(title)s; it is %(status)s again.",
                                   name=student_name(application),
                                   title=application.position.title,
                                   status=status_label(restored).lower()))
    db.session.flush()


def _move_message(application: Application, to: str) -> str:
    """The notice of a move, in words the other side reads as a sentence."""
    values = {"title": application.position.title, "company": application.position.company.name,
              "name": student_name(application)}
    messages = {
        "shortlisted": _("You are on the shortlist for %(title)s at %(company)s.", **values),
        "interview": _("%(company)s invites you to an interview for %(title)s.", **values),
        "offered": _("%(company)s offers you the position %(title)s. Accept or decline it on "
                     "My applications.", **values) + _offer_terms(application),
        "rejected": _("%(company)s will not take your application for %(title)s further.",
                      **values),
        "withdrawn": _("%(name)s withdrew their application for %(title)s.", **values),
        "accepted": _("%(name)s accepted your offer for %(title)s.", **values),
        "declined": _("%(name)s declined your offer for %(title)s.", **values),
    }
    return messages[to]


def _offer_terms(application: Application) -> str:
    from foundry.applications.offers import describe_terms  # offers builds on this module

    terms = describe_terms(application)
    return " " + terms if terms else ""


def create_forwarded_applications(*, pairs: list, actor: User) -> list[Application]:
    """A programme forwards applications into positions' pipelines, given as (programme
    application, position) pairs: the statement is the note, the programme application's CV is
    shared; each company is told once, with how many it received (one flush for all)."""
    now = utcnow()
    created = [Application(student_id=pa.student_id, position=position, status="submitted",
                           note=pa.statement, cv_path=pa.cv_path, cv_filename=pa.cv_filename,
                           submitted_at=now, updated_at=now, programme_application_id=pa.id)
               for pa, position in pairs]
    db.session.add_all(created)
    db.session.flush()
    per_company: dict[int, list[Application]] = {}
    for application, (pa, position) in zip(created, pairs, strict=True):
        record_audit("application.forwarded", target=application, actor=actor,
                     details={"position_id": position.id, "programme_application_id": pa.id})
        per_company.setdefault(position.company_id, []).append(application)
    for applications in per_company.values():
        company = applications[0].position.company
        programme = pairs[0][0].programme.name
        count = len(applications)

        def message(programme=programme, count=count) -> str:  # in each member's language
            return _("%(programme)s forwarded %(n)s application(s) to your positions.",
                     programme=programme, n=count)

        target = link("applications.pipeline")
        for member in company.members:
            notify(user=member.user, message=message, link=target, email=True)
    return created


def bulk_move(*, applications: list[Application], to: str, actor: User,
              reason: str | None = None) -> int:
    """Move several applications at once: all of them, or none with the reason (the caller
    rolls back on error). Returns how many changed."""
    if to not in ("shortlisted", "rejected"):
        raise DomainError(_("Only shortlist and reject can be done for several applicants."))
    if not applications:
        raise DomainError(_("Select at least one applicant."))
    refused = [a for a in applications if a.status != to and to not in
               allowed_moves(actor_role="company", status=a.status)]
    if refused:
        names = ", ".join(f"{student_name(a)} ({status_label(a.status)})" for a in refused)
        raise DomainError(_("Nothing was changed: these applicants cannot be moved to "
                            "%(status)s: %(names)s.", status=status_label(to), names=names))
    return sum(move_application(application=a, to=to, actor=actor, reason=reason)
               for a in applications)


def create_internship_from_offer(*, application: Application) -> Internship:
    """The confirmed internship an accepted offer for an internship position creates."""
    existing = db.session.scalar(select(Internship)
                                 .where(Internship.application_id == application.id))
    if existing is not None:
        return existing
    position = application.position
    # The offer's terms, where recorded, win over the position's advertised dates and pay.
    start = application.offer_start_date or position.start_date or date.today()
    end = position.end_date if position.end_date and position.end_date >= start \
        else start + timedelta(days=90)
    stipend = (position.pay_min if position.paid and position.pay_period == "month" else None)
    if application.offer_pay_period is not None:
        stipend = application.offer_amount if application.offer_pay_period == "month" else None
    internship = Internship(
        student_id=application.student_id, company_id=position.company_id,
        position_id=position.id, application_id=application.id, title=position.title,
        start_date=start, end_date=end, hours_per_week=40,
        paid=position.paid if application.offer_amount is None else application.offer_amount > 0,
        stipend_monthly=stipend or None,
        mode=position.mode, site=position.site, status="confirmed", source="offer",
        confirmed_at=utcnow())
    db.session.add(internship)
    db.session.flush()
    record_audit("internship.confirmed", target=internship,
                 details={"source": "offer", "application_id": application.id})
    return internship


def student_name(application: Application) -> str:
    """The applicant's name as the company sees it (erased students have none)."""
    user = application.student.user
    return user.full_name if user is not None else _("Former student")


def link(endpoint: str, **values) -> str | None:
    """A notification's link, when there is a request to build it from."""
    return url_for(endpoint, **values) if has_request_context() else None


def notify_company(application: Application, message: Message) -> None:
    """Tell every member of the position's company (each in their language)."""
    target = link("applications.detail", application_id=application.id)
    for member in application.position.company.members:
        notify(user=member.user, message=message, link=target, email=True)
