"""The audit trail links people: the actor's e-mail and a user target open that account."""

from __future__ import annotations

from datetime import datetime

from foundry.models import AuditLog
from tests import factories


def test_actor_and_user_target_link_to_the_account(db, client, login_as):
    admin = login_as("admin", email="boss@example.com")
    target = factories.user_with_role("student")
    db.session.add(AuditLog(action="admin.user_deactivated", actor_id=admin.id,
                            target_type="User", target_id=target.id,
                            created_at=datetime(2025, 3, 1, 12)))
    db.session.add(AuditLog(action="import.students", actor_id=admin.id,
                            target_type="University", target_id=7,
                            created_at=datetime(2025, 3, 2, 12)))
    db.session.commit()
    html = client.get("/admin/audit").get_data(as_text=True)
    assert f'<a href="/admin/users/{admin.id}">boss@example.com</a>' in html
    assert f'<a href="/admin/users/{target.id}">User #{target.id}</a>' in html
    assert "University #7" in html and 'href="/admin/users/7"' not in html
