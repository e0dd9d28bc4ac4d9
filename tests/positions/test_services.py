"""Position services: create, edit, open/close rules, self-assessed skills."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from foundry.common.errors import DomainError
from foundry.models import AuditLog, Position, StudentSkill
from foundry.positions import services
from tests import factories

DATA = {"title": "Robotics Intern", "description": "Build robots.", "kind": "internship",
        "cluster": "ai_robotics", "site": "science_park", "mode": "onsite", "paid": True,
        "pay_min": 10000, "pay_max": 12000, "pay_period": "month", "openings": 2,
        "deadline": None, "start_date": date(2026, 7, 1), "end_date": date(2026, 8, 31),
        "programme_id": None, "audience": None, "event_id": None}


@pytest.fixture()
def member(db, request_ctx):
    return factories.CompanyMemberFactory()


def test_create_position_as_draft_with_skills(db, member):
    skill_a, skill_b = factories.SkillFactory(), factories.SkillFactory()
    position = services.create_position(company=member.company, data=DATA,
                                        skills=[(skill_a.id, 3), (skill_b.id, 5)],
                                        actor=member.user)
    assert position.status == "draft" and position.title == "Robotics Intern"
    assert {(s.skill_id, s.required_level) for s in position.skills} == {
        (skill_a.id, 3), (skill_b.id, 5)}
    assert db.session.scalar(select(func.count(AuditLog.id))
                             .where(AuditLog.action == "position.created")) == 1


def test_update_replaces_skills(db, member):
    skill_a, skill_b = factories.SkillFactory(), factories.SkillFactory()
    position = services.create_position(company=member.company, data=DATA,
                                        skills=[(skill_a.id, 3)], actor=member.user)
    services.update_position(position=position, data={**DATA, "title": "New"},
                             skills=[(skill_a.id, 4), (skill_b.id, 2)], actor=member.user)
    db.session.flush()
    assert position.title == "New"
    assert sorted((s.skill_id, s.required_level) for s in position.skills) == sorted(
        [(skill_a.id, 4), (skill_b.id, 2)])
    services.update_position(position=position, data=DATA, skills=[], actor=member.user)
    assert position.skills == []


@pytest.mark.parametrize(("change", "field"), [
    ({"pay_min": 20000, "pay_max": 10000}, "pay_max"),
    ({"start_date": date(2026, 9, 1), "end_date": date(2026, 8, 1)}, "end_date"),
    ({"openings": 0}, "openings"),
])
def test_bad_values_refused_by_field(db, member, change, field):
    with pytest.raises(DomainError) as error:
        services.create_position(company=member.company, data={**DATA, **change}, skills=[],
                                 actor=member.user)
    assert error.value.field == field
    assert db.session.scalar(select(func.count(Position.id))) == 0


def test_unknown_skill_or_level_refused(db, member):
    with pytest.raises(DomainError):
        services.create_position(company=member.company, data=DATA, skills=[(999999, 3)],
                                 actor=member.user)
    skill = factories.SkillFactory()
    with pytest.raises(DomainError):
        services.create_position(company=member.company, data=DATA, skills=[(skill.id, 6)],
                                 actor=member.user)


@pytest.mark.parametrize("status", ["suspended", "pending"])
def test_unverified_company_cannot_create_or_open(db, member, status):
    position = factories.PositionFactory(company=member.company, status="draft")
    member.company.vetting_status = status
    with pytest.raises(DomainError, match=status if status == "suspended" else "awaiting"):
        services.create_position(company=member.company, data=DATA, skills=[],
                                 actor=member.user)
    with pytest.raises(DomainError):
        services.set_position_status(position=position, status="open", actor=member.user)
    assert position.status == "draft"
    # closing is always allowed
    services.set_position_status(position=position, status="closed", actor=member.user)
    assert position.status == "closed"


def test_open_close_reopen(db, member):
    position = factories.PositionFactory(company=member.company, status="draft")
    for status in ("open", "closed", "open"):
        services.set_position_status(position=position, status=status, actor=member.user)
        assert position.status == status
    services.set_position_status(position=position, status="open", actor=member.user)  # no-op
    with pytest.raises(DomainError):
        services.set_position_status(position=position, status="draft", actor=member.user)


def test_cannot_open_with_a_passed_deadline(db, member):
    position = factories.PositionFactory(company=member.company, status="draft",
                                         deadline=date.today() - timedelta(days=1))
    with pytest.raises(DomainError, match="deadline"):
        services.set_position_status(position=position, status="open", actor=member.user)


def test_set_student_skills_adds_changes_and_removes(db, request_ctx):
    student = factories.StudentProfileFactory()
    a, b, c = (factories.SkillFactory() for _ in range(3))
    factories.StudentSkillFactory(student_id=student.id, skill=c, level=2)
    assert services.set_student_skills(student=student,
                                       levels={a.id: 3, b.id: None, c.id: 4}) == 2
    rows = dict(db.session.execute(select(StudentSkill.skill_id, StudentSkill.level)).all())
    assert rows == {a.id: 3, c.id: 4}
    services.set_student_skills(student=student, levels={c.id: None})
    rows = dict(db.session.execute(select(StudentSkill.skill_id, StudentSkill.level)).all())
    assert rows == {a.id: 3}
    with pytest.raises(DomainError):
        services.set_student_skills(student=student, levels={a.id: 9})
