"""The skills taxonomy: add, rename, retire and reactivate; history is kept."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import AuditLog, Skill, SkillRating
from tests import factories


def test_add_and_rename_skill(db, client, login_as):
    """A new skill is active; renaming keeps its id; both are audited with before/after."""
    login_as("admin")
    response = client.post("/admin/skills/new", data={
        "name": "PCB design", "kind": "technical", "cluster": "microelectronics"})
    assert response.status_code == 302
    skill = db.session.scalar(select(Skill))
    assert skill.active and skill.cluster == "microelectronics"
    response = client.post(f"/admin/skills/{skill.id}/edit", data={
        "name": "PCB layout & design", "kind": "technical", "cluster": "microelectronics"})
    assert response.status_code == 302
    db.session.refresh(skill)
    assert skill.name == "PCB layout & design"
    saved = db.session.scalar(select(AuditLog).where(AuditLog.action == "admin.skill_saved"))
    assert saved.details["before"]["name"] == "PCB design"
    assert saved.details["after"]["name"] == "PCB layout & design"


def test_duplicate_name_refused(db, client, login_as):
    """Skill names are unique, letter case ignored."""
    login_as("admin")
    factories.SkillFactory(name="Python")
    db.session.commit()
    response = client.post("/admin/skills/new", data={"name": "python", "kind": "technical"})
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_retire_keeps_ratings_and_reactivate(db, client, login_as):
    """Retiring hides nothing from history: ratings stay attached; no delete route exists."""
    login_as("admin")
    rating = factories.SkillRatingFactory()
    skill = rating.skill
    db.session.commit()
    assert client.post(f"/admin/skills/{skill.id}/retire").status_code == 302
    db.session.refresh(skill)
    assert skill.active is False
    assert db.session.scalar(select(SkillRating).where(SkillRating.skill_id == skill.id))
    page = client.get("/admin/skills?status=retired").get_data(as_text=True)
    assert skill.name in page and "Retired" in page
    assert client.post(f"/admin/skills/{skill.id}/reactivate").status_code == 302
    db.session.refresh(skill)
    assert skill.active is True
    actions = db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions == ["admin.skill_retired", "admin.skill_reactivated"]
    assert client.post(f"/admin/skills/{skill.id}/delete").status_code in (404, 405)
    assert client.delete(f"/admin/skills/{skill.id}").status_code in (404, 405)


def test_skills_list_filters(db, client, login_as):
    """Search and kind filter narrow the list."""
    login_as("admin")
    factories.SkillFactory(name="Teamwork", kind="competency", cluster=None)
    factories.SkillFactory(name="Machine learning")
    db.session.commit()
    page = client.get("/admin/skills?kind=competency").get_data(as_text=True)
    assert "Teamwork" in page and "Machine learning" not in page
    page = client.get("/admin/skills?q=machine&sort=-ratings").get_data(as_text=True)
    assert "Machine learning" in page and "Teamwork" not in page
