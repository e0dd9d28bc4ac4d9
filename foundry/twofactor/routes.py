"""Two-factor pages: the sign-in code, step-up, enrolment, recovery codes, turning it off."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from foundry.auth.sessions import end_sessions, mark_second_factor, start_session
from foundry.common.errors import DomainError, attach_to_form
from foundry.extensions import db, limiter
from foundry.models.base import utcnow
from foundry.permissions import authenticated, public, step_up_required
from foundry.twofactor import services
from foundry.twofactor.forms import CodeForm, EnrolForm
from foundry.twofactor.gate import require_second_factor
from foundry.twofactor.signin import (
    DEVICE_COOKIE,
    PENDING_KEY,
    pending_sign_in,
    pending_user_id,
    set_device_cookie,
)
from foundry.utils import safe_next_url

bp = Blueprint("twofactor", __name__)
bp.before_app_request(require_second_factor)

SETUP_KEY = "two_factor_setup"  # the secret being enrolled, until its first code is typed


def _is_get() -> bool:
    return request.method != "POST"


def _failed(response) -> bool:
    return response.status_code != 302


def _code_limits(view):
    """Codes are throttled like passwords: per account and per address, failures only."""
    view = limiter.limit(lambda: current_app.config["TWO_FACTOR_LIMIT_PER_ACCOUNT"],
                         key_func=pending_user_id, exempt_when=_is_get, deduct_when=_failed,
                         error_message="Too many codes tried for this account.")(view)
    return limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
                         exempt_when=_is_get, deduct_when=_failed,
                         error_message="Too many sign-in attempts from this address.")(view)


def _next() -> str:
    return safe_next_url(request.args.get("next")) or url_for("main.home")


def _code_form() -> CodeForm:
    form = CodeForm()
    form.remember_device.label.text = _("Don't ask for a code on this browser for %(days)s days",
                                        days=current_app.config["REMEMBER_DEVICE_DAYS"])
    return form


@bp.route("/login/code", methods=["GET", "POST"])
@public
@_code_limits
def sign_in_code():
    """The second step of signing in: the app's code or a recovery code."""
    pending = pending_sign_in()
    if pending is None:
        session.pop(PENDING_KEY, None)
        flash(_("Sign in first (the code must follow within five minutes)."), "info")
        return redirect(url_for("auth.login"))
    user, remember = pending
    form = _code_form()
    if form.validate_on_submit():
        try:
            method = services.check_code(user=user, code=form.code.data, stage="sign_in")
        except DomainError as error:
            db.session.commit()  # keep the audit entry of the failure
            attach_to_form(form, error)
        else:
            session.pop(PENDING_KEY, None)
            start_session(user, remember=remember, second_factor_at=utcnow())
            cookie = services.remember_device(user=user) if form.remember_device.data else None
            db.session.commit()
            if method == "recovery":
                flash(_("You used a recovery code: %(left)s left. Make new ones on the "
                        "two-factor page if you are running out.",
                        left=services.recovery_codes_left(user)), "warning")
            response = redirect(_next())
            if cookie:
                set_device_cookie(response, *cookie)
            return response
    return render_template("twofactor/code.html", form=form, step_up=False), \
        422 if form.is_submitted() else 200


@bp.route("/account/two-factor/verify", methods=["GET", "POST"])
@authenticated
@_code_limits
def verify():
    """Type a code again: after a sign-in that skipped it, or before a sensitive action."""
    form = _code_form()
    del form.remember_device
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            services.check_code(user=user, code=form.code.data,
                                stage="step_up" if request.args.get("step_up") else "session")
        except DomainError as error:
            db.session.commit()
            attach_to_form(form, error)
        else:
            mark_second_factor(user)
            db.session.commit()
            return redirect(_next())
    return render_template("twofactor/code.html", form=form, step_up=True), \
        422 if form.is_submitted() else 200


@bp.get("/account/two-factor")
@authenticated
def status():
    """Two-factor sign-in for my account: on or off, recovery codes left, remembered browsers."""
    user = current_user._get_current_object()
    return render_template("twofactor/status.html", enabled=services.has_second_factor(user),
                           required=services.is_required(user),
                           codes_left=services.recovery_codes_left(user),
                           devices=services.remembered_devices(user))


@bp.route("/account/two-factor/setup", methods=["GET", "POST"])
@authenticated
@step_up_required
@_code_limits
def setup():
    """Add an authenticator app: scan the QR code, type its first code, keep the recovery codes."""
    user = current_user._get_current_object()
    secret = session.get(SETUP_KEY)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = session[SETUP_KEY] = services.new_secret()
    form = EnrolForm()
    if form.validate_on_submit():
        replace = services.has_second_factor(user)
        try:
            codes = services.confirm_enrolment(user=user, secret=secret, code=form.code.data,
                                               replace=replace)
        except DomainError as error:
            db.session.commit()
            attach_to_form(form, error)
        else:
            session.pop(SETUP_KEY, None)
            mark_second_factor(user)
            if replace:  # a new phone: other sessions and remembered browsers start again
                services.forget_devices(user=user)
                end_sessions(user, reason="2fa_changed", keep_current=True)
            db.session.commit()
            return render_template("twofactor/recovery_codes.html", codes=codes,
                                   next=safe_next_url(request.args.get("next")))
    uri = services.provisioning_uri(user, secret)
    return render_template("twofactor/setup.html", form=form, qr=services.qr_data_uri(uri),
                           secret=secret, replace=services.has_second_factor(user)), \
        422 if form.is_submitted() else 200


@bp.post("/account/two-factor/recovery-codes")
@authenticated
@step_up_required
def new_recovery_codes():
    """Ten new recovery codes, shown once; the old ones stop working."""
    try:
        codes = services.regenerate_recovery_codes(user=current_user._get_current_object())
    except DomainError as error:
        flash(str(error), "danger")
        return redirect(url_for("twofactor.status"))
    db.session.commit()
    return render_template("twofactor/recovery_codes.html", codes=codes, next=None)


@bp.post("/account/two-factor/forget-devices")
@authenticated
def forget_devices():
    """Every remembered browser asks for the code again."""
    services.forget_devices(user=current_user._get_current_object())
    db.session.commit()
    flash(_("Every browser will ask for a code again."), "success")
    response = redirect(url_for("twofactor.status"))
    response.delete_cookie(DEVICE_COOKIE)
    return response


@bp.post("/account/two-factor/disable")
@authenticated
@step_up_required
def disable():
    """Turn two-factor sign-in off (only for roles that do not require it)."""
    try:
        services.turn_off(user=current_user._get_current_object())
    except DomainError as error:
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("Two-factor sign-in is off."), "success")
    return redirect(url_for("twofactor.status"))
