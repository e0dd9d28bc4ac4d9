"""My account: profile summary, API tokens, and for students data download and deletion."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from foundry.account import data_rights, tokens
from foundry.account import student_details as details
from foundry.account.forms import ApiTokenForm, DeleteAccountForm, StudentDetailsForm
from foundry.auth.sessions import current_session_id, device_label, live_sessions
from foundry.common.audit import record_audit
from foundry.common.errors import DomainError, attach_to_form
from foundry.common.forms import options
from foundry.extensions import db
from foundry.models import ApiToken
from foundry.permissions import (
    authenticated,
    get_or_404,
    require,
    role_required,
    step_up_required,
)

bp = Blueprint("account", __name__, url_prefix="/account")


def _render_profile(*, form=None, new_token=None, delete_form=None):
    """The account page with its three forms (a failed one keeps its input and errors)."""
    return render_template("account/profile.html", form=form or ApiTokenForm(formdata=None),
                           tokens=tokens.tokens_of(current_user), new_token=new_token,
                           delete_form=delete_form or DeleteAccountForm(formdata=None),
                           devices=live_sessions(current_user), this_device=current_session_id(),
                           device_label=device_label)


@bp.get("/")
@authenticated
def profile():
    """The account page: who I am, my API tokens, my data rights."""
    return _render_profile()


@bp.route("/details", methods=["GET", "POST"])
@role_required("student")
def student_details():
    """A student corrects their name, programme and expected graduation."""
    student = current_user.student
    form = StudentDetailsForm(obj=student, full_name=current_user.full_name)
    form.programme_id.choices = options(details.programme_choices(student),
                                        _("— Not listed —"))
    if form.validate_on_submit():
        try:
            details.update_student_details(
                student=student, full_name=form.full_name.data,
                programme_id=form.programme_id.data,
                expected_graduation=form.expected_graduation.data)
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Your details are saved."), "success")
            return redirect(url_for("account.student_details"))
    return render_template("account/student_details.html", form=form)


@bp.post("/tokens")
@authenticated
def create_token():
    """Create a personal API token and show it once."""
    form = ApiTokenForm()
    new_token = None
    if form.validate_on_submit():
        try:
            _row, new_token = tokens.create_api_token(
                user=current_user, name=form.name.data, scope=form.scope.data,
                days=form.days.data)
        except DomainError as error:
            attach_to_form(form, error)
        else:
            db.session.commit()
            form = ApiTokenForm(formdata=None)
    return _render_profile(form=form, new_token=new_token)


@bp.post("/tokens/<int:token_id>/revoke")
@authenticated
def revoke_token(token_id: int):
    """Revoke one of my tokens."""
    token = get_or_404(ApiToken, token_id)
    require(token.user_id == current_user.id)
    tokens.revoke_api_token(token=token, actor=current_user)
    db.session.commit()
    flash(_("The token was revoked."), "success")
    return redirect(url_for("account.profile"))


@bp.get("/my-data.json")
@role_required("student", "external")
@step_up_required
def download_data():
    """Download everything the platform holds about me, as one JSON file."""
    payload = data_rights.export_student_data(student=current_user.student)
    record_audit("student.data_exported", target=current_user.student)
    db.session.commit()
    return Response(
        json.dumps(payload, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=talent-foundry-my-data.json"},
    )


@bp.post("/delete")
@role_required("student", "external")
def delete_account():
    """Remove my identity (after confirmation); anonymous statistics are kept."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if current_user.check_password(form.password.data):
            data_rights.delete_student_identity(student=current_user.student,
                                                actor=current_user)
            db.session.commit()
            logout_user()
            flash(_("Your personal data was removed and your account closed."), "success")
            return redirect(url_for("main.index"))
        form.password.errors.append(_("The password is not right."))
    return _render_profile(delete_form=form), 400
