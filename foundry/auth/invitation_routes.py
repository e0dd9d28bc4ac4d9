"""Invitations: the admin's list and form, revoke, resend, and the acceptance page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from foundry.auth import invitations as service
from foundry.auth import queries
from foundry.auth.forms import AcceptInvitationForm, InvitationForm
from foundry.auth.routes import bp
from foundry.auth.sessions import end_session, start_session
from foundry.auth.tokens import TokenError
from foundry.common.errors import DomainError, attach_to_form
from foundry.extensions import db
from foundry.models import Company, Faculty, Invitation, University
from foundry.permissions import get_or_404, role_required, step_up_required, token_only


def _invitation_form() -> InvitationForm:
    form = InvitationForm()
    form.company_id.choices = queries.company_choices()
    form.university_id.choices = queries.university_choices()
    form.faculty_id.choices = queries.optional_faculty_choices()
    return form


def _get(model, ident: int | None):
    """A row chosen in a select (the choices came from the database), or None."""
    return db.session.get(model, ident) if ident else None


def _render_list(form: InvitationForm, status: int = 200):
    page = queries.invitations_page(request.args.get("page", 1, type=int))
    return render_template("auth/invitations.html", form=form, page=page,
                           targets=queries.invitation_targets(page.items),
                           status_of=service.invitation_status), status


@bp.get("/invitations")
@role_required("admin")
def invitations():
    """Open and past invitations, and the form to invite someone."""
    return _render_list(_invitation_form())


@bp.post("/invitations")
@role_required("admin")
@step_up_required  # an invitation grants a role (possibly admin)
def create_invitation():
    """Invite a company member, dean or admin; the link goes to the outbox."""
    form = _invitation_form()
    if form.validate_on_submit():
        try:
            service.create_invitation(
                email=form.email.data, role=form.role.data,
                invited_by=current_user._get_current_object(),
                company=_get(Company, form.company_id.data),
                university=_get(University, form.university_id.data),
                faculty=_get(Faculty, form.faculty_id.data))
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("auth.invitations"))
    return _render_list(form, 422 if form.errors or form.form_errors else 200)


@bp.post("/invitations/<int:invitation_id>/resend")
@role_required("admin")
def resend_invitation(invitation_id: int):
    """Mail the link again with a fresh expiry."""
    invitation = get_or_404(Invitation, invitation_id)
    try:
        service.resend_invitation(invitation=invitation, by=current_user._get_current_object())
    except DomainError as error:
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("Invitation sent again to %(email)s.", email=invitation.email), "success")
    return redirect(url_for("auth.invitations"))


@bp.post("/invitations/<int:invitation_id>/revoke")
@role_required("admin")
def revoke_invitation(invitation_id: int):
    """Withdraw an invitation: its link stops working."""
    invitation = get_or_404(Invitation, invitation_id)
    try:
        service.revoke_invitation(invitation=invitation, by=current_user._get_current_object())
    except DomainError as error:
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("Invitation to %(email)s revoked.", email=invitation.email), "success")
    return redirect(url_for("auth.invitations"))


@bp.route("/invitations/accept/<token>", methods=["GET", "POST"])
@token_only
def accept_invitation(token: str):
    """The invited person chooses a name and password; the signed link is the credential."""
    try:
        invitation = service.invitation_from_token(token)
    except TokenError as error:
        return render_template("auth/link_problem.html", message=str(error),
                               title=_("This invitation cannot be used")), error.status
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            user = service.accept_invitation(invitation=invitation, full_name=form.full_name.data,
                                             password=form.password.data)
        except TokenError as error:
            db.session.rollback()
            return render_template("auth/link_problem.html", message=str(error),
                                   title=_("This invitation cannot be used")), error.status
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            end_session()
            start_session(user)
            db.session.commit()
            flash(_("Welcome to Talent Foundry, %(name)s!", name=user.full_name), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation,
                           targets=queries.invitation_targets([invitation]))
