"""The data migration of issue 8: every free-text programme tag becomes a programme of that
name with its positions; GIP and career-day positions become open to everyone; downgrade puts
the tags back."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from foundry.extensions import db
from tests.migrations.test_migrations import MIGRATIONS, empty_app  # noqa: F401

BEFORE = "20251b12e4b1"
NOW = "CURRENT_TIMESTAMP"


def _position(conn, pid, tag, event_id=None):
    conn.execute(text(
        "INSERT INTO positions (id, company_id, title, description, kind, cluster, site, mode, "
        "paid, pay_period, openings, status, programme_tag, event_id, created_at, updated_at) "
        f"VALUES (:id, 1, :title, '', 'internship', 'fintech', 'science_park', 'onsite', "
        f"true, 'month', 1, 'open', :tag, :event, {NOW}, {NOW})"),
        {"id": pid, "title": f"Role {pid}", "tag": tag, "event": event_id})


def test_tags_become_programmes_and_come_back(empty_app):  # noqa: F811
    upgrade(directory=MIGRATIONS, revision=BEFORE)
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO companies (id, name, cluster, site, size_band, is_startup, "
            "is_park_tenant, vetting_status, created_at) VALUES (1, 'Co', 'fintech', "
            f"'science_park', '11-50', true, true, 'verified', {NOW})"))
        conn.execute(text(
            "INSERT INTO events (id, name, kind, mode, starts_at, ends_at, created_at) VALUES "
            f"(1, 'Career Day', 'career_day', 'hybrid', {NOW}, {NOW}, {NOW})"))
        _position(conn, 1, "Global Internship Programme")
        _position(conn, 2, "Global Internship Programme")
        _position(conn, 3, "Fintech Drive")
        _position(conn, 4, None, event_id=1)
        _position(conn, 5, None)
    upgrade(directory=MIGRATIONS)
    with db.engine.connect() as conn:
        programmes = dict(conn.execute(text(
            "SELECT name, kind FROM talent_programmes")).all())
        rows = conn.execute(text(
            "SELECT p.id, t.name, p.audience FROM positions p LEFT JOIN talent_programmes t "
            "ON t.id = p.programme_id ORDER BY p.id")).all()
    assert programmes == {"Global Internship Programme": "internship", "Fintech Drive": "drive"}
    assert [tuple(r) for r in rows] == [
        (1, "Global Internship Programme", "open"), (2, "Global Internship Programme", "open"),
        (3, "Fintech Drive", "partner"), (4, None, "open"), (5, None, "partner")]
    downgrade(directory=MIGRATIONS, revision=BEFORE)
    with db.engine.connect() as conn:
        tags = conn.execute(text("SELECT programme_tag FROM positions ORDER BY id")).scalars()
        assert list(tags) == ["Global Internship Programme", "Global Internship Programme",
                              "Fintech Drive", None, None]
