"""The stages of a programme application: one transition table, single and bulk moves,
forwarding into the companies' pipelines, following what the companies do, and telling the
applicant (in-app and by mail, in their language) each time.

submitted → screened (longlist) → forwarded → interviewing → offered → accepted / declined;
rejected (with a reason category) from any open stage. HKSTP moves an application up to
forwarded and may reject it; interviewing, offered, accepted and declined follow the forwarded
applications in the companies' pipelines (see `follow_pipeline`)."""

from __future__ import annotations

from flask import has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.common.mail import in_language_of, recipient_locale
from foundry.common.notify import notify
from foundry.extensions import db
from foundry.models import Application, ProgrammeApplication, ProgrammeStageChange, User
from foundry.models.base import utcnow
from foundry.models.choices import (
    APPLICATION_CLOSED,
    PROGRAMME_FINAL,
    PROGRAMME_REJECTION_REASONS,
    PROGRAMME_STAGES,
    label,
    values,
)

# THE table of what HKSTP staff may do: from stage → stages.
STAFF_MOVES: dict[str, frozenset[str]] = {
    "submitted": frozenset({"screened", "rejected"}),
    "screened": frozenset({"forwarded", "rejected", "submitted"}),
    "forwarded": frozenset({"rejected"}),
    "interviewing": frozenset({"rejected"}),
    "offered": frozenset({"rejected"}),
}
BULK_TARGETS = ("screened", "forwarded", "rejected")
# A forwarded application's pipeline status → the programme stage it implies (furthest wins).
PIPELINE_STAGE = {"interview": "interviewing", "offered": "offered", "accepted": "accepted"}
ORDER = {stage: i for i, stage in enumerate(values(PROGRAMME_STAGES))}


def stage_label(stage: str) -> str:
    """The display label of a stage."""
    return label(PROGRAMME_STAGES, stage)


def allowed_moves(stage: str) -> frozenset[str]:
    """Stages staff may move an application in `stage` to."""
    return STAFF_MOVES.get(stage, frozenset())


def record_stage(*, application: ProgrammeApplication, from_stage: str | None, to: str,
                 actor: User | None, details: dict | None = None) -> ProgrammeStageChange:
    """Log a stage entered (the report's funnel and time in stage read this log)."""
    change = ProgrammeStageChange(application_id=application.id, from_stage=from_stage,
                                  to_stage=to, changed_at=utcnow(),
                                  actor_id=getattr(actor, "id", None), details=details)
    db.session.add(change)
    return change


def _enter(application: ProgrammeApplication, to: str, *, actor: User | None,
           reason: str | None = None, messages: dict | None = None) -> None:
    """Set the stage, log it, audit it and tell the applicant."""
    previous = application.stage
    now = utcnow()
    application.stage = to
    application.stage_changed_at = application.updated_at = now
    application.rejection_reason = reason if to == "rejected" else None
    details = {"reason": reason} if reason else None
    record_stage(application=application, from_stage=previous, to=to, actor=actor,
                 details=details)
    record_audit(f"programme_application.{to}", target=application, actor=actor,
                 details={"from": previous, "to": to, **(details or {})})
    tell_applicant(application, messages)


def tell_applicant(application: ProgrammeApplication, messages: dict | None = None) -> None:
    """In-app notice and mail to the applicant, in their own language (`messages` keeps the
    text of each language across a bulk action)."""
    user = application.student.user
    if user is None:
        return
    key = (recipient_locale(user), application.programme_id, application.stage,
           application.rejection_reason)
    message = (messages or {}).get(key)
    if message is None:
        with in_language_of(user):
            message = _("%(programme)s: your application is now at the stage “%(stage)s”.",
                        programme=application.programme.name,
                        stage=stage_label(application.stage))
            if application.stage == "rejected" and application.rejection_reason:
                message += " " + _("Reason: %(reason)s.", reason=label(
                    PROGRAMME_REJECTION_REASONS, application.rejection_reason))
        if messages is not None:
            messages[key] = message
    link = (url_for("programmes.my_application", programme_id=application.programme_id)
            if has_request_context() else None)
    notify(user=user, message=message, link=link, email=True)


