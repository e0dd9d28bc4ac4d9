"""Admin writes for universities, faculties, programmes and the skills taxonomy.
They add/flush, audit with before/after, raise DomainError, and never commit."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.extensions import db
from foundry.models import Faculty, Programme, Skill, University, UniversityDomain


def snapshot(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The named attributes of a record, for an audit entry's before/after."""
    return {name: getattr(obj, name) for name in names}


def _clash(model, column, value: str, exclude_id: int | None, where=()) -> bool:
    """Whether another row already has this value (letter case ignored)."""
    stmt = select(model.id).where(func.lower(column) == value.lower(), *where)
    if exclude_id is not None:
        stmt = stmt.where(model.id != exclude_id)
    return db.session.scalar(stmt.limit(1)) is not None


UNIVERSITY_FIELDS = ("code", "name", "name_zh", "domains")


def _university_state(university: University) -> dict[str, Any]:
    state = snapshot(university, ("code", "name", "name_zh"))
    state["domains"] = sorted(d.domain for d in university.domains)
    return state


def save_university(*, university: University | None, code: str, name: str,
                    name_zh: str | None, domains: list[str]) -> University:
    """Create or edit a university; codes, names and domains are unique across universities."""
    code, name = code.strip(), name.strip()
    exclude = university.id if university is not None else None
    if _clash(University, University.code, code, exclude):
        raise DomainError(_("Another university already has the code %(c)s.", c=code),
                          field="code")
    if _clash(University, University.name, name, exclude):
        raise DomainError(_("Another university already has this name."), field="name")
    taken = db.session.execute(
        select(UniversityDomain.domain, University.code).join(University)
        .where(UniversityDomain.domain.in_(domains or [""]),
               UniversityDomain.university_id != (exclude or -1))).all()
    if taken:
        raise DomainError(_("Already used by another university: %(list)s.", list=", ".join(
            f"{d} ({c})" for d, c in taken)), field="domains")
    before = _university_state(university) if university is not None else None
    if university is None:
        university = University(code=code, name=name)
        db.session.add(university)
    university.code, university.name = code, name
    university.name_zh = (name_zh or "").strip() or None
    current = {d.domain: d for d in university.domains}
    for domain in list(current):
        if domain not in domains:
            university.domains.remove(current[domain])
    db.session.flush()  # free removed domains before adding (unique per domain)
    for domain in domains:
        if domain not in current:
            university.domains.append(UniversityDomain(domain=domain))
    db.session.flush()
    record_audit("admin.university_saved" if before else "admin.university_created",
                 target=university, details={"before": before,
                                             "after": _university_state(university)})
    return university


def add_faculty(*, university: University, name: str) -> Faculty:
    """Add a faculty (names unique within the university)."""
    name = name.strip()
    if _clash(Faculty, Faculty.name, name, None, (Faculty.university_id == university.id,)):
        raise DomainError(_("This university already has a faculty with that name."),
                          field="name")
    faculty = Faculty(university_id=university.id, name=name)
    db.session.add(faculty)
    db.session.flush()
    record_audit("admin.faculty_created", target=faculty,
                 details={"after": {"name": name, "university": university.code}})
    return faculty


def rename_faculty(*, faculty: Faculty, name: str) -> Faculty:
    """Rename a faculty; its students and programmes stay attached."""
    name = name.strip()
    if _clash(Faculty, Faculty.name, name, faculty.id,
              (Faculty.university_id == faculty.university_id,)):
        raise DomainError(_("This university already has a faculty with that name."),
                          field="name")
    before = faculty.name
    faculty.name = name
    db.session.flush()
    record_audit("admin.faculty_renamed", target=faculty,
                 details={"before": {"name": before}, "after": {"name": name}})
    return faculty


def save_programme(*, faculty: Faculty, programme: Programme | None, name: str,
                   degree_level: str) -> Programme:
    """Add or rename a programme (names unique within the faculty)."""
    name = name.strip()
    if _clash(Programme, Programme.name, name, programme.id if programme else None,
              (Programme.faculty_id == faculty.id,)):
        raise DomainError(_("This faculty already has a programme with that name."),
                          field="name")
    before = snapshot(programme, ("name", "degree_level")) if programme else None
    if programme is None:
        programme = Programme(faculty_id=faculty.id, name=name)
        db.session.add(programme)
    programme.name, programme.degree_level = name, degree_level
    db.session.flush()
    record_audit("admin.programme_saved" if before else "admin.programme_created",
                 target=programme, details={"before": before, "after": snapshot(
                     programme, ("name", "degree_level")) | {"faculty": faculty.name}})
    return programme


SKILL_FIELDS = ("name", "kind", "cluster", "description", "active")


def save_skill(*, skill: Skill | None, name: str, kind: str, cluster: str | None,
               description: str | None) -> Skill:
    """Add a skill or edit (rename) one; ratings and history follow it by id."""
    name = " ".join(name.split())
    if _clash(Skill, Skill.name, name, skill.id if skill else None):
        raise DomainError(_("A skill with this name already exists."), field="name")
    if kind == "competency":
        cluster = None
    before = snapshot(skill, SKILL_FIELDS) if skill else None
    if skill is None:
        skill = Skill(name=name, kind=kind, active=True)
        db.session.add(skill)
    skill.name, skill.kind, skill.cluster = name, kind, cluster or None
    skill.description = (description or "").strip() or None
    db.session.flush()
    record_audit("admin.skill_saved" if before else "admin.skill_created", target=skill,
                 details={"before": before, "after": snapshot(skill, SKILL_FIELDS)})
    return skill


def set_skill_active(*, skill: Skill, active: bool) -> Skill:
    """Retire a skill (no longer offered for new ratings) or bring it back; never deleted."""
    if skill.active == active:
        return skill
    skill.active = active
    db.session.flush()
    record_audit("admin.skill_reactivated" if active else "admin.skill_retired", target=skill,
                 details={"before": {"active": not active}, "after": {"active": active},
                          "name": skill.name})
    return skill
