"""Sign in with a university: choose it, go there, come back, finish a first sign-in."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from foundry.auth import queries
from foundry.common.audit import record_audit
from foundry.common.errors import DomainError, attach_to_form
from foundry.extensions import db
from foundry.models import IdentityProvider, User
from foundry.permissions import public
from foundry.sso import oidc, providers
from foundry.sso.forms import CompleteSignupForm
from foundry.sso.services import register_sso_student, resolve_identity
from foundry.twofactor.signin import sign_in_or_ask_code
from foundry.utils import safe_next_url

bp = Blueprint("sso", __name__, url_prefix="/sso")

SIGNUP_KEY = "sso_signup"
SIGNUP_SECONDS = 1800


def _callback_url() -> str:
    from foundry.auth.tokens import external_url

    return external_url("sso.callback")


@bp.get("/")
@public
def choose():
    """The list of universities that sign their people in, and a finder by e-mail address."""
    email = request.args.get("email", "").strip()[:254]
    match = providers.provider_for_email(email) if email else None
    return render_template("sso/choose.html", providers=providers.enabled_providers(),
                           email=email, match=match,
                           next=safe_next_url(request.args.get("next")))


@bp.get("/<int:provider_id>/start")
@public
def start(provider_id: int):
    """Send the browser to the university's provider (state, nonce and PKCE kept here)."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    provider = db.session.get(IdentityProvider, provider_id)
    if provider is None or not provider.enabled:
        abort(404)
    try:
        url = oidc.authorization_url(provider, redirect_uri=_callback_url(),
                                     next_url=safe_next_url(request.args.get("next")),
                                     login_hint=request.args.get("email", "")[:254] or None)
    except oidc.SsoError as error:
        return _refused(provider, error)
    return redirect(url)


@bp.get("/callback")
@public
def callback():
    """The provider sends the browser back here with a code: verify everything, then sign in
    (or finish a first sign-in)."""
    try:
        pending = oidc.take_state(request.args.get("state"))
    except oidc.SsoError as error:
        return _refused(None, error)
    provider = db.session.get(IdentityProvider, pending.provider_id)
    if provider is None or not provider.enabled:
        abort(404)
    try:
        if request.args.get("error"):
            raise oidc.SsoError("provider_error", _(
                "The university's sign-in service did not sign you in (%(error)s).",
                error=request.args["error"][:60]))
        claims = oidc.exchange_code(provider, providers.client_secret_of(provider),
                                    code=request.args.get("code", ""), pending=pending,
                                    redirect_uri=_callback_url())
        found = resolve_identity(provider, claims)
    except oidc.SsoError as error:
        db.session.rollback()
        return _refused(provider, error)
    except DomainError as error:
        db.session.rollback()
        return _refused(provider, oidc.SsoError("configuration", str(error)))
    if isinstance(found, dict):
        session[SIGNUP_KEY] = {**found, "at": int(time.time()), "next": pending.next}
        db.session.commit()
        return redirect(url_for("sso.complete"))
    return _finish(found, pending.next)


def _finish(user: User, next_url: str | None):
    signed_in = sign_in_or_ask_code(user, remember=False)
    db.session.commit()
    if not signed_in:
        return redirect(url_for("twofactor.sign_in_code", next=next_url))
    return redirect(next_url or url_for("main.home"))


def _refused(provider: IdentityProvider | None, error: oidc.SsoError):
    """Audit the refusal and say why, clearly."""
    record_audit("sso.login_refused", target=provider,
                 details={"reason": error.reason, "email": error.email,
                          "provider": provider.name if provider else None})
    db.session.commit()
    return render_template("sso/refused.html", message=str(error), provider=provider), 403


@bp.route("/complete", methods=["GET", "POST"])
@public
def complete():
    """A student's first sign-in: only what the university did not tell us."""
    pending = session.get(SIGNUP_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > SIGNUP_SECONDS:
        session.pop(SIGNUP_KEY, None)
        flash(_("This sign-in has expired. Start again from the sign-in page."), "info")
        return redirect(url_for("auth.login"))
    provider = db.session.get(IdentityProvider, pending.get("provider_id"))
    if provider is None or provider.university is None:
        abort(404)
    form = CompleteSignupForm()
    if not form.is_submitted():
        form.full_name.data = pending.get("full_name") or ""
    own = str(provider.university_id)
    faculties = [c for c in queries.faculty_choices() if c.render_kw["data-university"] == own]
    faculty_ids = {c.value for c in faculties}
    form.faculty_id.choices = [SelectChoice("", _("Choose…")), *faculties]
    form.programme_id.choices = [c for c in queries.programme_choices()
                                 if not c.value or c.render_kw["data-faculty"] in faculty_ids]
    if form.validate_on_submit():
        try:
            user = register_sso_student(
                pending=pending, full_name=form.full_name.data, faculty_id=form.faculty_id.data,
                programme_id=form.programme_id.data,
                expected_graduation=form.expected_graduation.data, consent=form.consent.data)
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
        else:
            session.pop(SIGNUP_KEY, None)
            flash(_("Welcome to Talent Foundry. Your account is ready."), "success")
            return _finish(user, pending.get("next"))
    return render_template("sso/complete.html", form=form, pending=pending, provider=provider), \
        422 if form.is_submitted() else 200
