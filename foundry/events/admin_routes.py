"""Admin event pages: list, create, edit, attendance by university, check-in."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone, to_utc
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from foundry.common.errors import DomainError, attach_to_form
from foundry.events import queries, services
from foundry.events.forms import CodeForm, EventForm
from foundry.events.routes import PER_PAGE, bp
from foundry.events.session_forms import InviteForm
from foundry.events.timetable import counts, walk_in_candidates
from foundry.extensions import db
from foundry.models import Event, EventSession
from foundry.permissions import get_or_404, role_required


def _details(form: EventForm) -> services.EventDetails:
    """The form's values, with Hong Kong times turned into stored UTC."""
    return services.EventDetails(
        name=form.name.data.strip(), kind=form.kind.data, mode=form.mode.data,
        starts_at=to_utc(form.starts_at.data), ends_at=to_utc(form.ends_at.data),
        venue=form.venue.data, description=form.description.data or None,
        capacity=form.capacity.data, open_to_everyone=form.open_to_everyone.data)


def _form(event: Event | None) -> EventForm:
    """The event form with its choices, prefilled from the event (times in Hong Kong time)."""
    form = EventForm(obj=event, companies=queries.company_choices(),
                     positions=queries.position_choices(event.id if event else None))
    if event is not None and request.method == "GET":
        form.starts_at.data = to_user_timezone(event.starts_at).replace(tzinfo=None)
        form.ends_at.data = to_user_timezone(event.ends_at).replace(tzinfo=None)
        form.companies.data = [link.company_id for link in event.companies
                              if link.status == "approved"]
        form.positions.data = [p.id for p in queries.event_positions(
            event.id, visible_to_students=False)]
    return form


def _save(form: EventForm, event: Event | None) -> Event | None:
    """Validate and save; None (with errors on the form) when refused."""
    if not form.validate_on_submit():
        return None
    try:
        saved = services.save_event(event=event, details=_details(form),
                                    company_ids=form.companies.data or [],
                                    position_ids=form.positions.data or [])
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        attach_to_form(form, error)
        return None
    return saved


@bp.get("/admin")
@role_required("admin")
def admin_list():
    """Every event, newest first, with registrations."""
    page = db.paginate(queries.all_events_stmt(), page=request.args.get("page", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    return render_template("events/admin_list.html", page=page,
                           counts=queries.registration_counts([e.id for e in page.items]))


@bp.route("/new", methods=["GET", "POST"])
@role_required("admin")
def new():
    """Create an event."""
    form = _form(None)
    event = _save(form, None)
    if event is not None:
        flash(_("Event created."), "success")
        return redirect(url_for("events.admin_detail", event_id=event.id))
    return render_template("events/edit.html", form=form, event=None)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit(event_id: int):
    """Edit an event, its companies and linked positions."""
    event = get_or_404(Event, event_id)
    form = _form(event)
    if _save(form, event) is not None:
        flash(_("Event saved."), "success")
        return redirect(url_for("events.admin_detail", event_id=event.id))
    return render_template("events/edit.html", form=form, event=event)


@bp.get("/<int:event_id>/admin")
@role_required("admin")
def admin_detail(event_id: int):
    """The admin's event page: details, programme, companies, attendance, registrations."""
    event = get_or_404(Event, event_id)
    sessions = list(db.session.scalars(select(EventSession).where(
        EventSession.event_id == event.id).options(joinedload(EventSession.company))
        .order_by(EventSession.starts_at, EventSession.id)))
    page = db.paginate(queries.registrations_stmt(event.id),
                       page=request.args.get("page", 1, type=int), per_page=50, error_out=False)
    return render_template(
        "events/admin_detail.html", event=event, page=page,
        attendance=queries.attendance_by_university(event.id),
        taken=queries.registration_count(event.id),
        checked_in=queries.checked_in_count(event.id),
        companies=queries.event_companies(event.id),
        positions=queries.event_positions(event.id, visible_to_students=False),
        sessions=sessions, booked=counts([s.id for s in sessions]),
        participations=queries.participations(event.id),
        invite_form=InviteForm(companies=queries.company_choices()))


@bp.route("/<int:event_id>/checkin", methods=["GET", "POST"])
@role_required("admin")
def checkin(event_id: int):
    """Check attendees in: a code typed or scanned, or a search then a button per student."""
    event = get_or_404(Event, event_id)
    form = CodeForm()
    q = request.values.get("q", "")[:100]
    if request.method == "POST":
        registration_id = request.form.get("registration_id", type=int)
        if registration_id is None and not form.validate():
            return _render_checkin(event, form, q)
        try:
            registration, already = services.check_in(
                event=event, staff=current_user, registration_id=registration_id,
                code=None if registration_id is not None else form.code.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            if error.field == "code":
                attach_to_form(form, error)
                return _render_checkin(event, form, q)
            flash(str(error), "danger")
            return redirect(url_for("events.checkin", event_id=event.id, q=q or None))
        user = registration.student.user
        name = user.full_name if user else _("(identity removed)")
        if already:
            flash(_("%(name)s was already checked in.", name=name), "warning")
        else:
            flash(_("%(name)s is checked in.", name=name), "success")
        return redirect(url_for("events.checkin", event_id=event.id, q=q or None))
    return _render_checkin(event, form, q)


def _render_checkin(event: Event, form: CodeForm, q: str):
    """The check-in page with counts and, when searched, matching registrations."""
    matches = db.session.scalars(queries.registrations_stmt(event.id, q).limit(50)).all() \
        if q.strip() else []
    form.code.data = ""  # ready for the next scan
    walk_ins = walk_in_candidates(event.id, q) if q.strip() else []
    return render_template("events/checkin.html", event=event, form=form, q=q, matches=matches,
                           walk_ins=walk_ins,
                           taken=queries.registration_count(event.id),
                           checked_in=queries.checked_in_count(event.id))
