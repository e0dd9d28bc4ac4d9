"""Error pages: HTML for pages, JSON ({"error": {code, message, details}}) for /api/ paths."""

from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from foundry.common.inputs import install_input_guards
from foundry.extensions import db
from foundry.permissions import is_api_request

MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Please sign in first."),
    403: _l("You do not have access to this page."),
    404: _l("We could not find that page."),
    405: _l("That method is not allowed here."),
    413: _l("The upload is too large."),
    429: _l("Too many attempts. Please wait a little and try again."),
    500: _l("Something went wrong on our side. The team has been told."),
}


def json_error(status: int, message: str, code: str | None = None, details=None):
    """A JSON error response in the API's one shape."""
    body = {"error": {"code": code or _code_name(status), "message": message,
                      "details": details or {}}}
    return jsonify(body), status


def _code_name(status: int) -> str:
    return {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
            405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
            429: "rate_limited", 500: "server_error"}.get(status, "error")


def _render(status: int, message: str | None = None):
    message = message or str(MESSAGES.get(status) or _("Error"))
    if is_api_request():
        return json_error(status, message)
    return render_template("errors/error.html", status=status, message=message), status


def register_errorhandlers(app: Flask) -> None:
    """Install the handlers for HTTP errors, CSRF failures and unexpected exceptions, and the
    input guards that answer malformed input with 400 before it reaches the database."""
    install_input_guards(app)

    @app.errorhandler(DataError)
    def data_error(error: DataError):
        # A value the database refuses (too long, out of range) that validation missed: the
        # caller's input is at fault, and the half-written transaction must not survive.
        db.session.rollback()
        app.logger.warning("Value refused by the database: %s", error.orig)
        return _render(400, _("A value in the request is too long or out of range. "
                              "Nothing was changed."))

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        app.logger.info("CSRF check refused %s %r: %s", request.method, request.path,
                        error.description)
        return _render(400, _("The form expired or was not sent from this site. "
                              "Nothing was changed — please go back, reload and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        message = None
        if status in (400, 403, 404, 409, 422) and error.description and \
                error.description != type(error).description:
            message = error.description
        response = make_response(_render(status, message))
        # Keep the headers the error carries: Allow (405), Retry-After (429), WWW-Authenticate.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error: %s", error)
        return _render(500)