def _check(application: ProgrammeApplication, to: str, reason: str | None) -> None:
    if to not in allowed_moves(application.stage):
        raise DomainError(_("An application at the stage “%(old)s” cannot be moved to "
                            "“%(new)s”.", old=stage_label(application.stage),
                            new=stage_label(to)))
    if to == "rejected" and reason not in values(PROGRAMME_REJECTION_REASONS):
        raise DomainError(_("Choose the reason for the rejection."), field="reason")


def move_stage(*, application: ProgrammeApplication, to: str, actor: User,
               reason: str | None = None) -> bool:
    """Move one application along STAFF_MOVES; False when it already was there."""
    return bulk_move(applications=[application], to=to, actor=actor, reason=reason,
                     single=True) == 1


def bulk_move(*, applications: list[ProgrammeApplication], to: str, actor: User,
              reason: str | None = None, single: bool = False) -> int:
    """Move many applications in one transaction: all of them or none (the caller rolls back
    on error). Those already at `to` are left alone, so a double click changes nothing."""
    if not single and to not in BULK_TARGETS:
        raise DomainError(_("Only longlist, forward and reject can be done in bulk."))
    if not applications:
        raise DomainError(_("Select at least one application."))
    moving = [a for a in applications if a.stage != to]
    refused = [a for a in moving if to not in allowed_moves(a.stage)]
    if refused and single:
        _check(refused[0], to, reason)
    if refused:
        raise DomainError(_("Nothing was changed: %(n)s selected application(s) cannot be moved "
                            "to “%(stage)s” from their stage (e.g. #%(id)s, %(old)s).",
                            n=len(refused), stage=stage_label(to), id=refused[0].id,
                            old=stage_label(refused[0].stage)))
    for application in moving:
        _check(application, to, reason)
    if to == "forwarded" and moving:
        forward(applications=moving, actor=actor)
    messages: dict = {}
    for application in moving:
        _enter(application, to, actor=actor, reason=reason, messages=messages)
    db.session.flush()
    return len(moving)


def forward(*, applications: list[ProgrammeApplication], actor: User) -> None:
    """Put each application into the pipeline of each preferred position's company (an
    application tagged with the programme); a live application the person already made to
    that position is linked instead. A few queries for the whole batch."""
    from foundry.applications.services import create_forwarded_applications

    todo = [p for a in applications for p in a.preferences
            if p.forwarded_application_id is None]
    students = {a.student_id for a in applications}
    live = {(a.student_id, a.position_id): a for a in db.session.scalars(
        select(Application).where(Application.student_id.in_(students),
                                  Application.status.not_in(APPLICATION_CLOSED)))}
    pairs, targets = [], []
    for preference in todo:
        application = preference.application
        existing = live.get((application.student_id, preference.position_id))
        if existing is not None:
            if existing.programme_application_id is None:
                existing.programme_application_id = application.id
            preference.forwarded = existing
            continue
        position = preference.position
        if position.status == "open" and position.company.is_verified:
            pairs.append((application, position))
            targets.append(preference)
    stranded = [a for a in applications if not any(
        p.forwarded is not None or p in targets for p in a.preferences)]
    if stranded:
        raise DomainError(_("Nothing was changed: none of the positions chosen in application "
                            "#%(id)s is open any more.", id=stranded[0].id))
    for preference, created in zip(
            targets, create_forwarded_applications(pairs=pairs, actor=actor), strict=True):
        preference.forwarded = created


def follow_pipeline(application: Application) -> None:
    """A forwarded application moved in a company's pipeline: the programme application
    follows (interviewing, offered, accepted; declined or rejected once every forwarded
    application has ended)."""
    programme_application = application.programme_application
    if programme_application is None or programme_application.stage in PROGRAMME_FINAL:
        return
    statuses = [p.forwarded.status for p in programme_application.preferences
                if p.forwarded is not None]
    if application.status == "accepted":
        target, reason = "accepted", None
    elif statuses and all(s in APPLICATION_CLOSED for s in statuses):
        declined = "declined" in statuses
        target = "declined" if declined else "rejected"
        reason = None if declined else "company"
    else:
        furthest = max((PIPELINE_STAGE[s] for s in statuses if s in PIPELINE_STAGE),
                       key=ORDER.get, default=None)
        if furthest is None or ORDER[furthest] <= ORDER[programme_application.stage]:
            return
        target, reason = furthest, None
    if target != programme_application.stage:
        _enter(programme_application, target, actor=None, reason=reason)
