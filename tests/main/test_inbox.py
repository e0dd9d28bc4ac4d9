"""The inbox (notifications page): named like its menu link, says what arrives there when empty,
offers "Mark all read" only when something is unread."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import Notification
from foundry.models.base import utcnow


def test_empty_inbox_explains_itself_and_has_no_mark_all_button(client, login_as):
    login_as("student")
    html = client.get("/notifications").get_data(as_text=True)
    assert "<h1" in html and ">Inbox</h1>" in html
    assert "No messages yet." in html
    assert "Mark all read" not in html


def test_unread_message_can_be_marked_read(client, login_as, db):
    user = login_as("company")
    db.session.add(Notification(user_id=user.id, message="New applicant for FPGA Engineer"))
    db.session.commit()
    html = client.get("/notifications").get_data(as_text=True)
    assert "New applicant for FPGA Engineer" in html and "Mark all read" in html
    client.post("/notifications/read")
    note = db.session.scalar(select(Notification).where(Notification.user_id == user.id))
    assert note.read_at is not None
    html = client.get("/notifications").get_data(as_text=True)
    assert "New applicant for FPGA Engineer" in html and "Mark all read" not in html


def test_read_messages_only_show_no_mark_all_button(client, login_as, db):
    user = login_as("dean")
    db.session.add(Notification(user_id=user.id, message="Import applied", read_at=utcnow()))
    db.session.commit()
    html = client.get("/notifications").get_data(as_text=True)
    assert "Import applied" in html and "Mark all read" not in html
