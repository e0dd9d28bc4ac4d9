"""Free-text employer names (from outcomes and internships) merged into directory companies."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from foundry.admin import queries
from foundry.admin.forms import MergeEmployerForm
from foundry.admin.routes import bp, list_args
from foundry.admin.user_services import merge_employer
from foundry.common.errors import DomainError
from foundry.common.inputs import whole_number
from foundry.extensions import db
from foundry.models import Company
from foundry.permissions import role_required


def _form() -> MergeEmployerForm:
    form = MergeEmployerForm()
    form.company.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(i), name) for i, name in queries.company_choices()]
    return form


@bp.get("/employers")
@role_required("admin")
def employers():
    """Employer names typed as free text, with how many records use each, and the merge form."""
    args = list_args()
    return render_template("admin/employers.html", page=queries.employers_page(**args),
                           args=args, form=_form())


@bp.post("/employers/merge")
@role_required("admin")
def merge_employers():
    """Link every record naming an employer to a directory company (one transaction)."""
    form = _form()
    company = None
    if form.validate_on_submit() and whole_number(form.company.data, low=1) is not None:
        company = db.session.get(Company, int(form.company.data))
    if company is None:
        errors = [e for f in form for e in f.errors] or [_("Choose a directory company.")]
        flash(" ".join(str(e) for e in errors), "danger")
        return redirect(url_for("admin.employers", q=request.form.get("q", "")))
    try:
        counts = merge_employer(name=form.name.data, company=company)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("“%(name)s” merged into %(company)s: %(o)s outcomes, %(i)s internships.",
                name=form.name.data, company=company.name, o=counts["outcomes"],
                i=counts["internships"]), "success")
    return redirect(url_for("admin.employers"))
