"""Company pages: the member's profile, the students' directory, the admins' vetting list."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from foundry.common.errors import DomainError, attach_to_form
from foundry.companies import queries, services
from foundry.companies.forms import (
    AdminCompanyFilterForm,
    CompanyProfileForm,
    DirectoryFilterForm,
    VettingForm,
)
from foundry.extensions import db
from foundry.models import Company
from foundry.models.choices import VETTING_STATUSES, label
from foundry.permissions import get_or_404, is_admin, role_required

bp = Blueprint("companies", __name__)


def _page() -> int:
    return request.args.get("page", 1, type=int) or 1


@bp.route("/company/profile", methods=["GET", "POST"])
@role_required("company")
def profile():
    """A company member edits their company's profile."""
    company = current_user.membership.company
    form = CompanyProfileForm(obj=company)
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in services.PROFILE_FIELDS}
        data["website"] = data["website"] or None
        data["description"] = data["description"] or None
        try:
            services.update_company_profile(company=company, data=data, actor=current_user)
        except DomainError as error:
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Company profile saved."), "success")
            return redirect(url_for("companies.profile"))
    return render_template("companies/profile.html", form=form, company=company)


@bp.get("/companies")
@role_required("student", "external", "company", "admin")
def directory():
    """The directory of verified companies."""
    form = DirectoryFilterForm(request.args)
    form.validate()
    pages, counts = queries.verified_directory(q=form.q.data, cluster=form.cluster.data or None,
                                               page=_page())
    return render_template("companies/directory.html", form=form, pages=pages, counts=counts)


@bp.get("/companies/<int:company_id>")
@role_required("student", "external", "company", "admin")
def detail(company_id: int):
    """One company's public profile and open positions (verified companies only)."""
    company = get_or_404(Company, company_id)
    own = getattr(current_user.membership, "company_id", None) == company.id
    if not company.is_verified and not (is_admin(current_user) or own):
        abort(404)
    return render_template("companies/detail.html", company=company,
                           positions=queries.open_positions_of(company))


@bp.get("/admin/companies")
@role_required("admin")
def admin_list():
    """Admins vet companies: search, filter by status, verify or suspend."""
    form = AdminCompanyFilterForm(request.args)
    form.validate()
    pages = queries.admin_companies(q=form.q.data, cluster=form.cluster.data or None,
                                    status=form.status.data or None, page=_page())
    return render_template("companies/admin_list.html", form=form, pages=pages,
                           moves=services.VETTING_MOVES, vetting_form=VettingForm(),
                           rejection_text=services.rejection_text)


@bp.post("/admin/companies/<int:company_id>/vetting")
@role_required("admin")
def set_vetting(company_id: int):
    """Verify, suspend, reject or reopen a company (a reason is required to suspend; a
    category and a note to reject)."""
    company = get_or_404(Company, company_id)
    form = VettingForm()
    back = request.form.get("next") or ""
    target = back if back.startswith("/admin/companies") else url_for("companies.admin_list")
    if not form.validate_on_submit():
        flash(_("The decision could not be read; please try again."), "danger")
        return redirect(target)
    try:
        services.set_vetting_status(company=company, status=form.status.data,
                                    reason=form.reason.data, category=form.category.data,
                                    actor=current_user)
    except DomainError as error:
        flash(f"{company.name}: {error}", "danger")
        return redirect(target)
    db.session.commit()
    flash(_("%(name)s is now %(status)s.", name=company.name,
            status=label(VETTING_STATUSES, company.vetting_status)), "success")
    return redirect(target)


# The admins' e-mail domain pages and the suspension gate add themselves to this blueprint.
from foundry.companies import domain_routes, suspension  # noqa: E402,F401
