"""The audit trail shows details as readable "key: value" lines, not raw JSON."""

from __future__ import annotations

from foundry.common.audit import record_audit


def test_details_are_key_value_lines(client, login_as, db):
    admin = login_as("admin")
    record_audit("application.rejected", target=admin, actor=admin,
                 details={"from": "interview", "to": "rejected", "position_id": 7})
    db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert '<dt class="d-inline fw-semibold">position id:</dt>' in page
    assert "{&#34;from&#34;" not in page and '{"from"' not in page
