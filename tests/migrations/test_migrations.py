"""Migrations: one head, upgrade from empty, downgrade to base, and models agree with them."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from foundry import create_app
from foundry.extensions import db
from foundry.models.position_search import autogenerate_filter
from tests.dbutil import database_url

MIGRATIONS = str(Path(__file__).resolve().parents[2] / "migrations")


@pytest.fixture()
def empty_app(tmp_path):
    """An app on a database of its own with no tables at all."""
    import os

    if os.environ.get("TEST_DATABASE_URL"):
        uri = database_url(suffix="migrations")
    else:
        uri = "sqlite:///" + str(tmp_path / "migrations.db")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=uri)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        yield app
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.engine.dispose()


def _script(app) -> ScriptDirectory:
    return ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config(MIGRATIONS))


def test_single_head(empty_app):
    heads = _script(empty_app).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"


def test_every_revision_file_is_date_stamped_and_described():
    for path in (Path(MIGRATIONS) / "versions").glob("*.py"):
        assert path.name[:8].isdigit(), path.name
        text = path.read_text()
        assert text.splitlines()[0].strip('"') != "empty message", path.name


def test_upgrade_from_empty_then_models_match(empty_app):
    upgrade(directory=MIGRATIONS)
    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True, "include_object": autogenerate_filter(conn.dialect.name)})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_downgrade_to_base_and_up_again(empty_app):
    upgrade(directory=MIGRATIONS)
    downgrade(directory=MIGRATIONS, revision="base")
    remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()
    upgrade(directory=MIGRATIONS)
    assert "users" in inspect(db.engine).get_table_names()
