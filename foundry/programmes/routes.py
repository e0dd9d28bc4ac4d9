"""Programme pages of applicants: programmes open to them, the one application (edited until
the window closes, then locked) and its stage. Staff pages register on the same blueprint."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from foundry.applications import cv_library
from foundry.common.errors import DomainError, DomainErrors, attach_to_form, attach_unseen
from foundry.common.forms import options
from foundry.extensions import db
from foundry.models import TalentProgramme
from foundry.permissions import get_or_404, role_required, student_of
from foundry.programmes import queries, services
from foundry.programmes.forms import ProgrammeApplicationForm
from foundry.programmes.stages import stage_label

bp = Blueprint("programmes", __name__)


@bp.get("/programmes")
@role_required("student", "external")
def index():
    """Programmes open to me today, and my programme applications with their stage."""
    student = student_of(current_user)
    return render_template("programmes/index.html",
                           programmes=queries.open_to(student, date.today()),
                           applications=queries.applications_of(student),
                           stage_label=stage_label)


def _prepare(form: ProgrammeApplicationForm, programme: TalentProgramme, student) -> None:
    choices = options(((p.id, f"{p.title} — {p.company.name}")
                       for p in services.eligible_positions(programme, student)),
                      _("— no choice —"))
    while len(form.preferences) < programme.max_preferences:
        form.preferences.append_entry()
    for rank, entry in enumerate(form.preferences, start=1):
        entry.choices = choices
        entry.label.text = _("Choice %(n)s", n=rank)


def _add_rule_errors(form: ProgrammeApplicationForm, programme: TalentProgramme, student,
                     application) -> None:
    """When the form's own checks failed, also run the service's rules on what could be read,
    so every problem shows in one round (the positions and the CV with a missing statement)."""
    try:
        services.check_application(
            student=student, programme=programme, existing=application,
            statement=form.statement.data, position_ids=[e.data for e in form.preferences],
            available_from=form.available_from.data, available_to=form.available_to.data,
            has_cv=bool(form.uploaded() or form.chosen_cv_id()))
    except DomainError as error:
        attach_unseen(form, error)


@bp.route("/programmes/<int:programme_id>/application", methods=["GET", "POST"])
@role_required("student", "external")
def my_application(programme_id: int):
    """Apply to a programme (statement, CV, ranked preferences, availability), edit the
    application while the window is open, and see its stage."""
    programme = get_or_404(TalentProgramme, programme_id)
    student = student_of(current_user)
    application = services.application_of(student, programme)
    if application is None and not programme.takes_applications:
        abort(404)
    editable = (programme.window_open(date.today()) and services.may_apply(student, programme)
                and (application is None or application.stage == "submitted"))
    form = ProgrammeApplicationForm(
        obj=application, library=cv_library.library(student),
        keep_label=_("Keep the CV you sent") if application is not None else None)
    if application is not None and not form.is_submitted():
        form.preferences.entries = []
        for preference in application.preferences:
            form.preferences.append_entry(preference.position_id)
    _prepare(form, programme, student)
    if form.is_submitted() and not form.validate():
        _add_rule_errors(form, programme, student, application)
    elif form.is_submitted():
        upload = form.uploaded()
        try:
            application, created = services.submit_programme_application(
                student=student, programme=programme, statement=form.statement.data,
                position_ids=[entry.data for entry in form.preferences],
                available_from=form.available_from.data, available_to=form.available_to.data,
                cv_stream=upload.stream if upload else None,
                cv_filename=upload.filename if upload else None,
                cv_entry=cv_library.chosen_cv(student, form))
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            if error.field or isinstance(error, DomainErrors):
                attach_to_form(form, error)
            else:  # window, eligibility, locking: said above the page, nothing changed
                flash(str(error), "danger")
        except IntegrityError:  # the same person's other request won the race
            db.session.rollback()
            flash(_("You have already applied to this programme."), "info")
            return redirect(url_for("programmes.my_application", programme_id=programme.id))
        else:
            flash(_("Your application to %(programme)s was submitted.", programme=programme.name)
                  if created else _("Your changes were saved."), "success")
            return redirect(url_for("programmes.my_application", programme_id=programme.id))
    return render_template("programmes/application.html", programme=programme, form=form,
                           application=application, editable=editable,
                           stage_label=stage_label, today=date.today())


# The staff views of this blueprint register themselves on `bp` when imported.
from foundry.programmes import admin_routes, review_routes  # noqa: E402,F401
