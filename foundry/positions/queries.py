"""Reads on positions: the Talent Pool (students), the company's own list, skill comparisons."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import (
    CTE,
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import contains_eager, selectinload

from foundry.common.inputs import whole_number
from foundry.common.pages import RowPage, page_of
from foundry.extensions import db
from foundry.formatting import bracketed, day, name_column
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
from foundry.positions.search import matches, relevance, search_terms

PER_PAGE = 12
POOL_WINDOW = 1000  # the most positions one Talent Pool listing reads and ranks


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
    sort: str = "relevance"  # "relevance" (when searching), "deadline", "newest", "match"
    student_id: int | None = None  # whose skills "match" compares


POOL_SORTS = ("relevance", "deadline", "newest", "match")


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


def _visible(open_only: bool) -> list[ColumnElement[bool]]:
    """Who students may see: open positions of verified companies (Company joined);
    `open_only` for external talent, who see only positions open to everyone."""
    conditions = [Position.status == "open", Company.vetting_status == "verified"]
    return [*conditions, Position.audience == "open"] if open_only else conditions


def visible_positions(*, open_only: bool = False) -> Select:
    """Positions students may see (see _visible), their company joined and loaded."""
    return (select(Position).join(Position.company).where(*_visible(open_only))
            .options(contains_eager(Position.company)))


def is_visible_to_students(position: Position, *, open_only: bool = False) -> bool:
    """The same rule as visible_positions(), for one loaded position."""
    return (position.status == "open" and position.company.is_verified
            and (not open_only or position.audience == "open"))


_LOADED_WITH = (selectinload(Position.programme),
                selectinload(Position.skills).joinedload(PositionSkill.skill),
                selectinload(Position.event))


def pool(filters: PoolFilters, *, page: int, today: date | None = None,
         open_only: bool = False) -> RowPage:
    """One page of the Talent Pool (skills and event loaded with it, no per-row queries).

    Whatever the platform's size, it reads the first POOL_WINDOW + 1 positions in deadline
    order (newest first when so sorted) through an index and stops there: a search ranks those
    by relevance, and when there are more the page says so ("more than 1,000") and the filters
    narrow them. Only the skills-match sort ranks every position, as each needs the student's
    comparison."""
    if filters.sort == "match" and filters.student_id is not None:
        stmt = pool_statement(filters, today=today, open_only=open_only)
        return page_of(stmt, page=page, per_page=PER_PAGE)
    page, window = max(1, page), _window(filters, today=today or date.today(),
                                         open_only=open_only)
    found = select(func.count()).select_from(window)
    rows = db.session.execute(
        select(window.c.id, found.scalar_subquery()).where(window.c.n <= POOL_WINDOW)
        .order_by(window.c.rank.desc(), window.c.n)
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    total = rows[0][1] if rows else db.session.scalar(found)
    ids = [row[0] for row in rows]
    loaded = {p.id: p for p in db.session.scalars(
        visible_positions().where(Position.id.in_(ids)).options(*_LOADED_WITH))} if ids else {}
    return RowPage(items=[loaded[i] for i in ids if i in loaded], page=page, per_page=PER_PAGE,
                   total=min(total or 0, POOL_WINDOW), more=(total or 0) > POOL_WINDOW)


def _window(filters: PoolFilters, *, today: date, open_only: bool) -> CTE:
    """The first POOL_WINDOW + 1 matches in the listing's order, numbered (n), each with its
    relevance (rank; 0 when not searching). "Not past its deadline" is read as two index
    ranges — a deadline from today on, then no deadline — each stopping after the window,
    since an OR of the two would make PostgreSQL read and sort every open position."""
    terms = search_terms(filters.q)
    rank = relevance(terms) if terms and filters.sort == "relevance" else literal(0)
    newest = filters.sort == "newest"
    order = ((Position.created_at.desc(), Position.id.desc()) if newest
             else (Position.deadline.asc().nulls_last(), Position.id))
    base = _filtered(select(Position.id, Position.deadline, Position.created_at,
                            rank.label("rank")).join(Position.company),
                     replace(filters, current=False), today=today, open_only=open_only)
    ranges = ((Position.deadline >= today, Position.deadline.is_(None)) if filters.current
              else (true(),))
    parts = union_all(*(select(base.where(r).order_by(*order).limit(POOL_WINDOW + 1)
                               .subquery()) for r in ranges)).subquery("pool_parts")
    merged = ((parts.c.created_at.desc(), parts.c.id.desc()) if newest
              else (parts.c.deadline.asc().nulls_last(), parts.c.id))
    return (select(parts.c.id, parts.c.rank, func.row_number().over(order_by=merged).label("n"))
            .order_by(*merged).limit(POOL_WINDOW + 1).cte("pool_window"))


def _filtered(stmt: Select, filters: PoolFilters, *, today: date | None,
              open_only: bool) -> Select:
    """`stmt` (positions joined to their company) narrowed to what the filters let through."""
    stmt = stmt.where(*_visible(open_only))
    terms = search_terms(filters.q)
    if terms:
        stmt = stmt.where(matches(terms))
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
    return stmt


def pool_statement(filters: PoolFilters, *, today: date | None = None,
                   open_only: bool = False) -> Select:
    """The Talent Pool's query, every match filtered and sorted (the API pages through it
    with exact totals; the pages read pool()); `open_only` for external talent."""
    stmt = _filtered(select(Position).join(Position.company)
                     .options(contains_eager(Position.company), *_LOADED_WITH),
                     filters, today=today, open_only=open_only)
    terms = search_terms(filters.q)
    if filters.sort == "relevance" and terms:
        stmt = stmt.order_by(relevance(terms).desc())
    if filters.sort == "match" and filters.student_id is not None:
        score = skills_match_score(Position.id, filters.student_id, correlate=Position)
        # Best match first; positions that require no skill after those that do.
        stmt = stmt.order_by(score.is_(None), score.desc(), Position.deadline.asc().nulls_last(),
                             Position.id)
    elif filters.sort == "newest":
        stmt = stmt.order_by(Position.created_at.desc(), Position.id.desc())
    else:
        stmt = stmt.order_by(Position.deadline.asc().nulls_last(), Position.id)
    return stmt


def skill_choices() -> list[tuple[int, str]]:
    """Active skills, competencies first, then by name."""
    name = name_column(Skill)
    rows = db.session.execute(select(Skill.id, name).where(Skill.active.is_(True))
                              .order_by(Skill.kind, name)).all()
    return [(row[0], row[1]) for row in rows]


def event_choices() -> list[tuple[int, str]]:
    """Events a position may be linked to, newest first."""
    rows = db.session.execute(select(Event.id, Event.name, Event.starts_at)
                              .order_by(Event.starts_at.desc()).limit(100)).all()
    return [(row.id, f"{row.name}{bracketed(day(row.starts_at))}") for row in rows]


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
