"""Writes on positions (create, edit, open, close) and on students' self-assessed skills."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from foundry.common.audit import record_audit
from foundry.common.clock import local_date
from foundry.common.errors import DomainError, Problems
from foundry.companies.services import ensure_company_can_act
from foundry.extensions import db
from foundry.models import (
    Company,
    Event,
    Position,
    PositionSkill,
    Skill,
    StudentProfile,
    StudentSkill,
    TalentProgramme,
    User,
)

POSITION_FIELDS = ("title", "description", "kind", "cluster", "site", "mode", "paid", "pay_min",
                   "pay_max", "pay_period", "openings", "deadline", "start_date", "end_date",
                   "programme_id", "audience", "event_id")
# Positions of these programme kinds (and of a career day) are open to everyone by default.
OPEN_BY_DEFAULT = ("internship", "career_day")

# Allowed position status moves: from → to.
POSITION_MOVES: dict[str, frozenset[str]] = {
    "draft": frozenset({"open", "closed"}),
    "open": frozenset({"closed"}),
    "closed": frozenset({"open"}),
}


def _check_values(data: dict) -> None:
    """The rules the database also enforces, raised by field before it would refuse them
    (every broken rule at once)."""
    problems = Problems()
    if data.get("pay_min") is not None and data.get("pay_max") is not None \
            and data["pay_max"] < data["pay_min"]:
        problems.add(_("Pay up to must be at least the pay from amount."), field="pay_max")
    if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
        problems.add(_("The end date must be on or after the start date."), field="end_date")
    if (data.get("openings") or 0) < 1:
        problems.add(_("Openings must be at least 1."), field="openings")
    programme = None
    if data.get("programme_id") is not None:
        programme = db.session.get(TalentProgramme, data["programme_id"])
        if programme is None:
            problems.add(_("Choose a programme from the list."), field="programme_id")
    if data.get("audience") not in ("partner", "open"):
        data["audience"] = default_audience(programme, data.get("event_id"))
    if programme is not None and programme.eligibility == "external" \
            and data["audience"] != "open":
        problems.add(_("%(programme)s is for external talent: its positions are open to "
                       "everyone.", programme=programme.name), field="audience")
    problems.raise_any()


def default_audience(programme: TalentProgramme | None, event_id: int | None) -> str:
    """Open to everyone for GIP-like programmes and career days, else partner students."""
    if programme is not None and programme.kind in OPEN_BY_DEFAULT:
        return "open"
    event = db.session.get(Event, event_id) if event_id else None
    return "open" if event is not None and event.kind == "career_day" else "partner"


def _set_skills(position: Position, skills: list[tuple[int, int]]) -> None:
    """Replace the required skills with (skill_id, level) pairs, keeping unchanged rows."""
    wanted = dict(skills)
    known = set(db.session.scalars(
        db.select(Skill.id).where(Skill.id.in_(list(wanted)))) if wanted else [])
    if set(wanted) - known:
        raise DomainError(_("Choose skills from the list."), field="skills")
    for level in wanted.values():
        if not 1 <= level <= 5:
            raise DomainError(_("Levels go from 1 to 5."), field="skills")
    for row in list(position.skills):
        if row.skill_id not in wanted:
            position.skills.remove(row)
        else:
            row.required_level = wanted.pop(row.skill_id)
    for skill_id, level in wanted.items():
        position.skills.append(PositionSkill(skill_id=skill_id, required_level=level))


def create_position(*, company: Company, data: dict, skills: list[tuple[int, int]],
                    actor: User) -> Position:
    """A new draft position of a verified company."""
    ensure_company_can_act(company)
    _check_values(data)
    position = Position(company=company, status="draft",
                        **{k: data.get(k) for k in POSITION_FIELDS if k in data})
    db.session.add(position)
    _set_skills(position, skills)
    db.session.flush()
    record_audit("position.created", target=position, actor=actor,
                 details={"title": position.title})
    return position


def update_position(*, position: Position, data: dict, skills: list[tuple[int, int]],
                    actor: User) -> Position:
    """Edit a position's fields and required skills (allowed in any status)."""
    _check_values(data)
    changed = sorted(k for k in POSITION_FIELDS if k in data and getattr(position, k) != data[k])
    for name in changed:
        setattr(position, name, data[name])
    _set_skills(position, skills)
    db.session.flush()
    record_audit("position.updated", target=position, actor=actor, details={"fields": changed})
    return position


def set_position_status(*, position: Position, status: str, actor: User) -> Position:
    """Open or close a position; opening needs a verified company and a deadline not passed."""
    if position.status == status:
        return position  # a repeated click changes nothing
    if status not in POSITION_MOVES.get(position.status, ()):
        raise DomainError(_("This position cannot be moved to that state."))
    if status == "open":
        ensure_company_can_act(position.company)
        if position.deadline and position.deadline < date.today():
            raise DomainError(_("The deadline %(d)s has passed: edit the position and set a new "
                                "deadline before opening it.", d=position.deadline))
    previous = position.status
    position.status = status
    db.session.flush()
    record_audit(f"position.{status}", target=position, actor=actor,
                 details={"from": previous, "to": status})
    return position


def close_expired_positions(*, now: datetime) -> dict[str, int]:
    """Scheduled: close open positions whose deadline (a Hong Kong date) has passed."""
    today = local_date(now)
    expired = db.session.scalars(select(Position).where(
        Position.status == "open", Position.deadline.is_not(None), Position.deadline < today)
        .order_by(Position.id)).all()
    for position in expired:
        position.status = "closed"
        record_audit("position.closed", target=position,
                     details={"from": "open", "to": "closed", "reason": "deadline passed"})
    db.session.flush()
    return {"closed": len(expired)}


def set_student_skills(*, student: StudentProfile, levels: dict[int, int | None]) -> int:
    """Save a student's self-assessed levels (None removes a skill); returns rows changed."""
    existing = {row.skill_id: row for row in db.session.scalars(
        db.select(StudentSkill).where(StudentSkill.student_id == student.id))}
    changed = 0
    for skill_id, level in levels.items():
        row = existing.get(skill_id)
        if level is not None and not 1 <= level <= 5:
            raise DomainError(_("Levels go from 1 to 5."))
        if level is None and row is not None:
            db.session.delete(row)
            changed += 1
        elif level is not None and row is None:
            db.session.add(StudentSkill(student_id=student.id, skill_id=skill_id, level=level))
            changed += 1
        elif row is not None and level is not None and row.level != level:
            row.level = level
            changed += 1
    db.session.flush()
    if changed:
        # Imported here: programmes build on positions. Their skills-match scores follow.
        from foundry.programmes.services import refresh_matches

        refresh_matches(student=student)
    return changed
