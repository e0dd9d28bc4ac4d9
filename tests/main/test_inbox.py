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


def test_opening_a_message_marks_it_read_and_follows_its_link(client, login_as, db):
    user = login_as("student")
    note = Notification(user_id=user.id, message="Offer", link="/me/applications")
    db.session.add(note)
    db.session.commit()
    html = client.get("/notifications").get_data(as_text=True)
    assert f'href="/notifications/{note.id}/open"' in html
    response = client.get(f"/notifications/{note.id}/open")
    assert response.status_code == 302 and response.headers["Location"] == "/me/applications"
    db.session.refresh(note)
    assert note.read_at is not None


def test_someone_elses_message_is_not_found(client, login_as, db):
    other = login_as("company")
    note = Notification(user_id=other.id, message="Private", link="/home")
    db.session.add(note)
    db.session.commit()
    login_as("student")
    assert client.get(f"/notifications/{note.id}/open").status_code == 404
    assert client.post(f"/notifications/{note.id}/read").status_code == 404
    db.session.refresh(note)
    assert note.read_at is None


def test_a_link_to_another_site_is_not_followed(client, login_as, db):
    user = login_as("student")
    note = Notification(user_id=user.id, message="Odd", link="//evil.example/x")
    db.session.add(note)
    db.session.commit()
    response = client.get(f"/notifications/{note.id}/open")
    assert response.headers["Location"] == "/notifications"


def test_a_message_without_a_link_can_be_marked_read_alone(client, login_as, db):
    user = login_as("dean")
    note = Notification(user_id=user.id, message="Import applied")
    db.session.add(note)
    db.session.commit()
    assert "Mark read" in client.get("/notifications").get_data(as_text=True)
    client.post(f"/notifications/{note.id}/read")
    db.session.refresh(note)
    assert note.read_at is not None


def test_application_notices_read_as_sentences(client, login_as, db):
    """'… application interview.' read badly: each move has its own sentence."""
    from tests.applications.test_routes import _applied

    application, student, member = _applied(client, login_as, db)
    login_as(member)
    for step in ("shortlisted", "interview"):
        client.post(f"/applications/{application.id}/move", data={"to": step})
    messages = db.session.scalars(select(Notification.message)
                                  .where(Notification.user_id == student.id)).all()
    company = application.position.company.name
    assert f"{company} invites you to an interview for {application.position.title}." in messages
    assert not any("application interview" in m for m in messages)
