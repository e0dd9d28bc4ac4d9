"""Activity metrics: internships, application funnel, clusters, employers, mentoring, skills gap.

Same rules as `metrics.py`: one aggregate query per function over the fact tables, scoped by
a `Scope`, grouped by university / faculty / programme / cohort / all, returning plain
dataclasses. Only internships in choices.INTERNSHIP_COUNTED count (a company must have confirmed
them); facts.py applies that rule when it builds the facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, literal, select, union_all

from foundry.dashboards.formulas import documented
from foundry.dashboards.metrics import (
    Scope,
    count_if,
    group_columns,
    group_label,
    grouped,
)
from foundry.extensions import db
from foundry.formatting import name_column
from foundry.models import Company, InternshipFact, Skill, SkillFact, StudentFact
from foundry.models.choices import EMPLOYED_CATEGORIES


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
    f = StudentFact
    key, label, joins = group_columns(by)
    stmt = (select(key, label, func.count(f.student_id), count_if(f.internships > 0),
                   func.coalesce(func.sum(f.internships), 0),
                   func.coalesce(func.sum(f.completed), 0),
                   func.coalesce(func.sum(f.return_offers), 0))
            .select_from(f).where(*scope.where(f)))
    return [InternshipRow(r[0], group_label(by, r[1]), *r[2:])
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
    f = StudentFact
    key, label, joins = group_columns(by)
    stmt = (select(key, label, count_if(f.applications > 0), func.sum(f.applications),
                   func.sum(f.shortlisted), func.sum(f.offered), func.sum(f.accepted))
            .select_from(f).where(*scope.where(f), f.applications > 0))
    return [FunnelRow(r[0], group_label(by, r[1]), *r[2:])
            for r in db.session.execute(grouped(stmt, by, key, label, joins))]


@dataclass(frozen=True)
class ClusterRow:
    """Counted internships and graduate hires at directory companies of one cluster."""

    cluster: str
    internships: int
    hires: int


@documented("clusters")
def cluster_counts(scope: Scope) -> list[ClusterRow]:
    """Internships and hires by company cluster (one UNION ALL query)."""
    i, f = InternshipFact, StudentFact
    interns = (select(Company.cluster.label("cluster"), literal(1).label("i"),
                      literal(0).label("h"))
               .select_from(i).join(Company, Company.id == i.company_id)
               .where(*scope.where(i)))
    hires = (select(Company.cluster, literal(0), literal(1))
             .select_from(f).join(Company, Company.id == f.employer_company_id)
             .where(*scope.where(f), f.category.in_(EMPLOYED_CATEGORIES)))
    both = union_all(interns, hires).subquery()
    stmt = (select(both.c.cluster, func.sum(both.c.i), func.sum(both.c.h))
            .group_by(both.c.cluster).order_by(both.c.cluster))
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
    f = StudentFact
    hires = func.count(f.student_id)
    stmt = (select(Company.id, Company.name, Company.cluster, hires).select_from(f)
            .join(Company, Company.id == f.employer_company_id)
            .where(*scope.where(f), f.category.in_(EMPLOYED_CATEGORIES),
                   Company.is_park_tenant.is_(True))
            .group_by(Company.id, Company.name, Company.cluster)
            .order_by(hires.desc(), Company.name).limit(limit))
    return [EmployerRow(*r) for r in db.session.execute(stmt)]


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
    f = StudentFact
    key, label, joins = group_columns(by)
    stmt = (select(key, label, func.count(f.student_id), count_if(f.pairs > 0),
                   func.coalesce(func.sum(f.pairs), 0), func.coalesce(func.sum(f.sessions), 0),
                   func.coalesce(func.sum(f.minutes), 0))
            .select_from(f).where(*scope.where(f)))
    return [MentoringRow(r[0], group_label(by, r[1]), *r[2:])
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
    r = SkillFact
    key, label, joins = group_columns(by, r)
    skill_name = name_column(Skill)
    stmt = (select(Skill.id, skill_name, key, label, func.sum(r.ratings), func.count(),
                   func.sum(r.gap_sum), func.sum(r.gap_ge1))
            .select_from(r).join(Skill, Skill.id == r.skill_id)
            .where(*scope.where(r)))
    for target, on in joins:
        stmt = stmt.outerjoin(target, on)
    stmt = stmt.group_by(Skill.id, skill_name, key, label).order_by(skill_name, label)
    return [GapRow(row[0], row[1], row[2], group_label(by, row[3]), *row[4:])
            for row in db.session.execute(stmt)]
