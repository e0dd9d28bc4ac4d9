"""Reads on positions: the Talent Pool (students), the company's own list, skill comparisons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from foundry.common.inputs import whole_number
from foundry.extensions import db
from foundry.models import (
    Application,
    Company,
    Event,
    Position,
    PositionSkill,
    Skill,
    StudentProfile,
    StudentSkill,
    TalentProgramme,
)
from foundry.models.choices import APPLICATION_CLOSED

PER_PAGE = 12


@dataclass(frozen=True)
class PoolFilters:
    """The Talent Pool filters, as read from the URL."""

    q: str | None = None
    cluster: str | None = None
    kind: str | None = None
    site: str | None = None
    mode: str | None = None
    paid: bool | None = None
    skill_id: int | None = None
    tag: str | None = None  # "programme:<id>" or "event:<id>"
    current: bool = True
    sort: str = "deadline"  # "deadline", "newest" or "match" (needs student_id)
    student_id: int | None = None  # whose skills "match" compares


POOL_SORTS = ("deadline", "newest", "match")


def skills_match_score(position_id, student_id, *, correlate):
    """A skills match, 0–100: the share of a position's required skills the student
    self-assesses at the required level or above (NULL when none is required). A SQL expression
    over the given position and student columns or values, correlated on `correlate`; the one
    rule for the company pipeline and the Talent Pool."""
    matched = (select(func.count()).select_from(PositionSkill)
               .join(StudentSkill, and_(StudentSkill.skill_id == PositionSkill.skill_id,
                                        StudentSkill.level >= PositionSkill.required_level))
               .where(PositionSkill.position_id == position_id,
                      StudentSkill.student_id == student_id)
               .correlate(correlate).scalar_subquery())
    required = (select(func.count()).select_from(PositionSkill)
                .where(PositionSkill.position_id == position_id)
                .correlate(correlate).scalar_subquery())
    return case((required == 0, None), else_=matched * 100 // required)


def visible_positions(*, open_only: bool = False) -> Select:
    """Positions students may see: open, of a verified company (company joined, eager);
    `open_only` for external talent, who see only positions open to everyone."""
    stmt = (select(Position).join(Position.company)
            .where(Position.status == "open", Company.vetting_status == "verified")
            .options(contains_eager(Position.company)))
    return stmt.where(Position.audience == "open") if open_only else stmt


def is_visible_to_students(position: Position, *, open_only: bool = False) -> bool:
    """The same rule as visible_positions(), for one loaded position."""
    return (position.status == "open" and position.company.is_verified
            and (not open_only or position.audience == "open"))


def pool(filters: PoolFilters, *, page: int, today: date | None = None,
         open_only: bool = False):
    """One page of the Talent Pool (skills and event loaded with it, no per-row queries)."""
    return db.paginate(pool_statement(filters, today=today, open_only=open_only), page=page,
                       per_page=PER_PAGE, error_out=False)


def pool_statement(filters: PoolFilters, *, today: date | None = None,
                   open_only: bool = False) -> Select:
    """The Talent Pool's query, filtered and sorted: the pages and the API both read it;
    `open_only` for external talent (positions open to everyone)."""
    stmt = visible_positions(open_only=open_only).options(
        selectinload(Position.programme),
        selectinload(Position.skills).joinedload(PositionSkill.skill),
        selectinload(Position.event))
    if filters.q:
        like = f"%{filters.q.strip()}%"
        stmt = stmt.where(or_(Position.title.ilike(like), Position.description.ilike(like),
                              Company.name.ilike(like)))
    for column, value in ((Position.cluster, filters.cluster), (Position.kind, filters.kind),
                          (Position.site, filters.site), (Position.mode, filters.mode)):
        if value:
            stmt = stmt.where(column == value)
    if filters.paid is not None:
        stmt = stmt.where(Position.paid.is_(filters.paid))
    if filters.skill_id:
        stmt = stmt.where(Position.skills.any(PositionSkill.skill_id == filters.skill_id))
    if filters.tag:
        kind, _sep, ident = filters.tag.partition(":")
        number = whole_number(ident) if kind in ("event", "programme") else None
        column = Position.event_id if kind == "event" else Position.programme_id
        stmt = stmt.where(column == (number if number is not None else -1))
    if filters.current:
        today = today or date.today()
        stmt = stmt.where(or_(Position.deadline.is_(None), Position.deadline >= today))
    if filters.sort == "match" and filters.student_id is not None:
        score = skills_match_score(Position.id, filters.student_id, correlate=Position)
        # Best match first; positions that require no skill after those that do.
        stmt = stmt.order_by(score.is_(None), score.desc(), Position.deadline.is_(None),
                             Position.deadline, Position.id)
    elif filters.sort == "newest":
        stmt = stmt.order_by(Position.created_at.desc(), Position.id.desc())
    else:
        stmt = stmt.order_by(Position.deadline.is_(None), Position.deadline, Position.id)
    return stmt


def skill_choices() -> list[tuple[int, str]]:
    """Active skills, competencies first, then by name."""
    rows = db.session.execute(select(Skill.id, Skill.name).where(Skill.active.is_(True))
                              .order_by(Skill.kind, Skill.name)).all()
    return [(row.id, row.name) for row in rows]


def event_choices() -> list[tuple[int, str]]:
    """Events a position may be linked to, newest first."""
    rows = db.session.execute(select(Event.id, Event.name, Event.starts_at)
                              .order_by(Event.starts_at.desc()).limit(100)).all()
    return [(row.id, f"{row.name} ({row.starts_at:%Y-%m-%d})") for row in rows]


def programme_choices() -> list[tuple[int, str]]:
    """Programmes a position may belong to, by name."""
    rows = db.session.execute(select(TalentProgramme.id, TalentProgramme.name)
                              .order_by(TalentProgramme.name)).all()
    return [(row.id, row.name) for row in rows]


def tag_choices() -> list[tuple[str, str]]:
    """Programmes and events, as one list of Talent Pool filter values."""
    return [*((f"programme:{pid}", name) for pid, name in programme_choices()),
            *((f"event:{eid}", name) for eid, name in event_choices())]


def load_position(position_id: int) -> Position | None:
    """One position with its company, event and required skills."""
    return db.session.scalar(
        select(Position).where(Position.id == position_id)
        .options(selectinload(Position.company), selectinload(Position.event),
                 selectinload(Position.programme),
                 selectinload(Position.skills).joinedload(PositionSkill.skill)))


def company_positions(company_id: int) -> list[tuple[Position, int, int]]:
    """A company's positions with (all applications, live applications) counts."""
    live = func.sum(case((Application.status.not_in(APPLICATION_CLOSED), 1), else_=0))
    counts = (select(Application.position_id, func.count(Application.id).label("n"),
                     func.coalesce(live, 0).label("live"))
              .group_by(Application.position_id).subquery())
    rows = db.session.execute(
        select(Position, func.coalesce(counts.c.n, 0), func.coalesce(counts.c.live, 0))
        .outerjoin(counts, counts.c.position_id == Position.id)
        .where(Position.company_id == company_id)
        .order_by(Position.status != "open", Position.created_at.desc())
    ).all()
    return [(p, n, live) for p, n, live in rows]


