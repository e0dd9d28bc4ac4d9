"""Internship pages: a student's list and form, the company's list, details and actions,
the admins' list, and the supervisor's signed confirmation link."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from foundry.auth.tokens import TokenError
from foundry.common.audit import record_student_view
from foundry.common.errors import DomainError, attach_to_form, attach_unseen
from foundry.extensions import db
from foundry.feedback.queries import overdue_count
from foundry.internships import confirmation, queries, services, validation
from foundry.internships.forms import (
    InternshipForm,
    LinkCompanyForm,
    TransitionForm,
    options,
)
from foundry.internships.validation import InternshipDetails
from foundry.models import Company, Internship
from foundry.models.choices import INTERNSHIP_STATUSES, label
from foundry.permissions import (
    get_or_404,
    internship_side,
    require,
    role_required,
    student_of,
    token_only,
)

bp = Blueprint("internships", __name__, url_prefix="/internships")


def _page() -> int:
    return request.args.get("page", 1, type=int) or 1


def _details(form: InternshipForm) -> InternshipDetails:
    """The form's values as the service's input (the company is one of the select's)."""
    company = db.session.get(Company, form.company_id.data) if form.company_id.data else None
    return InternshipDetails(
        company=company, company_name=form.company_name.data, title=form.title.data or "",
        start_date=form.start_date.data, end_date=form.end_date.data,
        hours_per_week=form.hours_per_week.data, paid=form.paid.data,
        stipend_monthly=form.stipend_monthly.data, mode=form.mode.data, site=form.site.data,
        supervisor_email=form.supervisor_email.data)


def _add_rule_errors(form: InternshipForm, student, exclude_id: int | None = None) -> None:
    """When the form's own checks failed, also run the service's rules on what could be read,
    so every problem shows in one round (not the date order only after the rest is fixed)."""
    if form.start_date.data is None or form.end_date.data is None \
            or form.hours_per_week.data is None:
        return
    try:
        validation.check_details(student=student, details=validation.clean_details(
            _details(form)), exclude_id=exclude_id)
    except DomainError as error:
        attach_unseen(form, error)


def _load(internship_id: int) -> tuple[Internship, str]:
    """The internship (404) and the viewer's side of it (403 when they have none)."""
    internship = queries.load_internship(internship_id)
    if internship is None:
        get_or_404(Internship, internship_id)  # answers 404
    side = internship_side(current_user, internship)
    require(side is not None)
    return internship, side


@bp.get("/mine")
@role_required("student", "external")
def mine():
    """The student's internships, with their confirmation status."""
    return render_template("internships/mine.html",
                           internships=queries.student_internships(current_user.student))


@bp.route("/new", methods=["GET", "POST"])
@role_required("student", "external")
def new():
    """Log an internship found elsewhere; it waits for the company's confirmation."""
    form = InternshipForm()
    form.set_companies(queries.verified_companies())
    if form.validate_on_submit():
        try:
            internship = services.log_internship(student=current_user.student,
                                                 details=_details(form))
        except DomainError as error:
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Internship logged. It counts once the company confirms it."), "success")
            return redirect(url_for("internships.detail", internship_id=internship.id))
    elif form.is_submitted():
        _add_rule_errors(form, current_user.student)
    return render_template("internships/form.html", form=form, internship=None)


@bp.route("/<int:internship_id>/edit", methods=["GET", "POST"])
@role_required("student", "external")
def edit(internship_id: int):
    """Correct a pending internship the student logged."""
    internship, side = _load(internship_id)
    require(side == "student")
    form = InternshipForm(obj=internship)
    form.set_companies(queries.verified_companies())
    if internship.status != "pending" or internship.source != "logged":
        flash(_("Only an internship you logged that is still pending confirmation can be "
                "changed."), "warning")
        return redirect(url_for("internships.detail", internship_id=internship.id))
    if form.validate_on_submit():
        try:
            services.update_logged_internship(internship=internship, details=_details(form))
        except DomainError as error:
            attach_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Internship updated."), "success")
            return redirect(url_for("internships.detail", internship_id=internship.id))
    elif form.is_submitted():
        _add_rule_errors(form, current_user.student, exclude_id=internship.id)
    return render_template("internships/form.html", form=form, internship=internship)


@bp.post("/<int:internship_id>/delete")
@role_required("student", "external")
def delete(internship_id: int):
    """Delete a pending internship the student logged."""
    internship, side = _load(internship_id)
    require(side == "student")
    try:
        services.delete_logged_internship(internship=internship)
    except DomainError as error:
        flash(str(error), "danger")
        return redirect(url_for("internships.detail", internship_id=internship.id))
    db.session.commit()
    flash(_("Internship deleted."), "success")
    return redirect(url_for("internships.mine"))


def _render_detail(internship: Internship, side: str, *, dispute_form=None):
    link_form, evidence = None, None
    if side == "admin" and internship.company_id is None:
        link_form = LinkCompanyForm()
        link_form.company_id.choices = options(queries.directory_companies())
    if side == "admin" and internship.supervisor_confirmed_at is not None:
        evidence = queries.review_evidence(internship)
    return render_template(
        "internships/detail.html", internship=internship, side=side,
        actions=services.allowed_actions(internship, side),
        dispute_form=dispute_form or TransitionForm(action="dispute"), link_form=link_form,
        evidence=evidence,
        supervisor_link=bool(internship.supervisor_email)
        and not confirmation.company_confirms_itself(internship))


@bp.get("/<int:internship_id>")
@role_required("student", "external", "company", "admin")
def detail(internship_id: int):
    """One internship, with the actions the viewer's side may take."""
    internship, side = _load(internship_id)
    record_student_view(student=internship.student, page="internship", target=internship)
    db.session.commit()
    return _render_detail(internship, side)


@bp.post("/<int:internship_id>/transition")
@role_required("student", "external", "company", "admin")
def transition(internship_id: int):
    """Confirm, dispute (with a reason), complete or end early, as the table allows."""
    internship, side = _load(internship_id)
    form = TransitionForm()
    if not form.validate_on_submit():
        flash(_("Choose an action."), "danger")
        return redirect(url_for("internships.detail", internship_id=internship.id))
    try:
        services.transition_internship(internship=internship, action=form.action.data,
                                       side=side, actor=current_user, reason=form.reason.data)
    except DomainError as error:
        if error.field == "reason":
            attach_to_form(form, error)
            return _render_detail(internship, side, dispute_form=form), 400
        flash(str(error), "danger")
        return redirect(url_for("internships.detail", internship_id=internship.id))
    db.session.commit()
    flash(_("The internship is now “%(status)s”.",
            status=label(INTERNSHIP_STATUSES, internship.status)), "success")
    return redirect(url_for("internships.detail", internship_id=internship.id))


@bp.post("/<int:internship_id>/link-company")
@role_required("admin")
def link_company(internship_id: int):
    """Link an internship logged under a typed name to a directory company."""
    internship, _side = _load(internship_id)
    form = LinkCompanyForm()
    form.company_id.choices = options(queries.directory_companies())
    if not form.validate_on_submit():
        flash(_("Choose a directory company."), "danger")
        return redirect(url_for("internships.detail", internship_id=internship.id))
    try:
        services.link_company(internship=internship,
                              company=get_or_404(Company, form.company_id.data))
    except DomainError as error:
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("Linked to %(company)s.", company=internship.employer_name), "success")
    return redirect(url_for("internships.detail", internship_id=internship.id))


