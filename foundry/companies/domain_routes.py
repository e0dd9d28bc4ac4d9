"""Admins keep each company's own e-mail domains (a supervisor's confirmation link counts
only from an address on one of them; see internships/confirmation.py)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from foundry.common.errors import DomainError, attach_to_form
from foundry.companies import services
from foundry.companies.forms import CompanyDomainForm
from foundry.companies.routes import bp
from foundry.extensions import db
from foundry.models import Company, CompanyDomain
from foundry.permissions import get_or_404, role_required


def _render(company: Company, form: CompanyDomainForm, status: int = 200):
    rows = db.session.scalars(select(CompanyDomain).where(CompanyDomain.company_id == company.id)
                              .order_by(CompanyDomain.domain)).all()
    return render_template("companies/domains.html", company=company, form=form, rows=rows,
                           website_domain=services.website_domain(company)), status


@bp.route("/admin/companies/<int:company_id>/domains", methods=["GET", "POST"])
@role_required("admin")
def domains(company_id: int):
    """The company's own e-mail domains: its website's, and those an admin verified."""
    company = get_or_404(Company, company_id)
    form = CompanyDomainForm()
    if form.validate_on_submit():
        try:
            services.add_company_domain(company=company, domain=form.domain.data,
                                        actor=current_user)
        except DomainError as error:
            db.session.rollback()
            attach_to_form(form, error)
            return _render(company, form, 400)
        db.session.commit()
        flash(_("Domain added."), "success")
        return redirect(url_for("companies.domains", company_id=company.id))
    return _render(company, form, 400 if form.errors else 200)


@bp.post("/admin/companies/<int:company_id>/domains/<int:domain_id>/delete")
@role_required("admin")
def remove_domain(company_id: int, domain_id: int):
    """Withdraw a verified domain."""
    row = get_or_404(CompanyDomain, domain_id)
    if row.company_id != company_id:
        return redirect(url_for("companies.domains", company_id=company_id))
    services.remove_company_domain(row=row, actor=current_user)
    db.session.commit()
    flash(_("Domain removed."), "success")
    return redirect(url_for("companies.domains", company_id=company_id))
