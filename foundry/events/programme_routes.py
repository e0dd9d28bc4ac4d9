"""Participants' programme pages: book and cancel sessions (waiting list), join online through
the app, the personal agenda and its .ics file, and the event's Talent Pool."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from foundry.common.errors import DomainError
from foundry.events import booking as booking_services
from foundry.events import queries, timetable
from foundry.events.attendance import join_link_open, join_online, may_join
from foundry.events.calendar import agenda_ics
from foundry.events.routes import bp, require_participant
from foundry.extensions import db
from foundry.models import Event, EventSession
from foundry.models.base import utcnow
from foundry.models.choices import CLUSTERS
from foundry.permissions import TALENT_ROLES, get_or_404, is_admin, is_external, role_required


def load_session(event_id: int, session_id: int) -> tuple[Event, EventSession]:
    """The event and one of its sessions, or 404 (a session id of another event is a 404)."""
    event = get_or_404(Event, event_id)
    session = db.session.get(EventSession, session_id)
    if session is None or session.event_id != event.id:
        abort(404)
    return event, session


def _back(event: Event, session: EventSession):
    """Back to the timetable (filters kept) at the session's row."""
    keep = {k: v for k, v in request.form.items() if k in ("kind", "cluster", "mode") and v}
    target = request.form.get("back") == "agenda"
    url = url_for("events.agenda", event_id=event.id) if target else \
        url_for("events.detail", event_id=event.id, **keep)
    return redirect(f"{url}#s{session.id}")


@bp.post("/<int:event_id>/sessions/<int:session_id>/book")
@role_required(*TALENT_ROLES)
def book(event_id: int, session_id: int):
    """Book a session (or join its waiting list when it is full)."""
    event, session = load_session(event_id, session_id)
    require_participant(event)
    registration = queries.registration_for(current_user, event.id)
    try:
        booking, created = booking_services.book_session(registration=registration,
                                                         session=session)
        status = booking.status
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return _back(event, session)
    if not created:
        flash(_("You have already booked “%(title)s”.", title=session.title), "info")
    elif status == "booked":
        flash(_("Booked: “%(title)s”.", title=session.title), "success")
    else:
        flash(_("“%(title)s” is full: you are on the waiting list and will be told if a place "
                "comes free.", title=session.title), "warning")
    return _back(event, session)


@bp.post("/<int:event_id>/sessions/<int:session_id>/cancel")
@role_required(*TALENT_ROLES)
def unbook(event_id: int, session_id: int):
    """Cancel a booking or waiting-list place (until the session starts)."""
    event, session = load_session(event_id, session_id)
    registration = queries.registration_for(current_user, event.id)
    try:
        cancelled = booking_services.cancel_booking(registration=registration, session=session)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return _back(event, session)
    flash(_("Your booking of “%(title)s” is cancelled.", title=session.title) if cancelled
          else _("You had not booked “%(title)s”.", title=session.title), "info")
    return _back(event, session)


@bp.post("/<int:event_id>/sessions/<int:session_id>/join")
@role_required(*TALENT_ROLES)
def join(event_id: int, session_id: int):
    """Open an online session's link through the app (which counts the attendance)."""
    event, session = load_session(event_id, session_id)
    registration = queries.registration_for(current_user, event.id)
    try:
        url = join_online(registration=registration, session=session)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return _back(event, session)
    return redirect(url, code=303)


@bp.get("/<int:event_id>/agenda")
@role_required(*TALENT_ROLES)
def agenda(event_id: int):
    """The participant's personal agenda: booked sessions, waiting-list places, join links."""
    event = get_or_404(Event, event_id)
    registration = queries.registration_for(current_user, event.id)
    if registration is None:
        flash(_("You are not registered for this event."), "info")
        return redirect(url_for("events.detail", event_id=event.id))
    now = utcnow()
    rows = timetable.agenda(registration)
    joinable = {s.id for b, s in rows if may_join(registration, s, b) and join_link_open(s, now)}
    return render_template("events/agenda.html", event=event, rows=rows, now=now,
                           joinable=joinable, registration=registration)


@bp.get("/<int:event_id>/agenda.ics")
@role_required(*TALENT_ROLES)
def agenda_calendar(event_id: int):
    """The agenda as an iCalendar file (the event and every booked session)."""
    event = get_or_404(Event, event_id)
    registration = queries.registration_for(current_user, event.id)
    if registration is None:
        abort(404)
    body = agenda_ics(event, [s for b, s in timetable.agenda(registration)
                              if b.status == "booked"])
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="event-{event.id}.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<int:event_id>/talent-pool")
@role_required(*TALENT_ROLES, "company", "admin")
def talent_pool(event_id: int):
    """The event's own Talent Pool: the positions its companies linked, searchable."""
    event = get_or_404(Event, event_id)
    q = request.args.get("q", "")[:100]
    cluster = request.args.get("cluster", "")
    stmt = timetable.talent_pool_stmt(event.id, q=q, cluster=cluster,
                                      students_only=not is_admin(current_user),
                                      open_only=is_external(current_user))
    page = db.paginate(stmt, page=request.args.get("page", 1, type=int), per_page=25,
                       error_out=False)
    return render_template("events/talent_pool.html", event=event, page=page, q=q,
                           cluster=cluster, clusters=CLUSTERS)
