"""Talent Foundry: the application factory."""

from __future__ import annotations

import importlib
import os

from flask import Flask

from config import CONFIGS, ENVIRONMENT_SETTINGS

# Feature blueprints, as "module:attribute". Each module holds a `bp`.
BLUEPRINTS = (
    "foundry.main.routes:bp",
    "foundry.auth.routes:bp",
    "foundry.twofactor.routes:bp",
    "foundry.sso.routes:bp",
    "foundry.dashboards.routes:bp",
    "foundry.mentoring.routes:bp",
    "foundry.outcomes.routes:bp",
    "foundry.events.routes:bp",
    "foundry.companies.routes:bp",
    "foundry.positions.routes:bp",
    "foundry.applications.routes:bp",
    "foundry.applications.cv_routes:bp",
    "foundry.imports.routes:bp",
    "foundry.admin.routes:bp",
    "foundry.exports.routes:bp",
    "foundry.account.routes:bp",
    "foundry.api.routes:bp",
    "foundry.internships.routes:bp",
    "foundry.feedback.routes:bp",
    "foundry.talent.routes:bp",
    "foundry.programmes.routes:bp",
    "foundry.campaigns.routes:bp",
    "foundry.campaigns.survey_routes:bp",
    "foundry.campaigns.employer_routes:bp",
    "foundry.campaigns.report_routes:bp",
)


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the Flask app for a configuration ('development', 'testing', 'production')."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static",
                instance_relative_config=True)
    register_config(app, config_name or os.environ.get("FOUNDRY_CONFIG", "development"), overrides)
    register_extensions(app)
    register_jobs(app)
    register_observability(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security_headers(app)
    register_assets(app)
    register_template_helpers(app)
    register_cli(app)
    return app


def register_config(app: Flask, name: str, overrides: dict) -> None:
    """Load the config class, apply overrides and fill in instance-folder defaults."""
    config = CONFIGS[name]
    if hasattr(config, "check"):
        config.check()
    app.config.from_object(config)
    if name != "testing":
        for variable, key in ENVIRONMENT_SETTINGS.items():
            if os.environ.get(variable):
                app.config[key] = os.environ[variable]
    app.config.update(overrides)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):  # development: a random key kept in instance/
        from foundry.security import instance_secret_key

        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
            app.instance_path, "foundry.db"
        )
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):  # Heroku-style URLs
        uri = "postgresql+psycopg://" + uri.removeprefix("postgres://")
    elif uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    from foundry import models  # noqa: F401  (registers every table on the metadata)
    from foundry.auth.loader import register_user_loader
    from foundry.extensions import (
        babel,
        bootstrap,
        cache,
        csrf,
        db,
        limiter,
        login_manager,
        migrate,
        select_locale,
        use_wtforms_catalogue,
    )

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(use_wtforms_catalogue)
    bootstrap.init_app(app)
    cache.init_app(app)
    limiter.init_app(app)
    register_user_loader(login_manager)


def register_jobs(app: Flask) -> None:
    """Celery for background work (eager in process when no broker is configured)."""
    from foundry.jobs import init_celery

    init_celery(app)


def register_observability(app: Flask) -> None:
    """JSON logs with request ids, Prometheus metrics, Sentry when configured."""
    from foundry.observability import install

    install(app)


def register_blueprints(app: Flask) -> None:
    """Register every feature blueprint listed in BLUEPRINTS (ids in URLs are bounded)."""
    from foundry.common.inputs import install_id_converter

    install_id_converter(app)
    for path in BLUEPRINTS:
        module_name, attribute = path.split(":")
        app.register_blueprint(getattr(importlib.import_module(module_name), attribute))


def register_errorhandlers(app: Flask) -> None:
    """HTML and JSON error pages."""
    from foundry.errors import register_errorhandlers as install

    install(app)


def register_security_headers(app: Flask) -> None:
    """Client address behind proxies, CSP, HSTS and no-store (foundry/security.py)."""
    from foundry.security import install_client_address, install_security_headers

    install_client_address(app)
    install_security_headers(app)


def register_assets(app: Flask) -> None:
    """Hashed static URLs cached for a year, compressed responses, the small plotly.js."""
    from foundry.assets import install

    install(app)


def register_template_helpers(app: Flask) -> None:
    """Template globals and filters (labels of stored values, navigation, unread count)."""
    from foundry.templating import install

    install(app)


def register_cli(app: Flask) -> None:
    """The `flask users`, `flask seed` … command groups."""
    from foundry.cli import install

    install(app)
