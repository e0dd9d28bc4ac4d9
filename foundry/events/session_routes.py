"""Building the programme: admins and participating companies add and edit sessions and open
1:1 slots; staff (and the session's company) see who booked and check them in."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone, to_utc
from flask_login import current_user

from foundry.common.errors import DomainError, attach_to_form
from foundry.events import sessions as session_services
from foundry.events.attendance import check_in_to_session
from foundry.events.programme_routes import load_session
from foundry.events.routes import bp
from foundry.events.session_forms import SessionForm, SlotsForm, parse_speakers
from foundry.events.timetable import session_bookings
from foundry.extensions import db
from foundry.models import Company, Event, EventSession, User
from foundry.models.choices import COMPANY_SESSION_KINDS, SESSION_KINDS
from foundry.permissions import (
    can_manage_company,
    can_manage_session,
    can_see_session_attendees,
    company_id_of,
    get_or_404,
    is_admin,
    require,
    role_required,
)


def _company_for_new() -> int | None:
    """The company a new session is for: a member's own; for an admin, ?company_id= if any."""
    if not is_admin(current_user):
        return company_id_of(current_user)
    company_id = request.args.get("company_id", type=int)
    if company_id is not None and db.session.get(Company, company_id) is None:
        abort(404)
    return company_id


def hosts(event_id: int, company_id: int | None) -> list[tuple[int, str]]:
    """The company's representatives at the event, for choosing a session's host."""
    if company_id is None:
        return []
    ids = session_services.representative_ids(event_id, company_id)
    if not ids:
        return []
    return [(u.id, u.full_name) for u in db.session.scalars(
        db.select(User).where(User.id.in_(ids)).order_by(User.full_name))]


def _details(form: SessionForm) -> session_services.SessionDetails:
    return session_services.SessionDetails(
        kind=form.kind.data, title=form.title.data.strip(), mode=form.mode.data,
        starts_at=to_utc(form.starts_at.data), ends_at=to_utc(form.ends_at.data),
        description=form.description.data or None, cluster=form.cluster.data or None,
        room=form.room.data, join_url=form.join_url.data, capacity=form.capacity.data,
        host_id=form.host_id.data, speakers=parse_speakers(form.speakers.data))


def _return_to(event: Event, company_id: int | None):
    if company_id is not None:
        return redirect(url_for("events.participation", event_id=event.id,
                                company_id=company_id))
    return redirect(url_for("events.admin_detail", event_id=event.id))


def _edit(event: Event, session: EventSession | None, company_id: int | None):
    kinds = [k for k in SESSION_KINDS if company_id is None or k[0] in COMPANY_SESSION_KINDS]
    form = SessionForm(obj=session, kinds=kinds, hosts=hosts(event.id, company_id))
    if session is not None and request.method == "GET":
        form.starts_at.data = to_user_timezone(session.starts_at).replace(tzinfo=None)
        form.ends_at.data = to_user_timezone(session.ends_at).replace(tzinfo=None)
        form.speakers.data = "\n".join(" | ".join(p or "" for p in (s.name, s.title,
                                                                     s.organisation))
                                       for s in session.speakers)
    if form.validate_on_submit():
        try:
            saved = session_services.save_session(event=event, session=session,
                                                  company_id=company_id, details=_details(form))
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            flash(_("Session “%(title)s” saved.", title=saved.title), "success")
            return _return_to(event, company_id)
    return render_template("events/session_form.html", form=form, event=event, session=session,
                           company=db.session.get(Company, company_id) if company_id else None)


@bp.route("/<int:event_id>/sessions/new", methods=["GET", "POST"])
@role_required("admin", "company")
def new_session(event_id: int):
    """Add a session: admins any kind (optionally for a company), companies their own."""
    event = get_or_404(Event, event_id)
    company_id = _company_for_new()
    require(company_id is not None or is_admin(current_user))
    return _edit(event, None, company_id)


@bp.route("/<int:event_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@role_required("admin", "company")
def edit_session(event_id: int, session_id: int):
    """Edit a session (a company only its own)."""
    event, session = load_session(event_id, session_id)
    require(can_manage_session(current_user, session))
    return _edit(event, session, session.company_id)


@bp.post("/<int:event_id>/sessions/<int:session_id>/delete")
@role_required("admin", "company")
def delete_session(event_id: int, session_id: int):
    """Delete a session nobody has booked."""
    event, session = load_session(event_id, session_id)
    require(can_manage_session(current_user, session))
    company_id = session.company_id
    try:
        session_services.delete_session(session=session)
        db.session.commit()
        flash(_("Session deleted."), "success")
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    return _return_to(event, company_id)


@bp.route("/<int:event_id>/companies/<int:company_id>/slots", methods=["GET", "POST"])
@role_required("admin", "company")
def open_slots(event_id: int, company_id: int):
    """Open a run of 1:1 slots for one of the company's representatives."""
    event = get_or_404(Event, event_id)
    company = get_or_404(Company, company_id)
    require(can_manage_company(current_user, company))
    form = SlotsForm(hosts=hosts(event.id, company.id))
    if request.method == "GET":
        form.title.data = _("1:1 chat with %(company)s", company=company.name)
    if form.validate_on_submit():
        try:
            slots = session_services.open_slots(
                event=event, company_id=company.id, first_start=to_utc(form.first_start.data),
                count=form.count.data, minutes=form.minutes.data, host_id=form.host_id.data,
                mode=form.mode.data, room=form.room.data, join_url=form.join_url.data,
                title=form.title.data.strip())
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            if error.field in ("starts_at", "ends_at"):
                error.field = "first_start"
            attach_to_form(form, error)
        else:
            flash(_("%(n)s 1:1 slots opened.", n=len(slots)), "success")
            return _return_to(event, company.id)
    return render_template("events/slots_form.html", form=form, event=event, company=company)


@bp.route("/<int:event_id>/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@role_required("admin", "company")
def session_attendance(event_id: int, session_id: int):
    """Who booked the session (and who waits); check people in on site."""
    event, session = load_session(event_id, session_id)
    require(can_see_session_attendees(current_user, session))
    if request.method == "POST":
        try:
            booking, already = check_in_to_session(
                session=session, booking_id=request.form.get("booking_id", type=int) or 0,
                staff=current_user)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            user = booking.registration.student.user
            name = user.full_name if user and not user.deleted_at else _("(identity removed)")
            flash(_("%(name)s was already checked in.", name=name) if already
                  else _("%(name)s is checked in.", name=name),
                  "warning" if already else "success")
        return redirect(url_for("events.session_attendance", event_id=event.id,
                                session_id=session.id))
    return render_template("events/session_attendance.html", event=event, session=session,
                           bookings=session_bookings(session.id))
