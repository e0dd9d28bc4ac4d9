"""JSON API v1: reference data, the Talent Pool, the caller's own records, metrics, imports."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from foundry.api import metrics, writes
from foundry.api import serializers as out
from foundry.api.auth import rate_limit_key
from foundry.api.openapi import build_spec
from foundry.api.params import choice_arg, fail, paginated, text_arg
from foundry.extensions import csrf, db, limiter
from foundry.models import (
    Application,
    Company,
    Faculty,
    Internship,
    Position,
    University,
)
from foundry.models.base import utcnow
from foundry.models.choices import CLUSTERS, POSITION_KINDS, SITES, WORK_MODES, values
from foundry.permissions import (
    authenticated,
    is_external,
    public,
    role_required,
    student_of,
)
from foundry.positions.queries import POOL_SORTS, PoolFilters, pool_statement

bp = Blueprint("api", __name__, url_prefix="/api/v1")
writes.register(bp)
metrics.register(bp)
csrf.exempt(bp)  # bearer tokens only: session cookies are ignored under /api/
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=rate_limit_key)(bp)


@bp.after_request
def _record_token_use(response):
    """Persist the token's last-used time; a failed call's unfinished writes are rolled back."""
    from flask import g

    if response.status_code >= 400:
        db.session.rollback()
    token = g.get("api_token")
    if token is not None:
        token.last_used_at = utcnow()
        db.session.commit()
    return response


@bp.get("/openapi.json")
@public
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(build_spec())


@bp.get("/universities")
@public
def universities():
    """All member universities."""
    rows = db.session.scalars(select(University).options(selectinload(University.domains))
                              .order_by(University.code)).all()
    return jsonify(items=[out.university(u) for u in rows])


@bp.get("/universities/<code>/faculties")
@public
def faculties(code: str):
    """The faculties (with programmes) of one university."""
    university = db.session.scalar(select(University).where(University.code == code))
    if university is None:
        fail(404, f"No university with code '{code[:20]}'.")
    rows = db.session.scalars(
        select(Faculty).where(Faculty.university_id == university.id)
        .options(selectinload(Faculty.programmes)).order_by(Faculty.name)
    ).all()
    return jsonify(items=[out.faculty(f) for f in rows])


@bp.get("/companies")
@public
def companies():
    """Verified companies, filtered by cluster, site and name; paginated."""
    stmt = select(Company).where(Company.vetting_status == "verified").order_by(Company.name)
    if cluster := choice_arg("cluster", values(CLUSTERS)):
        stmt = stmt.where(Company.cluster == cluster)
    if site := choice_arg("site", values(SITES)):
        stmt = stmt.where(Company.site == site)
    if q := text_arg("q"):
        stmt = stmt.where(Company.name.ilike(f"%{q}%"))
    return paginated(stmt, out.company)


@bp.get("/positions")
@public
def positions():
    """The Talent Pool's positions (open, verified company, deadline not passed), filtered;
    best match first when searching, else newest first (or by deadline, or by best skills match
    for a student's token); paginated — read through positions/queries.py, as the pages are."""
    sort = choice_arg("sort", POOL_SORTS) or ("relevance" if text_arg("q") else "newest")
    student = student_of(current_user)
    if sort == "match" and student is None:  # a well-formed request this caller cannot make
        status = 403 if current_user.is_authenticated else 401
        fail(status, "sort=match compares your skills: send a student's or external talent's "
                     "token.", {"parameter": "sort"})
    filters = PoolFilters(cluster=choice_arg("cluster", values(CLUSTERS)),
                          kind=choice_arg("kind", values(POSITION_KINDS)),
                          mode=choice_arg("mode", values(WORK_MODES)), q=text_arg("q"),
                          sort=sort, student_id=student.id if student else None)
    return paginated(pool_statement(filters, open_only=is_external(current_user)), out.position)


@bp.get("/positions/<int:position_id>")
@public
def position(position_id: int):
    """One position of the Talent Pool."""
    visible = pool_statement(PoolFilters(), open_only=is_external(current_user))
    row = db.session.scalars(visible.where(Position.id == position_id)).unique().one_or_none()
    if row is None:
        fail(404, "No open position with that id.")
    return jsonify(out.position(row))


@bp.get("/me")
@authenticated
def me():
    """Who the token acts as, and its scope."""
    from flask import g

    token = g.get("api_token")
    return jsonify(id=current_user.id, email=current_user.email, role=current_user.role,
                   full_name=current_user.full_name, scope=token.scope if token else None)


@bp.get("/me/applications")
@role_required("student", "external")
def my_applications():
    """The calling student's applications, newest first; paginated."""
    stmt = (select(Application).where(Application.student_id == current_user.student.id)
            .options(selectinload(Application.position).selectinload(Position.company))
            .order_by(Application.updated_at.desc(), Application.id.desc()))
    return paginated(stmt, out.application)


@bp.get("/me/internships")
@role_required("student", "external")
def my_internships():
    """The calling student's internships, latest first; paginated."""
    stmt = (select(Internship).where(Internship.student_id == current_user.student.id)
            .options(selectinload(Internship.company))
            .order_by(Internship.start_date.desc(), Internship.id.desc()))
    return paginated(stmt, out.internship)


