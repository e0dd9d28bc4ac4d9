"""Activity metrics: internships, application funnel, clusters, employers, mentoring, skills gap.

Same rules as `metrics.py`: one aggregate query per function over the group summaries, scoped by
a `Scope`, grouped by university / faculty / programme / cohort / all, returning plain
dataclasses. Only internships in choices.INTERNSHIP_COUNTED count (a company must have confirmed
them); facts.py applies that rule when it builds the facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.sql.expression import ColumnElement

from foundry.dashboards.formulas import documented
from foundry.dashboards.metrics import (
    Scope,
    group_columns,
    group_label,
    grouped,
)
from foundry.extensions import db
from foundry.formatting import name_column
from foundry.models import ActivityGroup, ClusterGroup, Company, EmployerGroup, Skill, SkillGroup


def totals(*columns) -> list[ColumnElement]:
    """SUM of each summary column (0 when no row)."""
    return [func.coalesce(func.sum(column), 0) for column in columns]


@dataclass(frozen=True)
class InternshipRow:
    """Internship participation and return offers of one group."""

    key: int | str
    label: str
    cohort: int
    participants: int  # students with ≥ 1 counted internship
    internships: int
    completed: int
    return_offers: int


@documented("participation_rate")
def internship_counts(scope: Scope, by: str = "faculty") -> list[InternshipRow]:
    """Cohort, participants, internships, completed and return offers per group."""
    g = ActivityGroup
    key, label, joins = group_columns(by, g)
    stmt = (select(key, label, *totals(g.n, g.participants, g.internships, g.completed,
                                       g.return_offers))
            .select_from(g).where(*scope.where(g)))
    return [InternshipRow(r[0], group_label(by, r[1]), *map(int, r[2:]))
            for r in db.session.execute(grouped(stmt, by, key, label, joins))]


@documented("return_offer_rate")
def return_offer_rate(row: InternshipRow) -> float | None:
    """Share of completed internships that led to a job offer from the company."""
    return row.return_offers / row.completed if row.completed else None


@dataclass(frozen=True)
class FunnelRow:
    """How many applications of one group reached each stage (ever)."""

    key: int | str
    label: str
    applicants: int
    applications: int
    shortlisted: int
    offered: int
    accepted: int


@documented("funnel")
def funnel_counts(scope: Scope, by: str = "all") -> list[FunnelRow]:
    """Applications → shortlisted → offered → accepted, from the stage timestamps."""
    g = ActivityGroup
    key, label, joins = group_columns(by, g)
    stmt = (select(key, label, *totals(g.applicants, g.applications, g.shortlisted, g.offered,
                                       g.accepted))
            .select_from(g).where(*scope.where(g), g.applicants > 0))
    return [FunnelRow(r[0], group_label(by, r[1]), *map(int, r[2:]))
            for r in db.session.execute(grouped(stmt, by, key, label, joins))]


@dataclass(frozen=True)
class ClusterRow:
    """Counted internships and graduate hires at directory companies of one cluster."""

    cluster: str
    internships: int
    hires: int


@documented("clusters")
def cluster_counts(scope: Scope) -> list[ClusterRow]:
    """Internships and hires by company cluster (one query over the cluster summaries)."""
    g = ClusterGroup
    stmt = (select(g.cluster, *totals(g.internships, g.hires)).where(*scope.where(g))
            .group_by(g.cluster).order_by(g.cluster))
    return [ClusterRow(c, int(n_i or 0), int(n_h or 0)) for c, n_i, n_h in db.session.execute(stmt)]


@dataclass(frozen=True)
class EmployerRow:
    """Graduates employed at one Science Park company."""

    company_id: int
    name: str
    cluster: str
    hires: int


@documented("top_employers")
def top_employers(scope: Scope, limit: int = 15) -> list[EmployerRow]:
    """The Science Park companies employing most graduates of the scope."""
    g = EmployerGroup
    hires = func.sum(g.n)
    stmt = (select(Company.id, Company.name, Company.cluster, hires).select_from(g)
            .join(Company, Company.id == g.company_id)
            .where(*scope.where(g), Company.is_park_tenant.is_(True))
            .group_by(Company.id, Company.name, Company.cluster)
            .order_by(hires.desc(), Company.name).limit(limit))
    return [EmployerRow(*r[:3], int(r[3])) for r in db.session.execute(stmt)]


@dataclass(frozen=True)
class MentoringRow:
    """Mentoring reach of one group."""

    key: int | str
    label: str
    cohort: int
    mentored: int  # students with an active or closed mentorship
    pairs: int
    sessions: int
    minutes: int


@documented("mentoring_reach")
def mentoring_counts(scope: Scope, by: str = "faculty") -> list[MentoringRow]:
    """Cohort, mentored students, pairs, sessions and minutes per group."""
    g = ActivityGroup
    key, label, joins = group_columns(by, g)
    stmt = (select(key, label, *totals(g.n, g.mentored, g.pairs, g.sessions, g.minutes))
            .select_from(g).where(*scope.where(g)))
    return [MentoringRow(r[0], group_label(by, r[1]), *map(int, r[2:]))
            for r in db.session.execute(grouped(stmt, by, key, label, joins))]


@dataclass(frozen=True)
class GapRow:
    """Skills-gap sums for one skill in one group (means are derived, so rows add up)."""

    skill_id: int
    skill: str
    key: int | str
    label: str
    ratings: int
    students: int
    gap_sum: int
    gap_ge1: int

    @property
    def mean_gap(self) -> float | None:
        """Mean of expected − observed."""
        return self.gap_sum / self.ratings if self.ratings else None

    @property
    def share_ge1(self) -> float | None:
        """Share of ratings with a gap of at least one level."""
        return self.gap_ge1 / self.ratings if self.ratings else None


@documented("skills_gap")
def skills_gap(scope: Scope, by: str = "faculty") -> list[GapRow]:
    """Ratings, rated students, sum of gaps and gaps ≥ 1 per skill and group."""
    r = SkillGroup
    key, label, joins = group_columns(by, r)
    skill_name = name_column(Skill)
    stmt = (select(Skill.id, skill_name, key, label, *totals(r.ratings, r.n, r.gap_sum,
                                                             r.gap_ge1))
            .select_from(r).join(Skill, Skill.id == r.skill_id)
            .where(*scope.where(r)))
    for target, on in joins:
        stmt = stmt.outerjoin(target, on)
    stmt = stmt.group_by(Skill.id, skill_name, key, label).order_by(skill_name, label)
    return [GapRow(row[0], row[1], row[2], group_label(by, row[3]), *map(int, row[4:]))
            for row in db.session.execute(stmt)]
