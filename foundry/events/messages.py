"""Messages for a recipient rather than the viewer: their language, Hong Kong time."""

from __future__ import annotations

import contextlib

from flask import current_app, has_request_context
from flask_babel import force_locale


@contextlib.contextmanager
def in_locale_of(user):
    """Translate (gettext, format_datetime) in the user's chosen language; url_for works even
    outside a request (a scheduled job) by borrowing a request context at the public address."""
    from foundry.auth.tokens import base_url

    locale = user.locale if user.locale in current_app.config["LANGUAGES"] else "en"
    with contextlib.ExitStack() as stack:
        if not has_request_context():
            stack.enter_context(current_app.test_request_context(base_url=base_url()))
        stack.enter_context(force_locale(locale))
        yield
