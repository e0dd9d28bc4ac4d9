"""Change a password, ask for a reset link, and reset with it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from foundry.auth import services
from foundry.auth.forms import ChangePasswordForm, ForgotPasswordForm, ResetPasswordForm
from foundry.auth.routes import bp
from foundry.auth.tokens import TokenError
from foundry.common.errors import DomainError, attach_to_form
from foundry.extensions import db, limiter
from foundry.permissions import authenticated, public, token_only


def _is_get() -> bool:
    return request.method != "POST"


@bp.route("/password", methods=["GET", "POST"])
@authenticated
def change_password():
    """Change the signed-in user's password (current password required)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(user=current_user._get_current_object(),
                                     current_password=form.current_password.data,
                                     new_password=form.password.data)
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Your password was changed. Your other signed-in devices were signed "
                    "out."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/forgot", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_LIMIT"],
               exempt_when=_is_get, error_message="Too many reset requests from this address.")
def forgot_password():
    """Ask for a reset link; the answer is the same whether the e-mail is known or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(email=form.email.data)
        db.session.commit()
        flash(_("If an account uses this e-mail, a link to reset its password is on its way. "
                "It works once and for a limited time."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@token_only
def reset_password(token: str):
    """Choose a new password from a mailed link (the signed token is the credential)."""
    try:
        user = services.user_for_reset_token(token)
    except TokenError as error:
        return render_template("auth/link_problem.html", message=str(error),
                               title=_("This reset link cannot be used"),
                               show_forgot=True), error.status
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(user=user, new_password=form.password.data)
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Your password was changed. Sign in with the new one."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