@dataclass(frozen=True)
class SkillMatch:
    """A required skill against a student's self-assessed level."""

    skill: Skill
    required: int
    level: int | None

    @property
    def verdict(self) -> str:
        """met / below / missing."""
        if self.level is None:
            return "missing"
        return "met" if self.level >= self.required else "below"


def skill_matches(position: Position, student: StudentProfile | None) -> list[SkillMatch]:
    """Each required skill of a position, with the student's level (one query)."""
    levels: dict[int, int] = {}
    ids = [row.skill_id for row in position.skills]
    if student is not None and ids:
        levels = dict(db.session.execute(
            select(StudentSkill.skill_id, StudentSkill.level)
            .where(StudentSkill.student_id == student.id, StudentSkill.skill_id.in_(ids))).all())
    rows = sorted(position.skills, key=lambda r: r.skill.name)
    return [SkillMatch(r.skill, r.required_level, levels.get(r.skill_id)) for r in rows]


def match_score(matches: list[SkillMatch]) -> int | None:
    """The skills match as a number 0–100, by the same met / below / missing rule: a met skill
    counts 1, one below the level ½, a missing one 0; None when the position lists no skills."""
    if not matches:
        return None
    points = sum(1.0 if m.verdict == "met" else 0.5 if m.verdict == "below" else 0.0
                 for m in matches)
    return round(100 * points / len(matches))


def student_skill_levels(student: StudentProfile) -> dict[int, int]:
    """A student's self-assessed levels by skill id."""
    return dict(db.session.execute(select(StudentSkill.skill_id, StudentSkill.level)
                                   .where(StudentSkill.student_id == student.id)).all())


def skills_by_kind() -> list[Skill]:
    """Active skills, competencies first, then by cluster (skills without one first) and name,
    so the self-assessment page can group them."""
    return list(db.session.scalars(select(Skill).where(Skill.active.is_(True))
                                   .order_by(Skill.kind != "competency", Skill.kind,
                                             Skill.cluster.is_not(None), Skill.cluster,
                                             Skill.name)))


def applied_statuses(student: StudentProfile | None, position_ids: list[int]) -> dict[int, str]:
    """{position id: status} of the student's live applications among these positions."""
    if student is None or not position_ids:
        return {}
    return dict(db.session.execute(select(Application.position_id, Application.status).where(
        Application.student_id == student.id, Application.position_id.in_(position_ids),
        Application.status.not_in(APPLICATION_CLOSED))).all())


def match_by_position(student: StudentProfile | None,
                      position_ids: list[int]) -> dict[int, int | None]:
    """{position id: the student's skills match 0–100, or None} for these positions."""
    if student is None or not position_ids:
        return {}
    score = skills_match_score(Position.id, student.id, correlate=Position)
    rows = db.session.execute(select(Position.id, score).where(Position.id.in_(position_ids)))
    return {pid: None if value is None else int(value) for pid, value in rows}


def live_application(student: StudentProfile, position: Position) -> Application | None:
    """The student's live application to a position, if any."""
    return db.session.scalar(select(Application).where(
        Application.student_id == student.id, Application.position_id == position.id,
        Application.status.not_in(APPLICATION_CLOSED)))
