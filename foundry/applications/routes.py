"""Application pages: apply, the student's list and decisions, the company pipeline, CVs."""

from __future__ import annotations

import io
from datetime import date, timedelta

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from foundry.applications import cv, cv_library, offers, queries, services
from foundry.applications.forms import ApplyForm, OfferForm, PipelineFilterForm
from foundry.common.audit import record_student_view
from foundry.common.errors import DomainError
from foundry.common.forms import options
from foundry.common.inputs import whole_number
from foundry.extensions import db
from foundry.formatting import day
from foundry.permissions import (
    can_view_application,
    can_view_position,
    company_id_of,
    is_talent,
    require,
    role_required,
    student_of,
)
from foundry.positions import queries as position_queries
from foundry.utils import safe_next_url

bp = Blueprint("applications", __name__)


@bp.post("/positions/<int:position_id>/apply")
@role_required("student", "external")
def apply(position_id: int):
    """Apply to a position with a note and a PDF CV."""
    position = position_queries.load_position(position_id) or abort(404)
    if not can_view_position(current_user, position):
        abort(404)
    student = student_of(current_user)
    form = ApplyForm(library=cv_library.library(student))
    if form.validate_on_submit():
        upload = form.cv.data
        try:
            entry = cv_library.chosen_cv(student, form)
            application, created = services.apply_to_position(
                student=student, position=position, note=form.note.data, cv_entry=entry,
                cv_stream=upload.stream if upload else None,
                cv_filename=upload.filename if upload else None)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            if error.field == "cv":
                form.cv.errors = [*form.cv.errors, str(error)]
            else:
                flash(str(error), "danger")
        except IntegrityError:  # the same student's other request won the race
            db.session.rollback()
            flash(_("You have already applied to this position."), "info")
            return redirect(url_for("applications.mine"))
        else:
            if created:
                flash(_("Your application was sent to %(company)s.",
                        company=position.company.name), "success")
            else:
                flash(_("You have already applied to this position (on %(d)s); nothing was "
                        "sent again.", d=day(application.submitted_at)), "info")
            return redirect(url_for("applications.mine"))
    return render_template("positions/detail.html", position=position,
                           matches=position_queries.skill_matches(position, student),
                           application=None, apply_form=form, can_manage=False,
                           today=date.today())


@bp.get("/me/applications")
@role_required("student", "external")
def mine():
    """The student's applications, with withdraw / accept / decline where allowed."""
    student = student_of(current_user)
    return render_template("applications/mine.html", applications=queries.mine(student),
                           internships=queries.internships_by_application(student),
                           moves=services.TRANSITIONS["student"],
                           can_undo=services.can_undo_withdrawal)


def _load(application_id: int):
    application = queries.load_application(application_id) or abort(404)
    require(can_view_application(current_user, application))
    return application


def _back(default: str) -> str:
    return safe_next_url(request.form.get("next")) or default


@bp.post("/applications/<int:application_id>/move")
@role_required("student", "external", "company")
def move(application_id: int):
    """Move one application (the company through its pipeline, the student to withdraw,
    accept or decline); the transition table decides what is allowed."""
    application = _load(application_id)
    to = request.form.get("to", "")
    default = (url_for("applications.mine") if is_talent(current_user)
               else url_for("applications.detail", application_id=application.id))
    if to == "offered" and application.status != "offered":
        flash(_("Make the offer with its terms (pay, start date, reply-by date) on the "
                "application's page."), "danger")
        return redirect(url_for("applications.detail", application_id=application.id))
    try:
        changed = services.move_application(application=application, to=to, actor=current_user,
                                            reason=request.form.get("reason") or None)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(_back(default))
    db.session.commit()
    if changed and to == "withdrawn":
        flash(_("Application withdrawn. You can undo this on My applications for %(n)s minutes.",
                n=services.UNDO_WITHDRAWAL_MINUTES), "success")
    elif changed:
        flash(_("Application is now: %(status)s.",
                status=services.status_label(application.status)), "success")
        if to == "accepted" and application.position.kind == "internship":
            flash(_("Your internship at %(company)s is confirmed.",
                    company=application.position.company.name), "success")
    return redirect(_back(default))


@bp.post("/applications/<int:application_id>/undo-withdrawal")
@role_required("student")
def undo_withdrawal(application_id: int):
    """Take back a withdrawal made in the last few minutes."""
    application = _load(application_id)
    try:
        services.undo_withdrawal(application=application, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("applications.mine"))
    db.session.commit()
    flash(_("Withdrawal undone: your application is %(status)s again.",
            status=services.status_label(application.status)), "success")
    return redirect(url_for("applications.mine"))


