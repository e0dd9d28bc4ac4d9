"""The CV library pages: list, add, download and delete one's own CVs."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from foundry.applications import cv, cv_library
from foundry.applications.forms import CvUploadForm
from foundry.common.errors import DomainError
from foundry.extensions import db
from foundry.permissions import role_required, student_of

bp = Blueprint("cvs", __name__, url_prefix="/me/cvs")


def _page(form: CvUploadForm, status: int = 200):
    student = student_of(current_user)
    entries = cv_library.library(student)
    return render_template("applications/cvs.html", form=form, entries=entries,
                           used={e.id: cv_library.applications_using(e) for e in entries},
                           full=len(entries) >= cv_library.MAX_CVS), status


@bp.get("")
@role_required("student", "external")
def library():
    """My CVs, newest first, with the upload form."""
    return _page(CvUploadForm(formdata=None))


@bp.post("")
@role_required("student", "external")
def add():
    """Add a CV (a PDF within the size limit) to my library."""
    form = CvUploadForm()
    if form.validate_on_submit():
        try:
            entry = cv_library.add_cv(student=student_of(current_user), stream=form.cv.data.stream,
                                      filename=form.cv.data.filename, label=form.label.data,
                                      actor=current_user)
        except DomainError as error:
            db.session.rollback()
            form.cv.errors = [*form.cv.errors, str(error)]
        else:
            db.session.commit()
            flash(_("“%(label)s” was added to your CVs.", label=entry.label), "success")
            return redirect(url_for("cvs.library"))
    return _page(form, 400)


def _own(cv_id: int):
    return cv_library.load_own_cv(student_of(current_user), cv_id) or abort(404)


@bp.get("/<int:cv_id>/file")
@role_required("student", "external")
def download(cv_id: int):
    """One of my CVs, as the PDF."""
    entry = _own(cv_id)
    try:
        data = cv.read_cv(entry.storage_key)
    except FileNotFoundError:
        abort(404)
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                         download_name=entry.filename, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<int:cv_id>/delete")
@role_required("student", "external")
def delete(cv_id: int):
    """Delete a CV from my library; applications sent with it keep their copy."""
    entry = _own(cv_id)
    label = entry.label
    kept = not cv_library.delete_cv(entry=entry, actor=current_user)
    db.session.commit()
    flash(_("“%(label)s” was deleted. Applications you sent with it keep that copy for the "
            "company.", label=label) if kept else _("“%(label)s” was deleted.", label=label),
          "success")
    return redirect(url_for("cvs.library"))
