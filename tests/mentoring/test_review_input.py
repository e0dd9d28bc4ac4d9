"""Review findings: ids beyond INTEGER in mentoring forms are a message by the field."""

from __future__ import annotations

from sqlalchemy import func, select

from foundry.models import MentorProfile, Mentorship

HUGE = "99999999999999999999"


def test_huge_skill_id_on_the_mentor_profile(client, db, login_as):
    """A crafted skill id was a 500 on SQLite and a bare 400 on PostgreSQL."""
    login_as("company")
    response = client.post("/mentoring/mentor-profile",
                           data={"active": "y", "capacity": "2", "skills": HUGE})
    assert response.status_code == 200
    assert 'id="skills-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(MentorProfile)) == 0


def test_huge_mentor_id_in_the_admin_pairing_form(client, db, login_as):
    """The admin sees the message by the mentor select; nothing is paired."""
    login_as("admin")
    response = client.post("/mentoring/admin/pair",
                           data={"mentor_id": HUGE, "student_email": "a@b.example"})
    assert response.status_code == 200
    assert 'id="mentor_id-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Mentorship)) == 0
