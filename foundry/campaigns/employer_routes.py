"""Company members confirm or deny the graduates who say they work at their company."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from foundry.campaigns import confirmations
from foundry.campaigns.forms import ConfirmationForm
from foundry.common.errors import DomainError
from foundry.extensions import db
from foundry.permissions import company_id_of, role_required

bp = Blueprint("employment", __name__, url_prefix="/employment")

PER_PAGE = 50


def _company_id() -> int:
    """The company the member acts for (404 without one)."""
    company_id = company_id_of(current_user)
    if company_id is None:
        abort(404)
    return company_id


@bp.get("/")
@role_required("company")
def index():
    """Graduates who report working at the company, to confirm or deny."""
    page = db.paginate(confirmations.claimed_stmt(_company_id()),
                       page=request.args.get("page", 1, type=int), per_page=PER_PAGE,
                       error_out=False)
    decided = confirmations.confirmations_of([o.id for o in page.items])
    return render_template("campaigns/employment.html", page=page, decided=decided)


@bp.post("/<int:outcome_id>")
@role_required("company")
def decide(outcome_id: int):
    """Confirm or deny one graduate's employment (only one who named this company)."""
    company_id = _company_id()
    form = ConfirmationForm()
    if not form.validate_on_submit():
        flash(_("Choose “Confirm” or “Deny”."), "danger")
        return redirect(url_for("employment.index"))
    try:
        entry = confirmations.decide_employment(outcome_id=outcome_id, company_id=company_id,
                                                decision=form.decision.data, actor=current_user)
    except confirmations.NotClaimed:
        db.session.rollback()
        abort(404)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("employment.index"))
    db.session.commit()
    flash(_("Confirmed: the graduate's record is marked as confirmed by the employer.")
          if entry.status == "confirmed" else
          _("Noted: you said this graduate does not work at your company."), "success")
    return redirect(url_for("employment.index"))
