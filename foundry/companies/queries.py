"""Reads on companies, each scoped to what the viewer may see."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from foundry.extensions import db
from foundry.models import Company, CompanyMember, Position

PER_PAGE = 20


def _search(stmt: Select, q: str | None, cluster: str | None) -> Select:
    if q:
        like = f"%{q.strip()}%"
        stmt = stmt.where(or_(Company.name.ilike(like), Company.description.ilike(like)))
    if cluster:
        stmt = stmt.where(Company.cluster == cluster)
    return stmt


def verified_directory(*, q: str | None, cluster: str | None, page: int):
    """Verified companies by name (a page), and their open-position counts by company id."""
    stmt = _search(select(Company).where(Company.vetting_status == "verified"), q, cluster)
    pages = db.paginate(stmt.order_by(Company.name), page=page, per_page=PER_PAGE,
                        error_out=False)
    ids = [company.id for company in pages.items]
    counts = dict(db.session.execute(
        select(Position.company_id, func.count(Position.id))
        .where(Position.company_id.in_(ids), Position.status == "open")
        .group_by(Position.company_id)
    ).all()) if ids else {}
    return pages, counts


def admin_companies(*, q: str | None, cluster: str | None, status: str | None, page: int):
    """Every company for vetting, pending first, with their members loaded."""
    stmt = _search(select(Company), q, cluster)
    if status:
        stmt = stmt.where(Company.vetting_status == status)
    pending_first = (Company.vetting_status != "pending")
    stmt = stmt.options(selectinload(Company.members).selectinload(CompanyMember.user))
    return db.paginate(stmt.order_by(pending_first, Company.name), page=page, per_page=PER_PAGE,
                       error_out=False)


def open_positions_of(company: Company) -> list[Position]:
    """A company's open positions, soonest deadline first."""
    return list(db.session.scalars(
        select(Position).where(Position.company_id == company.id, Position.status == "open")
        .order_by(Position.deadline.is_(None), Position.deadline)
    ))
