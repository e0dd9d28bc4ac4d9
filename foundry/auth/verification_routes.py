"""Confirm a student's e-mail from the mailed link; "check your inbox" and "send it again"."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from foundry.auth import verification
from foundry.auth.forms import ConfirmEmailForm, ResendVerificationForm
from foundry.auth.routes import bp
from foundry.auth.sessions import start_session
from foundry.auth.tokens import TokenError
from foundry.common.errors import DomainError, attach_to_form
from foundry.extensions import db, limiter
from foundry.permissions import public, token_only


@bp.get("/signup/check-inbox")
@public
def verification_sent():
    """After sign-up: the link to confirm the address is on its way (nobody is signed in)."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = ResendVerificationForm(formdata=None, email=session.get(verification.VERIFY_EMAIL_KEY))
    return render_template("auth/check_inbox.html", form=form,
                           days=max(1, verification.max_age() // 86400))


@bp.post("/verify/resend")
@public
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_LIMIT"],
               error_message="Too many requests for a new link from this address.")
def resend_verification():
    """Mail a new confirmation link; the answer is the same whether the e-mail is known or not."""
    form = ResendVerificationForm()
    if not form.validate_on_submit():
        flash(_("Give the e-mail address you signed up with."), "danger")
        return redirect(url_for("auth.verification_sent"))
    verification.resend_verification(email=form.email.data)
    db.session.commit()
    session[verification.VERIFY_EMAIL_KEY] = form.email.data.strip().lower()
    flash(_("If an account with this e-mail is waiting for confirmation, a new link is on its "
            "way. Earlier links keep working until one of them is used."), "info")
    return redirect(url_for("auth.verification_sent"))


@bp.route("/verify/<token>", methods=["GET", "POST"])
@token_only
def verify_email(token: str):
    """Confirm the address from the mailed link: choose the password, which activates the
    account and signs in (once)."""
    try:
        user = verification.user_for_verification_token(token)
    except TokenError as error:
        return render_template("auth/link_problem.html", message=str(error),
                               title=_("This confirmation link cannot be used"),
                               show_resend=True), error.status
    form = ConfirmEmailForm()
    if not form.validate_on_submit():
        return render_template("auth/confirm_email.html", form=form, user=user)
    try:
        verification.confirm_email(user=user, password=form.password.data)
    except DomainError as error:
        db.session.rollback()
        attach_to_form(form, error)
        return render_template("auth/confirm_email.html", form=form, user=user)
    start_session(user)
    db.session.commit()
    session.pop(verification.VERIFY_EMAIL_KEY, None)
    flash(_("Your e-mail address is confirmed. Welcome to Talent Foundry, %(name)s!",
            name=user.full_name), "success")
    return redirect(url_for("main.home"))
