"""Sign-in and sign-out. (Sign-up, invitations and passwords: see the other auth views.)"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from foundry.auth import services
from foundry.auth.forms import LoginForm
from foundry.extensions import db, limiter
from foundry.permissions import authenticated, public
from foundry.utils import safe_next_url

bp = Blueprint("auth", __name__)


def _login_account_key() -> str:
    """Rate-limit key: the account being tried (so one account cannot be brute-forced)."""
    return "login-account:" + services.normalize_email(request.form.get("email", ""))


def _is_get() -> bool:
    return request.method != "POST"


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], exempt_when=_is_get,
               error_message="Too many sign-in attempts from this address.")
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=_login_account_key,
               exempt_when=_is_get, error_message="Too many sign-in attempts for this account.")
def login():
    """Sign in with e-mail and password; `?next=` is followed only within this site."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(email=form.email.data, password=form.password.data)
        except services.AuthError as error:
            db.session.commit()  # keep the audit entry of the failure
            form.password.errors.append(_(str(error)))
        else:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            return redirect(safe_next_url(request.args.get("next")) or url_for("main.home"))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@authenticated
def logout():
    """Sign out (POST only, with CSRF)."""
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.index"))