@bp.get("/company/applicants")
@role_required("company")
def pipeline():
    """The company's applicants, filtered by position and status, with bulk actions."""
    company_id = company_id_of(current_user)
    form = PipelineFilterForm(request.args)
    form.position.choices = options(queries.company_position_choices(company_id),
                                    _("All positions"))
    form.validate()
    position = form.position.data if not form.position.errors else None
    status = form.status.data if not form.status.errors else None
    pages = queries.pipeline(company_id=company_id,
                             position_id=int(position) if position else None,
                             status=status or None,
                             q=(form.q.data or "").strip() if not form.q.errors else None,
                             sort=form.sort.data if not form.sort.errors else "newest",
                             page=request.args.get("page", 1, type=int) or 1)
    return render_template("applications/pipeline.html", form=form, pages=pages,
                           match=queries.match_of([a.id for a in pages.items]),
                           company=current_user.membership.company,
                           moves=services.TRANSITIONS["company"])


@bp.post("/company/applicants/bulk")
@role_required("company")
def bulk():
    """Shortlist or reject several applicants in one transaction: all or nothing."""
    ids = [n for i in request.form.getlist("ids") if (n := whole_number(i, low=1)) is not None]
    to = request.form.get("to", "")
    applications = queries.of_company(company_id=company_id_of(current_user), ids=ids)
    back = _back(url_for("applications.pipeline"))
    try:
        if len(applications) != len(set(ids)):
            raise DomainError(_("Nothing was changed: some selected applications are not "
                                "yours."))
        changed = services.bulk_move(applications=applications, to=to, actor=current_user,
                                     reason=request.form.get("reason") or None)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(back)
    db.session.commit()
    flash(_("%(n)s applicant(s) moved to %(status)s.", n=changed,
            status=services.status_label(to)), "success")
    return redirect(back)


@bp.get("/applications/<int:application_id>")
@role_required("student", "external", "company", "admin")
def detail(application_id: int):
    """One application: note, CV, timeline, skills against the position, allowed moves."""
    application = _load(application_id)
    record_student_view(student=application.student, page="application", target=application)
    db.session.commit()
    return _detail_page(application, offer_form=_offer_form(application))


def _detail_page(application, *, offer_form: OfferForm | None):
    role = "student" if is_talent(current_user) else "company"
    return render_template(
        "applications/detail.html", application=application,
        matches=position_queries.skill_matches(application.position, application.student),
        moves=sorted(services.allowed_moves(actor_role=role, status=application.status)),
        can_act=current_user.role in ("student", "external", "company"),
        offer_form=offer_form, offer_terms=offers.describe_terms(application))


def _offer_form(application) -> OfferForm | None:
    """The offer form, filled from the position, when the company may make an offer now."""
    if current_user.role != "company" or "offered" not in services.allowed_moves(
            actor_role="company", status=application.status):
        return None
    position, today = application.position, offers.today()
    start = position.start_date if position.start_date and position.start_date > today else None
    reply_by = today + timedelta(days=7)
    if start is not None and reply_by > start:
        reply_by = start
    return OfferForm(today=today, formdata=None, data={
        "pay_kind": "stipend" if position.kind == "internship" else "salary",
        "amount": position.pay_min if position.paid else 0,
        "pay_period": position.pay_period, "start_date": start, "reply_by": reply_by})


@bp.post("/applications/<int:application_id>/offer")
@role_required("company")
def offer(application_id: int):
    """Make an offer with its terms; the form comes back with every error by its field."""
    application = _load(application_id)
    form = OfferForm(today=offers.today())
    if form.validate_on_submit():
        try:
            changed = offers.make_offer(application=application, actor=current_user,
                                        terms=form.terms())
        except DomainError as error:
            db.session.rollback()
            if error.field and error.field in form:
                form[error.field].errors = [*form[error.field].errors, str(error)]
            else:
                flash(str(error), "danger")
        else:
            db.session.commit()
            if changed:
                flash(_("Offer sent to %(name)s: %(terms)s",
                        name=services.student_name(application),
                        terms=offers.describe_terms(application)), "success")
            return redirect(url_for("applications.detail", application_id=application.id))
    return _detail_page(application, offer_form=form)


@bp.get("/applications/<int:application_id>/cv", endpoint="cv")
@role_required("student", "external", "company", "admin")
def cv_download(application_id: int):
    """The CV, only to the applicant, the position's company and admins."""
    application = _load(application_id)
    if not application.cv_path:
        abort(404)
    try:
        data = cv.read_cv(application.cv_path)
    except FileNotFoundError:
        abort(404)
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                         download_name=cv.display_name(application.cv_filename), max_age=0)
    response.headers["Cache-Control"] = "private, no-store"  # personal data: never cached
    record_student_view(student=application.student, page="cv", target=application)
    db.session.commit()
    return response
