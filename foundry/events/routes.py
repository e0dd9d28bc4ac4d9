"""Event pages for students: upcoming events, details, register/cancel, own registration + QR.

The admin pages (create/edit, attendance, check-in) live in foundry.events.admin_routes on the
same blueprint."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from foundry.common.errors import DomainError
from foundry.events import queries, services
from foundry.events.programme_cache import event_sidebar, install_invalidation, programme_html
from foundry.events.qr import qr_svg
from foundry.events.timetable import Filters
from foundry.extensions import db
from foundry.models import Event
from foundry.models.base import utcnow
from foundry.permissions import (
    TALENT_ROLES,
    can_register_for_event,
    can_see_event,
    get_or_404,
    is_external,
    role_required,
    student_of,
)

bp = Blueprint("events", __name__, url_prefix="/events")
bp.record_once(install_invalidation)  # cached programmes follow session and booking writes

PER_PAGE = 20
POSITIONS_SHOWN = 10  # on the event page; the event's Talent Pool page lists them all


def require_participant(event: Event) -> None:
    """403 with a clear message for someone who may not take part in the event (external
    talent at an event for the partner universities' students)."""
    if not can_register_for_event(current_user, event):
        abort(403, description=_("This event is for students of the partner universities "
                                 "only."))


def _student():
    """The signed-in student's profile (404 for a student account without one)."""
    student = student_of(current_user)
    if student is None:
        abort(404)
    return student


@bp.get("/")
@role_required(*TALENT_ROLES, "company", "admin")
def index():
    """Upcoming events with places left and the participant's own registrations (external
    talent see the events open to everyone)."""
    page = db.paginate(queries.upcoming_events_stmt(open_only=is_external(current_user)),
                       page=request.args.get("page", 1, type=int), per_page=PER_PAGE,
                       error_out=False)
    ids = [event.id for event in page.items]
    student = student_of(current_user)
    mine = queries.registrations_of_student(student.id, ids) if student else {}
    return render_template("events/index.html", page=page, mine=mine,
                           counts=queries.registration_counts(ids))


@bp.get("/<int:event_id>")
@role_required(*TALENT_ROLES, "company", "admin")
def detail(event_id: int):
    """One event: when, where, its programme as a day timetable (filtered by kind, cluster and
    mode, Hong Kong time), companies, places left, register/cancel, book sessions."""
    event = get_or_404(Event, event_id)
    registration = queries.registration_for(current_user, event.id)
    filters = Filters.from_args(request.args)
    now = utcnow()
    companies, positions, positions_count = event_sidebar(
        event.id, open_only=is_external(current_user), limit=POSITIONS_SHOWN)
    return render_template(
        "events/detail.html", event=event, registration=registration, now=now,
        taken=queries.registration_count(event.id), filters=filters,
        programme_body=programme_html(event.id, filters, registration, now),
        may_register=can_register_for_event(current_user, event),
        not_for_me=not can_see_event(current_user, event),
        companies=companies, positions=positions, positions_count=positions_count)


@bp.post("/<int:event_id>/register")
@role_required(*TALENT_ROLES)
def register(event_id: int):
    """Register for the event (registering twice keeps the first registration)."""
    event = get_or_404(Event, event_id)
    require_participant(event)
    student = _student()
    try:
        _registration, created = services.register_for_event(student=student, event=event)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("events.detail", event_id=event.id))
    except IntegrityError:  # the same student registering twice at the same instant
        db.session.rollback()
        created = False
    if created:
        flash(_("You are registered. Show this code at the entrance."), "success")
    else:
        flash(_("You were already registered for this event."), "info")
    return redirect(url_for("events.my_registration", event_id=event.id))


@bp.post("/<int:event_id>/cancel")
@role_required(*TALENT_ROLES)
def cancel(event_id: int):
    """Cancel the student's registration, freeing the place."""
    event = get_or_404(Event, event_id)
    student = _student()
    try:
        cancelled = services.cancel_registration(student=student, event=event)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("events.detail", event_id=event.id))
    flash(_("Your registration is cancelled.") if cancelled
          else _("You were not registered for this event."), "info")
    return redirect(url_for("events.detail", event_id=event.id))


@bp.get("/<int:event_id>/registration")
@role_required(*TALENT_ROLES)
def my_registration(event_id: int):
    """The student's registration: the check-in code as text and as a QR code."""
    event = get_or_404(Event, event_id)
    registration = queries.registration_of(_student().id, event.id)
    if registration is None:
        flash(_("You are not registered for this event."), "info")
        return redirect(url_for("events.detail", event_id=event.id))
    return render_template("events/my_registration.html", event=event, now=utcnow(),
                           registration=registration,
                           code=services.format_code(registration.code))


@bp.get("/<int:event_id>/registration/qr.svg")
@role_required(*TALENT_ROLES)
def qr(event_id: int):
    """The student's own check-in code as an SVG QR code (never cached by shared caches)."""
    event = get_or_404(Event, event_id)
    registration = queries.registration_of(_student().id, event.id)
    if registration is None:
        abort(404)
    svg = qr_svg(registration.code, title=_("Check-in code %(code)s",
                                            code=services.format_code(registration.code)))
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response


# The other views on this blueprint register themselves on import.
from foundry.events import (  # noqa: E402
    admin_routes,  # noqa: F401
    company_routes,  # noqa: F401
    programme_routes,  # noqa: F401
    report_routes,  # noqa: F401
    session_routes,  # noqa: F401
)
