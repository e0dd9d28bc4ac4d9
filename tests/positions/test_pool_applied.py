"""Talent Pool cards say which positions the student has already applied to."""

from __future__ import annotations

from tests import factories


def test_pool_marks_positions_applied_to(client, login_as, db):
    user = login_as("student")
    applied = factories.PositionFactory(title="Robotics Intern", status="open")
    factories.PositionFactory(title="Fintech Intern", status="open")
    factories.ApplicationFactory(student=user.student, position=applied, status="interview")
    db.session.commit()
    page = client.get("/positions").get_data(as_text=True)
    card = page.split("Robotics Intern", 1)[1].split("</h3>", 1)[0]
    other = page.split("Fintech Intern", 1)[1].split("</h3>", 1)[0]
    assert "Applied · Interview" in card and "Applied" not in other
