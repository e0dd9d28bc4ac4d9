"""Unbound Flask extensions and the declarative base; bound to an app in create_app()."""

from __future__ import annotations

import functools
import sqlite3

from flask import has_request_context, request
from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_caching import Cache
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Every constraint gets a predictable name, so migrations can drop and alter them on both
# SQLite (batch mode) and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every model, with the constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
bootstrap = Bootstrap5()
cache = Cache()
compress = Compress()  # bound in foundry.assets.install
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def select_locale() -> str | None:
    """The user's chosen locale (cookie or profile), else the browser's best match."""
    from flask import current_app
    from flask_login import current_user

    if not has_request_context():  # CLI commands: the default locale
        return None
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get("locale")
    if chosen in languages:
        return chosen
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return _browser_locale(languages)


def _browser_locale(languages) -> str | None:
    """The first of the browser's languages (by preference) that we have.

    Any Chinese (zh-HK, zh-TW, zh-Hant, zh-CN, zh) maps to zh_Hant: werkzeug's best_match would
    give zh-HK English and zh-CN Traditional Chinese.
    """
    for value, _quality in request.accept_languages:
        tag = value.replace("_", "-").lower()
        if tag.split("-")[0] == "zh" and "zh_Hant" in languages:
            return "zh_Hant"
        if tag.split("-")[0] in languages:
            return tag.split("-")[0]
    return None


@functools.cache
def _wtforms_catalogue(locale: str):
    """Our catalogue of WTForms' built-in messages for a locale (English when there is none)."""
    from pathlib import Path

    from babel import support

    directory = Path(__file__).parent / "translations"
    return support.Translations.load(str(directory), [locale], domain="wtforms")


class _WTFormsMessages:
    """WTForms' built-in messages ("This field is required.") in the request's locale, our wording.

    Flask-WTF looks them up in the catalogues shipped with WTForms, whose "zh" (the match for
    zh_Hant) is Simplified Chinese. It keeps what it loaded on `request.wtforms_translations`,
    so putting this there first makes it read foundry/translations/<locale>/LC_MESSAGES/wtforms.mo.
    The locale is resolved only when a message is needed.
    """

    @staticmethod
    def _current():
        from flask_babel import get_locale

        return _wtforms_catalogue(str(get_locale() or "en"))

    def ugettext(self, string: str) -> str:
        """Translate one message."""
        return self._current().ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        """Translate a message with a plural form."""
        return self._current().ungettext(singular, plural, n)


_WTFORMS_MESSAGES = _WTFormsMessages()


def use_wtforms_catalogue() -> None:
    """Before each request: let Flask-WTF take WTForms' messages from foundry/translations."""
    request.wtforms_translations = _WTFORMS_MESSAGES


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite: enforce foreign keys and let readers run beside a writer (WAL)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
