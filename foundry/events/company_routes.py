"""Company participation: admins invite companies and approve or decline requests; a company
answers, names its representatives, links its positions and runs its sessions and 1:1 slots."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from foundry.common.errors import DomainError, attach_to_form
from foundry.events import participation as services
from foundry.events import queries
from foundry.events.routes import bp
from foundry.events.session_forms import InviteForm, PositionsForm, RepresentativesForm
from foundry.events.timetable import counts
from foundry.extensions import db
from foundry.models import Company, CompanyMember, Event, EventSession, Position, User
from foundry.models.base import utcnow
from foundry.permissions import can_manage_company, get_or_404, require, role_required


def _forms(event: Event, company: Company):
    members = [(u.id, u.full_name) for u in db.session.scalars(
        select(User).join(CompanyMember, CompanyMember.user_id == User.id)
        .where(CompanyMember.company_id == company.id).order_by(User.full_name))]
    positions = [(p.id, p.title) for p in db.session.scalars(
        select(Position).where(Position.company_id == company.id,
                               Position.status.in_(("open", "draft")) |
                               (Position.event_id == event.id))
        .order_by(Position.title))]
    return RepresentativesForm(members=members, prefix="reps"), \
        PositionsForm(positions=positions, prefix="pos")


def _render(event: Event, company: Company, reps_form=None, pos_form=None):
    link = services.participation_of(event.id, company.id)
    default_reps, default_pos = _forms(event, company)
    reps_form, pos_form = reps_form or default_reps, pos_form or default_pos
    if link is not None and not reps_form.is_submitted():
        reps_form.representatives.data = [r.user_id for r in link.representatives]
    if not pos_form.is_submitted():
        pos_form.positions.data = list(db.session.scalars(select(Position.id).where(
            Position.event_id == event.id, Position.company_id == company.id)))
    sessions = list(db.session.scalars(select(EventSession).where(
        EventSession.event_id == event.id, EventSession.company_id == company.id)
        .order_by(EventSession.starts_at, EventSession.id)))
    return render_template("events/participation.html", event=event, company=company,
                           link=link, reps_form=reps_form, pos_form=pos_form,
                           sessions=sessions, booked=counts([s.id for s in sessions]),
                           now=utcnow())


def _load(event_id: int, company_id: int) -> tuple[Event, Company]:
    event = get_or_404(Event, event_id)
    company = get_or_404(Company, company_id)
    require(can_manage_company(current_user, company))
    return event, company


def _act(event: Event, company: Company, action, done: str):
    """Run a participation change, commit, flash; back to the company's event page."""
    try:
        action()
        db.session.commit()
        flash(done, "success")
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    return redirect(url_for("events.participation", event_id=event.id, company_id=company.id))


@bp.get("/<int:event_id>/companies/<int:company_id>")
@role_required("admin", "company")
def participation(event_id: int, company_id: int):
    """A company's part in an event: status, representatives, positions, sessions."""
    event, company = _load(event_id, company_id)
    return _render(event, company)


@bp.post("/<int:event_id>/companies/<int:company_id>/request")
@role_required("company")
def request_participation(event_id: int, company_id: int):
    """The company asks to take part (or accepts its invitation)."""
    event, company = _load(event_id, company_id)
    return _act(event, company, lambda: services.request_participation(event=event,
                                                                        company=company),
                _("Your request to take part has been sent."))


@bp.post("/<int:event_id>/companies/<int:company_id>/answer")
@role_required("company")
def answer_invitation(event_id: int, company_id: int):
    """The company accepts or declines the admin's invitation."""
    event, company = _load(event_id, company_id)
    accept = request.form.get("accept") == "1"
    return _act(event, company, lambda: services.respond_to_invitation(
        event=event, link=services.participation_of(event.id, company.id) or _none(),
        accept=accept), _("Invitation accepted.") if accept else _("Invitation declined."))


def _none():
    raise DomainError(_("There is no open invitation to answer."))


@bp.post("/<int:event_id>/companies/<int:company_id>/decide")
@role_required("admin")
def decide_participation(event_id: int, company_id: int):
    """An admin approves or declines the company's participation."""
    event, company = _load(event_id, company_id)
    approve = request.form.get("approve") == "1"
    link = services.participation_of(event.id, company.id)
    if link is None:
        flash(_("%(name)s has not asked to take part.", name=company.name), "danger")
        return redirect(url_for("events.admin_detail", event_id=event.id))
    try:
        services.decide_participation(event=event, link=link, approve=approve)
        db.session.commit()
        flash(_("%(name)s approved.", name=company.name) if approve
              else _("%(name)s declined.", name=company.name), "success")
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    return redirect(url_for("events.admin_detail", event_id=event.id))


@bp.post("/<int:event_id>/companies/<int:company_id>/representatives")
@role_required("admin", "company")
def set_representatives(event_id: int, company_id: int):
    """Name the company's representatives at the event."""
    event, company = _load(event_id, company_id)
    reps_form, _pos_form = _forms(event, company)
    if not reps_form.validate_on_submit():
        return _render(event, company, reps_form=reps_form), 400
    return _act(event, company, lambda: services.set_representatives(
        link=services.participation_of(event.id, company.id),
        user_ids=reps_form.representatives.data or []), _("Representatives saved."))


@bp.post("/<int:event_id>/companies/<int:company_id>/positions")
@role_required("admin", "company")
def link_positions(event_id: int, company_id: int):
    """Link the company's positions to the event (its Talent Pool)."""
    event, company = _load(event_id, company_id)
    _reps_form, pos_form = _forms(event, company)
    if not pos_form.validate_on_submit():
        return _render(event, company, pos_form=pos_form), 400
    return _act(event, company, lambda: services.link_positions(
        event=event, link=services.participation_of(event.id, company.id),
        position_ids=pos_form.positions.data or []), _("Positions saved."))


@bp.post("/<int:event_id>/invite")
@role_required("admin")
def invite_company(event_id: int):
    """An admin invites a verified company to the event."""
    event = get_or_404(Event, event_id)
    form = InviteForm(companies=queries.company_choices())
    if form.validate_on_submit():
        company = db.session.get(Company, form.company.data)
        try:
            services.invite_company(event=event, company=company)
            db.session.commit()
            flash(_("%(name)s is invited.", name=company.name), "success")
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
    for errors in form.errors.values():
        for error in errors:
            flash(error, "danger")
    return redirect(url_for("events.admin_detail", event_id=event.id) + "#companies-h")
