"""Reading and reviewing programme applications: the reviewer's queue, one application (the
admin also moves it there), rubric scores, declared conflicts and the CV."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from foundry.applications import cv
from foundry.common.audit import record_student_view
from foundry.common.errors import DomainError
from foundry.common.forms import options
from foundry.extensions import db
from foundry.models import ProgrammeApplication
from foundry.permissions import can_review_programme, is_admin, require, role_required
from foundry.positions import queries as position_queries
from foundry.programmes import queries, reviews, stages
from foundry.programmes.forms import ReviewForm, StageForm
from foundry.programmes.routes import bp


@bp.get("/reviews")
@role_required("admin", "reviewer")
def review_home():
    """The programmes I review, each with the applications still waiting for my review."""
    programmes = queries.reviewer_programmes(current_user)
    queues = [(p, queries.review_queue(p, current_user)) for p in programmes]
    return render_template("programmes/review_home.html", queues=queues)


def _load(programme_id: int, application_id: int) -> ProgrammeApplication:
    application = queries.load_application(programme_id, application_id) or abort(404)
    require(can_review_programme(current_user, application.programme))
    return application


def _review_form(application: ProgrammeApplication, review) -> ReviewForm:
    rubric = application.programme.rubric or [_("Overall")]
    form = ReviewForm()
    if not form.is_submitted() and review is not None and review.scores:
        form = ReviewForm(formdata=None, comment=review.comment)
        form.scores.entries = []
        for score in review.scores:
            form.scores.append_entry(str(score))
    while len(form.scores) < len(rubric):
        form.scores.append_entry()
    for entry, criterion in zip(form.scores, rubric, strict=False):
        entry.label.text = criterion
    return form


def _render(application: ProgrammeApplication, form: ReviewForm | None = None):
    review = reviews.review_of(application, current_user)
    student = application.student
    matches = {p.id: position_queries.skill_matches(p.position, student)
               for p in application.preferences}
    stage_form = StageForm(formdata=None)
    moves = sorted(stages.allowed_moves(application.stage), key=stages.ORDER.get)
    stage_form.to.choices = options(((s, stages.stage_label(s)) for s in moves), _("Choose…"))
    return render_template(
        "programmes/application_detail.html", application=application, student=student,
        review=review, form=form or _review_form(application, review), matches=matches,
        stage_form=stage_form, can_move=is_admin(current_user), stage_label=stages.stage_label)


@bp.get("/programmes/<int:programme_id>/applications/<int:application_id>")
@role_required("admin", "reviewer")
def application(programme_id: int, application_id: int):
    """One application: person, statement, preferences with skills match, reviews."""
    application = _load(programme_id, application_id)
    record_student_view(student=application.student, page="programme_application",
                        target=application)
    db.session.commit()
    return _render(application)


@bp.post("/programmes/<int:programme_id>/applications/<int:application_id>/review")
@role_required("admin", "reviewer")
def review(programme_id: int, application_id: int):
    """Save my rubric scores (a second save replaces the first)."""
    application = _load(programme_id, application_id)
    form = _review_form(application, None)
    if form.validate_on_submit():
        try:
            reviews.save_review(application=application, reviewer=current_user,
                                scores=[int(e.data) for e in form.scores],
                                comment=form.comment.data)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(_("Your review was saved."), "success")
            return redirect(url_for("programmes.application", programme_id=programme_id,
                                    application_id=application.id))
    return _render(application, form), 400 if form.is_submitted() else 200


@bp.post("/programmes/<int:programme_id>/applications/<int:application_id>/conflict")
@role_required("admin", "reviewer")
def conflict(programme_id: int, application_id: int):
    """Declare a conflict of interest: I do not score this application."""
    application = _load(programme_id, application_id)
    try:
        reviews.declare_conflict(application=application, reviewer=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(_("Conflict of interest recorded: you will not score this application."), "info")
    return redirect(url_for("programmes.application", programme_id=programme_id,
                            application_id=application.id))


@bp.get("/programmes/<int:programme_id>/applications/<int:application_id>/cv")
@role_required("admin", "reviewer")
def cv_download(programme_id: int, application_id: int):
    """The applicant's CV, to admins and the programme's reviewers."""
    application = _load(programme_id, application_id)
    if not application.cv_path:
        abort(404)
    try:
        response = send_file(cv.cv_file_path(application.cv_path), mimetype="application/pdf",
                             as_attachment=True, max_age=0,
                             download_name=cv.display_name(application.cv_filename))
    except FileNotFoundError:
        abort(404)
    response.headers["Cache-Control"] = "private, no-store"
    record_student_view(student=application.student, page="cv", target=application)
    db.session.commit()
    return response
