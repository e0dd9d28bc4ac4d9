"""Import pages: upload → preview (every bad row) → confirm → applied in one transaction."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from foundry.common.errors import DomainError, attach_to_form
from foundry.common.forms import options
from foundry.exports.csv import csv_response
from foundry.extensions import db
from foundry.imports import queries, uploads
from foundry.imports.forms import KIND_LABELS, ConfirmForm, UploadForm
from foundry.imports.services import (
    KINDS,
    UNIVERSITY_KINDS,
    check_import,
    max_bytes,
    run_import,
)
from foundry.models import University
from foundry.permissions import can_import, dean_scope, is_admin, require, role_required

bp = Blueprint("imports", __name__, url_prefix="/imports")
PREVIEW_ERROR_LIMIT = 500


def _setup(form: UploadForm) -> None:
    """Kinds and universities the signed-in user may import into."""
    if is_admin(current_user):
        form.university.choices = [SelectChoice(0, _("— not needed for companies —"))] + [
            SelectChoice(u.id, f"{u.code} — {u.name}")
            for u in db.session.scalars(select(University).order_by(University.code))]
    else:
        form.kind.choices = options([c for c in KIND_LABELS if c[0] in UNIVERSITY_KINDS])
        university = current_user.dean_assignment.university
        form.university.choices = [SelectChoice(university.id,
                                                f"{university.code} — {university.name}")]
        form.university.data = university.id


def _render_index(form: UploadForm, status: int = 200):
    return render_template("imports/index.html", form=form, kinds=KINDS,
                           recent=queries.recent_imports(current_user),
                           max_mb=max_bytes() // (1024 * 1024)), status


def _university_for(kind: str, university_id: int | None) -> University | None:
    """The target university (a dean's own), or None for companies."""
    scope = dean_scope(current_user)
    if scope is not None:
        university_id = scope[0]
    if kind not in UNIVERSITY_KINDS or not university_id:
        return None
    return db.session.get(University, university_id)


@bp.route("/", methods=["GET", "POST"])
@role_required("admin", "dean")
def index():
    """Upload a CSV; file-level problems are shown by the file field, rows on the preview."""
    form = UploadForm()
    _setup(form)
    if not form.is_submitted():  # "upload a corrected file" comes back with the same choices
        form.kind.data = request.args.get("kind") or form.kind.data
        if is_admin(current_user):
            form.university.data = request.args.get("university", type=int)
    if not form.validate_on_submit():
        return _render_index(form, 422 if form.is_submitted() else 200)
    kind = form.kind.data
    university = _university_for(kind, form.university.data)
    if kind in UNIVERSITY_KINDS and university is None:
        form.university.errors = [*form.university.errors,
                                  _("Choose the university to import into.")]
        return _render_index(form, 422)
    require(can_import(current_user, kind, university.id if university else None))
    data = form.file.data.read(max_bytes() + 1)
    try:
        check_import(kind=kind, data=data, university=university,
                     faculty_id=_faculty_scope())
    except DomainError as error:
        attach_to_form(form, error)
        return _render_index(form, 422)
    upload = uploads.store_upload(data=data, kind=kind, user_id=current_user.id,
                                  university_id=university.id if university else None,
                                  filename=form.file.data.filename or "upload.csv")
    return redirect(url_for("imports.preview", token=upload.token), code=303)


def _faculty_scope() -> int | None:
    scope = dean_scope(current_user)
    return scope[1] if scope else None


def _load(token: str):
    """The caller's stored upload, its university, and the permission check."""
    found = uploads.load_upload(token, user_id=current_user.id)
    if found is None:
        abort(404)
    upload, data = found
    university = db.session.get(University, upload.university_id) if upload.university_id \
        else None
    require(can_import(current_user, upload.kind, upload.university_id))
    return upload, data, university


@bp.get("/preview/<token>")
@role_required("admin", "dean")
def preview(token: str):
    """What the file would do: counts to create/update/leave, and every bad row."""
    upload, data, university = _load(token)
    try:
        report, _plan = check_import(kind=upload.kind, data=data, university=university,
                                     faculty_id=_faculty_scope())
    except DomainError as error:
        uploads.discard_upload(token)
        flash(str(error), "danger")
        return redirect(url_for("imports.index"))
    return render_template("imports/preview.html", upload=upload, report=report,
                           university=university, form=ConfirmForm(token=token),
                           limit=PREVIEW_ERROR_LIMIT)


@bp.post("/apply")
@role_required("admin", "dean")
def apply():
    """Apply a previewed file in one transaction (all or nothing), then forget the file."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    upload, data, university = _load(form.token.data)
    try:
        report = run_import(kind=upload.kind, data=data, university=university,
                            faculty_id=_faculty_scope(), actor=current_user,
                            filename=upload.filename)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("imports.preview", token=upload.token))
    if not report.applied:
        db.session.rollback()
        return render_template("imports/preview.html", upload=upload, report=report,
                               university=university, form=form,
                               limit=PREVIEW_ERROR_LIMIT), 422
    db.session.commit()
    uploads.discard_upload(upload.token)
    flash(_("Import applied: %(c)s created, %(u)s updated, %(n)s unchanged.",
            c=report.created, u=report.updated, n=report.unchanged), "success")
    return redirect(url_for("imports.index"))


@bp.post("/discard")
@role_required("admin", "dean")
def discard():
    """Throw a previewed file away without applying it."""
    form = ConfirmForm()
    if form.validate_on_submit():
        _load(form.token.data)
        uploads.discard_upload(form.token.data)
        flash(_("The file was discarded; nothing was imported."), "info")
    return redirect(url_for("imports.index"))


@bp.get("/templates/<kind>.csv")
@role_required("admin", "dean")
def template(kind: str):
    """An empty CSV with the exact header row the import expects."""
    module = KINDS.get(kind)
    if module is None:
        abort(404)
    return csv_response(f"{kind}-import-template", module.HEADERS, [])


@bp.errorhandler(413)
def too_large(error):
    """An upload over the request limit: a clear message on the import page, not a crash."""
    flash(_("The file is larger than %(mb)s MB. Split it into smaller files.",
            mb=max_bytes() // (1024 * 1024)), "danger")
    return redirect(url_for("imports.index"), code=303)
