"""Where the second factor is enforced: on every page for those who need it, and again before
sensitive actions (step-up)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from foundry.models.base import utcnow
from foundry.permissions import is_api_request
from foundry.twofactor.services import has_second_factor, is_required
from foundry.utils import safe_next_url

# Pages reachable before the second factor: signing out, the language switch, static files.
EXEMPT = {"static", "bootstrap.static", "main.set_language", "main.healthz", "main.favicon",
          "auth.logout", "auth.logout_everywhere", "auth.privacy"}


def _here() -> str | None:
    return safe_next_url(request.full_path.rstrip("?")) if request.method == "GET" else None


def require_second_factor():
    """A session that has not passed the second factor goes to the code prompt (enrolled) or
    to enrolment (a role that requires it)."""
    if not current_user.is_authenticated or is_api_request():
        return None
    endpoint = request.endpoint or ""
    if endpoint in EXEMPT or endpoint.startswith("twofactor."):
        return None
    if getattr(current_user, "second_factor_at", None) is not None:
        return None
    if has_second_factor(current_user):
        return redirect(url_for("twofactor.verify", next=_here()))
    if is_required(current_user):
        flash(_("Your role needs two-factor sign-in. Set it up now: it takes a minute with an "
                "authenticator app on your phone."), "info")
        return redirect(url_for("twofactor.setup", next=_here()))
    return None


def step_up_response():
    """None when the action may go ahead; else a redirect to type a code again (a user with a
    second factor whose last check is older than STEP_UP_MAX_AGE)."""
    if not current_user.is_authenticated or is_api_request() \
            or not has_second_factor(current_user):
        return None
    last = getattr(current_user, "second_factor_at", None)
    max_age = timedelta(seconds=current_app.config["STEP_UP_MAX_AGE"])
    if last is not None and utcnow() - last <= max_age:
        return None
    target = _here()
    if target is None:  # a form was posted: come back to the page it was on
        referrer = request.referrer or ""
        host = request.host_url
        target = safe_next_url("/" + referrer[len(host):]) if referrer.startswith(host) else None
        flash(_("Confirm it is you, then do it again."), "info")
    return redirect(url_for("twofactor.verify", next=target, step_up=1))
