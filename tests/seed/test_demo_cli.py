"""`flask seed demo` is idempotent, deterministic and refused in production."""

from __future__ import annotations

from sqlalchemy import select

from config import ProductionConfig
from foundry.extensions import db as _db
from foundry.models import Company, User
from foundry.seed import demo
from foundry.seed.writer import table_counts
from tests.dbutil import empty_all_tables

DAY = "2026-11-20"


def snapshot():
    """Counts per table, the first users and the companies, in id order."""
    _db.session.remove()
    users = _db.session.execute(select(User.id, User.email, User.full_name)
                                .order_by(User.id).limit(300)).all()
    companies = _db.session.scalars(select(Company.name).order_by(Company.id)).all()
    return table_counts(), users, companies


def empty_tables():
    empty_all_tables(_db)


def test_demo_seed_is_idempotent_and_deterministic(runner, db):
    first = runner.invoke(args=["seed", "demo", "--today", DAY])
    assert first.exit_code == 0, first.output
    for _label, email, _name, _what in demo.DEMO_ACCOUNTS:
        assert email in first.output
    assert demo.DEMO_PASSWORD in first.output
    loaded = snapshot()
    assert loaded[0]["student_profiles"] > 1500

    again = runner.invoke(args=["seed", "demo", "--today", DAY])
    assert again.exit_code == 0, again.output
    assert "already loaded" in again.output
    assert demo.DEMO_PASSWORD in again.output
    assert snapshot() == loaded

    empty_tables()
    fresh = runner.invoke(args=["seed", "demo", "--today", DAY])
    assert fresh.exit_code == 0, fresh.output
    assert snapshot() == loaded


def test_seeds_are_refused_under_the_production_config(app, runner, db, monkeypatch):
    """ProductionConfig's settings on the app (no second app: extensions are shared)."""
    for key in dir(ProductionConfig):
        value = getattr(ProductionConfig, key)
        if key.isupper() and value is not None and key != "SQLALCHEMY_DATABASE_URI":
            monkeypatch.setitem(app.config, key, value)
    for args in (["seed", "demo"], ["seed", "scale", "--factor", "0.01"]):
        result = runner.invoke(args=args)
        assert result.exit_code != 0
        assert "production" in result.output
    assert db.session.scalar(select(User.id)) is None


def test_seeds_are_refused_when_the_environment_says_production(runner, db, monkeypatch):
    monkeypatch.setenv("FOUNDRY_CONFIG", "production")
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code != 0 and "production" in result.output
    assert db.session.scalar(select(User.id)) is None
