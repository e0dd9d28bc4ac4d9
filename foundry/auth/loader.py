"""Flask-Login glue: load users, answer unauthenticated requests."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager


def register_user_loader(login_manager: LoginManager) -> None:
    """Install the user loader and the unauthorized handler (JSON 401 for the API)."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        from foundry.permissions import is_api_request

        if is_api_request():  # the API ignores session cookies: bearer tokens only (no CSRF)
            return None
        from foundry.auth.sessions import user_for_session_id

        return user_for_session_id(user_id)

    @login_manager.request_loader
    def load_user_from_bearer_token(req):
        from foundry.api.auth import user_from_bearer

        return user_from_bearer(req)

    @login_manager.unauthorized_handler
    def unauthorized():
        from foundry.errors import json_error
        from foundry.permissions import is_api_request

        if is_api_request():
            from flask import g

            message = ("The bearer token is not valid: unknown, expired or revoked."
                       if g.get("api_token_rejected") else
                       "Authentication required: send 'Authorization: Bearer <token>'.")
            response, status = json_error(401, message)
            response.headers["WWW-Authenticate"] = 'Bearer realm="talent-foundry"'
            return response, status
        from flask import flash

        flash(str(login_manager.login_message), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