@bp.get("/company")
@role_required("company")
def company_list():
    """The company's interns: confirmations waiting first; overdue feedback counted."""
    require(current_user.membership is not None)
    company = current_user.membership.company
    return render_template("internships/company_list.html", company=company,
                           page=queries.company_internships(company.id, page=_page()),
                           overdue=overdue_count(company_id=company.id))


@bp.get("/all")
@role_required("admin")
def admin_list():
    """Every internship, optionally of one status, or those awaiting an admin's review (their
    supervisor confirmed from an address outside the company's own domains)."""
    status = request.args.get("status") or None
    return render_template("internships/admin_list.html", status=status,
                           page=queries.all_internships(status=status, page=_page()),
                           overdue=overdue_count(company_id=None))


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@token_only
def confirm_by_link(token: str):
    """The supervisor's signed, single-use link: see the details, confirm or dispute."""
    try:
        internship = confirmation.internship_from_token(token)
    except TokenError as error:
        return render_template("internships/link_invalid.html", message=str(error)), \
            error.status
    own = student_of(current_user)
    if own is not None and own.id == internship.student_id:
        return render_template("internships/link_invalid.html", message=_(
            "This link is for your supervisor: an intern cannot confirm their own "
            "internship.")), 403
    form = TransitionForm()
    if request.method == "POST" and form.validate_on_submit() \
            and form.action.data in ("confirm", "dispute"):
        try:
            if form.action.data == "confirm" \
                    and not confirmation.supervisor_on_company_domain(internship):
                services.vouch_by_supervisor(internship=internship)
            else:
                services.transition_internship(internship=internship,
                                               action=form.action.data, side="supervisor",
                                               actor=None, reason=form.reason.data)
        except DomainError as error:
            attach_to_form(form, error)
        else:
            db.session.commit()
            return render_template("internships/link_done.html", internship=internship)
    elif request.method == "POST":
        form.form_errors.append(_("Choose “Confirm” or “Dispute”."))
    return render_template("internships/confirm_link.html", internship=internship, form=form,
                           token=token)
