"""Configuration: production fails fast without its secrets and uses secure cookies."""

from __future__ import annotations

import pytest

from foundry import create_app

REQUIRED = ("SECRET_KEY", "DATABASE_URL", "BASE_URL", "REDIS_URL")


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_to_start_without_a_required_setting(monkeypatch, missing):
    for name in REQUIRED:
        monkeypatch.setenv(name, "postgresql://db.internal/foundry" if name == "DATABASE_URL"
                           else "set")
    monkeypatch.delenv(missing)
    with pytest.raises(RuntimeError, match=missing):
        create_app("production")


def test_production_reads_the_environment_and_secures_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-vault")
    monkeypatch.setenv("DATABASE_URL", "postgresql://foundry@db.internal/foundry")
    monkeypatch.setenv("BASE_URL", "https://talentfoundry.example")
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/0")
    app = create_app("production")
    assert app.config["SECRET_KEY"] == "a-real-secret-from-the-vault"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == \
        "postgresql+psycopg://foundry@db.internal/foundry"
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert not app.debug


def test_testing_config_ignores_database_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://prod.internal/foundry")
    app = create_app("testing")
    assert "prod.internal" not in app.config["SQLALCHEMY_DATABASE_URI"]
