"""After the event: the feedback survey, and the event report (page, printable, CSV) — whole
for admins, a company's own part for its members. Also the walk-in desk of check-in."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.events import feedback as feedback_services
from foundry.events.attendance import register_walk_in
from foundry.events.report import event_report, report_csv_rows
from foundry.events.routes import bp
from foundry.events.sessions import approved_participation
from foundry.exports.csv import csv_response
from foundry.extensions import db
from foundry.models import Event, StudentProfile
from foundry.permissions import (
    TALENT_ROLES,
    company_id_of,
    get_or_404,
    is_admin,
    require,
    role_required,
)


def _report_scope(event: Event) -> int | None:
    """None for an admin (the whole report); the company id of a participating company."""
    if is_admin(current_user):
        return None
    company_id = company_id_of(current_user)
    require(company_id is not None and approved_participation(event.id, company_id) is not None)
    return company_id


@bp.get("/<int:event_id>/report")
@role_required("admin", "company")
def report(event_id: int):
    """The event report (printable); a company sees its own sessions and positions only."""
    event = get_or_404(Event, event_id)
    company_id = _report_scope(event)
    return render_template("events/report.html", event=event, whole=company_id is None,
                           report=event_report(event, company_id=company_id))


@bp.get("/<int:event_id>/report.csv")
@role_required("admin", "company")
def report_csv(event_id: int):
    """The report as CSV (audited)."""
    event = get_or_404(Event, event_id)
    company_id = _report_scope(event)
    rows = report_csv_rows(event, event_report(event, company_id=company_id),
                           whole=company_id is None)
    record_audit("export.event_report", target=event, details={"company_id": company_id})
    db.session.commit()
    return csv_response(f"event-{event.id}-report", rows[0], rows[1:])


def _answers(sessions) -> tuple[dict, dict]:
    """Ratings and comments from the form; errors by field name."""
    answers, errors = {}, {}
    for key, session_id in [("overall", None)] + [(f"s{s.id}", s.id) for s in sessions]:
        raw = request.form.get(f"rating-{key}", "")
        comment = request.form.get(f"comment-{key}", "")[:2000]
        if not raw:
            if comment.strip():
                errors[key] = _("Choose a rating to go with the comment.")
            continue
        if raw not in ("1", "2", "3", "4", "5"):
            errors[key] = _("Ratings go from 1 to 5.")
            continue
        answers[session_id] = (int(raw), comment)
    return answers, errors


@bp.route("/<int:event_id>/feedback", methods=["GET", "POST"])
@role_required(*TALENT_ROLES, "company")
def feedback(event_id: int):
    """The short survey: a rating and comment per session taken part in, and overall."""
    event = get_or_404(Event, event_id)
    sessions = feedback_services.sessions_to_rate(current_user, event)
    if sessions is None:
        flash(_("Only participants and the companies taking part give feedback on this event."),
              "info")
        return redirect(url_for("events.detail", event_id=event.id))
    errors: dict = {}
    if request.method == "POST":
        answers, errors = _answers(sessions)
        if not answers and not errors:
            errors["overall"] = _("Rate at least the event overall.")
        if not errors:
            try:
                feedback_services.save_feedback(user=current_user, event=event,
                                                answers=answers, allowed=sessions)
                db.session.commit()
            except DomainError as error:
                db.session.rollback()
                flash(str(error), "danger")
            else:
                flash(_("Thank you for your feedback."), "success")
                return redirect(url_for("events.feedback", event_id=event.id))
    return render_template("events/feedback.html", event=event, sessions=sessions,
                           errors=errors, form=request.form if errors else None,
                           given=feedback_services.existing_feedback(current_user, event)), \
        (400 if errors else 200)


@bp.post("/<int:event_id>/walk-in")
@role_required("admin")
def walk_in(event_id: int):
    """Register a student who arrived at the venue and check them in, in one step."""
    event = get_or_404(Event, event_id)
    student = db.session.get(StudentProfile, request.form.get("student_id", type=int) or 0)
    q = request.form.get("q", "")[:100]
    if student is None:
        flash(_("Choose a student from the search results."), "danger")
        return redirect(url_for("events.checkin", event_id=event.id, q=q or None))
    try:
        register_walk_in(event=event, student=student, staff=current_user)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        name = student.user.full_name if student.user else _("(identity removed)")
        flash(_("%(name)s is registered and checked in.", name=name), "success")
    return redirect(url_for("events.checkin", event_id=event.id, q=q or None))
