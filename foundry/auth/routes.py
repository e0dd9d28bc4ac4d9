"""Sign-in, sign-out, student sign-up, the personal-data notice and consent.

Invitations and passwords have their own modules; they add their views to this blueprint.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from foundry.auth import queries, services
from foundry.auth.forms import ConsentForm, LoginForm, ResendVerificationForm, SignupForm
from foundry.auth.sessions import (
    CONSENT_KEY,
    ENDED_FLAG,
    end_session,
    end_sessions,
)
from foundry.auth.verification import remember_signup_address
from foundry.common.audit import record_audit
from foundry.common.errors import DomainError, attach_to_form
from foundry.extensions import db, limiter
from foundry.models.choices import SELF_SIGNUP_ROLES
from foundry.permissions import authenticated, is_api_request, public
from foundry.twofactor.signin import sign_in_or_ask_code
from foundry.utils import safe_next_url

bp = Blueprint("auth", __name__)

# Pages a student with an outdated consent may still reach (the consent page is under auth.).
CONSENT_EXEMPT = {"static", "bootstrap.static", "main.set_language", "main.healthz",
                  "main.favicon"}


def _login_account_key() -> str:
    """Rate-limit key: the account being tried (so one account cannot be brute-forced)."""
    return "login-account:" + services.normalize_email(request.form.get("email", ""))


def _is_get() -> bool:
    return request.method != "POST"


def _failed(response) -> bool:
    """Only failed attempts count against the limits (a success redirects)."""
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], exempt_when=_is_get,
               deduct_when=_failed, error_message="Too many sign-in attempts from this address.")
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], key_func=_login_account_key,
               exempt_when=_is_get, deduct_when=_failed,
               error_message="Too many sign-in attempts for this account.")
def login():
    """Sign in with e-mail and password; `?next=` is followed only within this site."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(email=form.email.data, password=form.password.data)
        except services.EmailNotVerified as error:
            db.session.commit()  # keep the audit entry of the failure
            resend = ResendVerificationForm(formdata=None, email=form.email.data)
            return _login_page(form, unverified=str(error), resend_form=resend)
        except services.AuthError as error:
            db.session.commit()  # keep the audit entry of the failure
            attach_to_form(form, error)
        else:
            signed_in = sign_in_or_ask_code(user, remember=form.remember.data)
            db.session.commit()
            target = safe_next_url(request.args.get("next"))
            if not signed_in:
                return redirect(url_for("twofactor.sign_in_code", next=target))
            return redirect(target or url_for("main.home"))
    return _login_page(form)


def _login_page(form: LoginForm, **context):
    """The sign-in page, with the universities that sign their people in."""
    from foundry.sso.providers import enabled_providers

    return render_template("auth/login.html", form=form, sso_providers=enabled_providers(),
                           **context)


@bp.post("/logout")
@authenticated
def logout():
    """Sign out (POST only, with CSRF): the session ends server-side too."""
    end_session()
    db.session.commit()
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.index"))


@bp.post("/logout/everywhere")
@authenticated
def logout_everywhere():
    """Sign out on every device: all the account's sessions and remember-me cookies end."""
    ended = end_sessions(current_user, reason="signed_out_everywhere")
    record_audit("auth.signed_out_everywhere", target=current_user, actor=current_user,
                 details={"sessions_ended": ended})
    end_session()
    db.session.commit()
    flash(_("You have signed out on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/signup", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["SIGNUP_LIMIT_PER_ADDRESS"],
               exempt_when=_is_get, error_message="Too many sign-ups from this address.")
def signup():
    """A student creates their own account with a member university's e-mail address."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignupForm()
    form.faculty_id.choices = [SelectChoice("", _("Choose…")), *queries.faculty_choices()]
    form.programme_id.choices = queries.programme_choices()
    if form.validate_on_submit():
        try:
            services.register_student(
                full_name=form.full_name.data, email=form.email.data,
                password=form.password.data, faculty_id=form.faculty_id.data,
                programme_id=form.programme_id.data,
                expected_graduation=form.expected_graduation.data,
                student_number=form.student_number.data, consent=form.consent.data)
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            db.session.commit()
            # Not signed in: the account is activated by the link mailed to the address. The
            # answer is the same when the address already had an account (its owner is mailed).
            remember_signup_address(form.email.data)
            return redirect(url_for("auth.verification_sent"))
    return render_template("auth/signup.html", form=form)


@bp.get("/privacy")
@public
def privacy():
    """The personal data notice (PDPO): what is collected and why."""
    return render_template("auth/privacy.html")


@bp.route("/consent", methods=["GET", "POST"])
@authenticated
def consent():
    """Accept the current version of the personal data notice."""
    form = ConsentForm()
    if form.validate_on_submit():
        services.record_consent(user=current_user._get_current_object())
        db.session.commit()
        session[CONSENT_KEY] = _consent_key()
        flash(_("Thank you. Your consent was recorded."), "success")
        return redirect(safe_next_url(request.args.get("next")) or url_for("main.home"))
    return render_template("auth/consent.html", form=form)


def _consent_key() -> str:
    return f"{current_user.id}:{services.notice_version_for(current_user)}"


@bp.before_app_request
def end_stale_session():
    """A cookie whose session was ended elsewhere (password changed or reset, signed out
    everywhere) is dropped, with a word on why."""
    if is_api_request():  # the API authenticates by bearer token, never by this session
        return None
    if not current_user.is_authenticated and g.get(ENDED_FLAG):
        end_session()
        flash(_("You were signed out: your password was changed or all sessions were ended. "
                "Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    return None


@bp.before_app_request
def require_current_consent():
    """A student whose last consent is for an older notice accepts the new one first."""
    if not current_user.is_authenticated or current_user.role not in SELF_SIGNUP_ROLES:
        return None
    endpoint = request.endpoint or ""
    if endpoint.startswith("auth.") or endpoint in CONSENT_EXEMPT or is_api_request():
        return None
    if session.get(CONSENT_KEY) == _consent_key():
        return None
    latest = services.latest_consent_version(current_user)
    # Students loaded by import or seed have no consent row yet; they are not asked here.
    if latest is None or latest == services.notice_version_for(current_user):
        session[CONSENT_KEY] = _consent_key()
        return None
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.consent", next=safe_next_url(target)))


# The other views of this blueprint register themselves on `bp` when imported.
from foundry.auth import invitation_routes, password_routes, verification_routes  # noqa: E402,F401
