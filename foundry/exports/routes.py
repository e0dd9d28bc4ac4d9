"""CSV downloads of the lists each role can see, scoped exactly like the pages; audited."""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import current_user

from foundry.common.audit import record_audit
from foundry.exports import queries
from foundry.exports.csv import csv_response
from foundry.extensions import db
from foundry.models import Company
from foundry.models.choices import APPLICATION_STATUSES, values
from foundry.permissions import (
    company_id_of,
    is_admin,
    role_required,
    step_up_required,
    student_of,
)

bp = Blueprint("exports", __name__, url_prefix="/exports")


def _send(what: str, headers, rows, *, filters: dict | None = None, target=None,
          count: int | None = None):
    """Audit the export (what, how many rows, which filters), commit, and send the CSV
    (streamed; a lazy `rows` comes with its `count`)."""
    record_audit(f"export.{what}", target=target,
                 details={"rows": len(rows) if count is None else count,
                          "filters": {k: v for k, v in (filters or {}).items() if v}})
    db.session.commit()
    return csv_response(what.replace("_", "-"), headers, rows)


@bp.get("/users.csv")
@role_required("admin")
@step_up_required
def users():
    """The admin users list, with the page's search, role, status and sort."""
    from foundry.admin.queries import users_stmt
    from foundry.admin.views.users import user_filters

    filters = user_filters()
    stmt = users_stmt(**filters)
    headers, rows = queries.users_rows(stmt)
    return _send("users", headers, rows, filters=filters, count=queries.count_of(stmt))


@bp.get("/companies.csv")
@role_required("admin")
def companies():
    """Every company with its vetting status (search, cluster and status filters)."""
    filters = {"q": request.args.get("q", "")[:100], "cluster": request.args.get("cluster", ""),
               "status": request.args.get("status", "")}
    headers, rows = queries.companies_rows(**filters)
    return _send("companies", headers, rows, filters=filters)


@bp.get("/audit.csv")
@role_required("admin")
@step_up_required
def audit():
    """The audit trail with the page's filters."""
    from foundry.admin.queries import audit_stmt
    from foundry.admin.views.audit import audit_filters

    filters = audit_filters()
    headers, rows = queries.audit_rows(audit_stmt(**filters))
    return _send("audit", headers, rows, count=queries.count_of(audit_stmt(**filters)),
                 filters={k: str(v) if v else v for k, v in filters.items()})


@bp.get("/universities.csv")
@role_required("admin")
def universities():
    """Universities with their e-mail domains and faculties."""
    headers, rows = queries.universities_rows()
    return _send("universities", headers, rows)


@bp.get("/skills.csv")
@role_required("admin")
def skills():
    """The skills taxonomy."""
    headers, rows = queries.skills_rows()
    return _send("skills", headers, rows)


@bp.get("/outcomes.csv")
@role_required("dean", "admin")
@step_up_required
def outcomes():
    """Graduates and their current outcome, in the viewer's scope (a dean: own university)."""
    from foundry.outcomes.queries import GraduateFilters, current_outcomes_of, graduates_stmt

    filters = GraduateFilters.from_args(request.args)
    students = list(db.session.scalars(graduates_stmt(current_user, filters)).unique())
    found: dict = {}
    for start in range(0, len(students), 1000):
        found.update(current_outcomes_of([s.id for s in students[start:start + 1000]]))
    headers, rows = queries.outcomes_rows(students, found,
                                          with_salary=is_admin(current_user))
    return _send("outcomes", headers, rows, filters=vars(filters))


@bp.get("/applicants.csv")
@role_required("company", "admin")
@step_up_required
def applicants():
    """A company's applicants (a member: their own company; an admin: ?company_id=)."""
    if is_admin(current_user):
        company = db.session.get(Company, request.args.get("company_id", 0, type=int))
        if company is None:
            abort(404)
        company_id = company.id
    else:
        company_id = company_id_of(current_user)
        company = db.session.get(Company, company_id)
    status = request.args.get("status", "")
    filters = {"position_id": request.args.get("position", type=int),
               "status": status if status in values(APPLICATION_STATUSES) else None}
    headers, rows = queries.applicants_rows(company_id=company_id, **filters)
    return _send("applicants", headers, rows, filters=filters, target=company)


@bp.get("/my-applications.csv")
@role_required("student", "external")
@step_up_required
def my_applications():
    """The signed-in student's own applications."""
    student = student_of(current_user)
    if student is None:
        abort(404)
    headers, rows = queries.my_applications_rows(student)
    return _send("my_applications", headers, rows, target=student)
