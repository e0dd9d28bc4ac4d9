"""Jinja globals and filters shared by every template."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import format_number, get_locale, get_translations, gettext
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup
from sqlalchemy import func, select

from foundry import formatting
from foundry.models import choices
from foundry.models.countries import COUNTRIES
from foundry.navigation import NAVIGATION, USER_MENU


def nav_items() -> list[dict]:
    """The current user's menu, registered endpoints only: {endpoint, label, active, children}.
    A group (a drop-down) has children and no endpoint."""
    if not current_user.is_authenticated:
        return []
    endpoints = current_app.view_functions
    current = request.endpoint or ""

    def link(endpoint, label):
        return {"endpoint": endpoint, "label": label, "active": endpoint == current,
                "children": []}

    items = []
    for first, second in NAVIGATION.get(current_user.role, ()):
        if isinstance(second, tuple):  # a group
            children = [link(e, label) for e, label in second if e in endpoints]
            if children:
                items.append({"endpoint": None, "label": first, "children": children,
                              "active": any(c["active"] for c in children)})
        elif first in endpoints:
            items.append(link(first, second))
    return items


def user_menu() -> list[tuple[str, str]]:
    """Extra links of the user's own drop-down menu (registered endpoints only)."""
    if not current_user.is_authenticated:
        return []
    return [(endpoint, label) for endpoint, label in USER_MENU.get(current_user.role, ())
            if endpoint in current_app.view_functions]


def unread_notifications() -> int:
    """How many in-app notifications the signed-in user has not read."""
    from foundry.extensions import db
    from foundry.models import Notification

    if not current_user.is_authenticated:
        return 0
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == current_user.id, Notification.read_at.is_(None)
        )
    ) or 0


def choice_label(value, name: str) -> str:
    """Display label of a stored enum value: {{ position.kind|label('POSITION_KINDS') }}."""
    return choices.label(getattr(choices, name), value)


def country_label(code) -> str:
    """Display name of a country code: {{ external.country|label_country }}."""
    return choices.label(COUNTRIES, code)


def hkd(amount) -> str:
    """HKD 12,345 — or an en dash when unknown."""
    return "–" if amount is None else gettext("HKD %(amount)s", amount=f"{amount:,.0f}")


def _nowrap(format_value):
    """A date filter whose output never breaks across lines (Chinese dates have no spaces)."""
    def wrapped(value):
        return Markup('<span class="text-nowrap">%s</span>') % format_value(value)
    return wrapped


def _bracketed(value) -> Markup:
    """{{ count|bracketed }}: ' (3)' / '（3）', the inside escaped."""
    return (Markup("（%s）") if formatting.is_chinese() else Markup(" (%s)")) % value


def _listing(items) -> Markup:
    """{{ names|listing }}: 'A, B' / 'A、B', each item escaped."""
    return (Markup("、") if formatting.is_chinese() else Markup(", ")).join(items)


@pass_context
def _ngettext(context, singular: str, plural: str, num: int, **variables):
    """Jinja's ngettext, with the count grouped as the locale writes it: "2,300 companies".

    Flask-Babel's would print "%(num)d" as "2300". The message ids keep their "%(num)d" (the
    catalogue and its plural forms stay as they are); only the formatting of the count changes.
    Values are escaped as in Jinja's own (new-style) ngettext.
    """
    template = get_translations().ungettext(singular, plural, num).replace("%(num)d", "%(num)s")
    variables.setdefault("num", format_number(num))
    if context.eval_ctx.autoescape:
        template = Markup(template)  # noqa: S704 — our catalogue's text; the values are escaped
    return template % variables


def install(app: Flask) -> None:
    """Register the helpers on the app."""
    from foundry.applications.cv_library import MAX_CVS
    from foundry.applications.services import UNDO_WITHDRAWAL_MINUTES

    app.jinja_env.globals.update(nav_items=nav_items, user_menu=user_menu,
                                 unread_notifications=unread_notifications,
                                 choices=choices, get_locale=get_locale,
                                 endpoint_exists=lambda e: e in app.view_functions,
                                 UNDO_WITHDRAWAL_MINUTES=UNDO_WITHDRAWAL_MINUTES,
                                 MAX_CVS=MAX_CVS,
                                 colon=formatting.colon, list_sep=formatting.list_separator,
                                 clause_sep=formatting.clause_separator,
                                 group_sep=formatting.group_separator,
                                 sentence_sep=formatting.sentence_separator,
                                 ngettext=_ngettext)
    app.jinja_env.filters.update(label=choice_label, hkd=hkd, day=_nowrap(formatting.day),
                                 datetime=_nowrap(formatting.when),
                                 local_name=formatting.local_name,
                                 label_country=country_label, bracketed=_bracketed,
                                 listing=_listing, number=format_number)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
