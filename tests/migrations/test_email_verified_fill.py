"""The migration that adds users.email_verified_at fills it from the data of the day before."""

from __future__ import annotations

from flask_migrate import upgrade
from sqlalchemy import text

from foundry.extensions import db
from tests.migrations.test_migrations import MIGRATIONS, empty_app  # noqa: F401

BEFORE = "20251b12e4b1"
USERS = [  # id, email, role, active, password, last_login, deleted
    (1, "verified@connect.ust.hk", "student", True, "x", None, None),      # link opened
    (2, "pending@connect.ust.hk", "student", False, "x", None, None),      # awaiting its link
    (3, "member@harbour.example", "company", True, "x", "2026-03-01", None),  # invited, signed in
    (4, "imported@connect.ust.hk", "student", True, None, None, None),     # imported, no password
    (5, "blocked@connect.ust.hk", "student", False, "x", None, None),      # deactivated by admin
    (6, "deleted-6@deleted.invalid", "student", False, None, None, "2026-04-01"),
]


def test_fill_from_audit_trail_and_account_state(empty_app):  # noqa: F811
    upgrade(directory=MIGRATIONS, revision=BEFORE)
    with db.engine.begin() as conn:
        for uid, email, role, active, password, last_login, deleted in USERS:
            conn.execute(text(
                "INSERT INTO users (id, email, password_hash, full_name, role, active, locale, "
                "created_at, last_login_at, deleted_at) VALUES (:id, :email, :pw, 'N', :role, "
                ":active, 'en', '2026-01-01 00:00:00', :login, :deleted)"),
                {"id": uid, "email": email, "pw": password, "role": role, "active": active,
                 "login": last_login, "deleted": deleted})
        for target, action in ((1, "auth.email_verified"), (5, "admin.user_deactivated")):
            conn.execute(text(
                "INSERT INTO audit_logs (action, target_type, target_id, created_at) "
                "VALUES (:action, 'User', :target, '2026-02-02 00:00:00')"),
                {"action": action, "target": target})
        conn.execute(text("INSERT INTO outbox_mails (recipient, subject, body, created_at, "
                          "sent_at) VALUES ('a@b.hk', 's', 'b', '2026-01-01', '2026-01-01')"))
    upgrade(directory=MIGRATIONS)
    with db.engine.connect() as conn:
        filled = {uid: value for uid, value in conn.execute(
            text("SELECT id, email_verified_at FROM users"))}
        mail = conn.execute(text("SELECT status, attempts FROM outbox_mails")).one()
    as_text = {uid: str(value)[:10] if value else None for uid, value in filled.items()}
    assert as_text == {1: "2026-02-02", 2: None, 3: "2026-03-01", 4: None, 5: "2026-01-01",
                       6: None}
    assert tuple(mail) == ("sent", 1)
