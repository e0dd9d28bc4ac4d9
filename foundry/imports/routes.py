"""Import pages: upload → checked in the background → preview (every bad row) → confirm →
applied in the background in one transaction → report. The job page shows progress and
survives a reload (foundry/imports/jobs.py keeps the state)."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
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
from foundry.imports.jobs import (
    RUNNING,
    choose_programmes,
    discard_job,
    report_of,
    request_apply,
    start_import,
)
from foundry.imports.services import KINDS, UNIVERSITY_KINDS, check_file_shape, max_bytes
from foundry.models import ImportJob, University
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
    try:  # size, encoding and columns are refused before anything is stored
        check_file_shape(kind=kind, data=data)
    except DomainError as error:
        attach_to_form(form, error)
        return _render_index(form, 422)
    upload = uploads.store_upload(data=data, kind=kind, user_id=current_user.id,
                                  university_id=university.id if university else None,
                                  filename=form.file.data.filename or "upload.csv")
    start_import(upload=upload, faculty_id=_faculty_scope())
    db.session.commit()  # the rows are checked in the background after this
    return redirect(url_for("imports.preview", token=upload.token), code=303)


def _faculty_scope() -> int | None:
    scope = dean_scope(current_user)
    return scope[1] if scope else None


def _load(token: str) -> ImportJob:
    """The caller's own import job (a foreign or unknown id is a 404), permission checked."""
    job = db.session.scalar(select(ImportJob).where(ImportJob.token == (token or "")[:40]))
    if job is None or job.user_id != current_user.id:
        abort(404)
    require(can_import(current_user, job.kind, job.university_id))
    return job


def _job_page(job: ImportJob, form: ConfirmForm | None = None, status: int = 200,
              problems: list[str] | None = None):
    university = db.session.get(University, job.university_id) if job.university_id else None
    return render_template("imports/preview.html", job=job, report=report_of(job),
                           university=university, form=form or ConfirmForm(token=job.token),
                           limit=PREVIEW_ERROR_LIMIT, problems=problems or [],
                           chosen=request.form if request.method == "POST" else {}), status


@bp.get("/preview/<token>")
@role_required("admin", "dean")
def preview(token: str):
    """The import job: progress while it runs; then the counts and every bad row, or the
    result once applied."""
    return _job_page(_load(token))


@bp.get("/status/<token>.json")
@role_required("admin", "dean")
def status(token: str):
    """The job's state and progress, polled by the job page while it runs."""
    job = _load(token)
    return jsonify({"status": job.status, "progress": job.progress,
                    "running": job.status in RUNNING})


@bp.post("/apply")
@role_required("admin", "dean")
def apply():
    """Queue a previewed file for applying (all or nothing, in the background)."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    job = _load(form.token.data)
    if job.status == "ready" and (problems := choose_programmes(job, request.form)):
        return _job_page(job, form, 422, problems)
    if not request_apply(job):
        if job.status == "applying":
            return redirect(url_for("imports.preview", token=job.token), code=303)
        return _job_page(job, form, 422)
    db.session.commit()
    db.session.refresh(job)  # without a broker it was applied right after the commit
    if job.status == "applied":
        report = report_of(job)
        flash(_("Import applied: %(c)s created, %(u)s updated, %(n)s unchanged.",
                c=report.created, u=report.updated, n=report.unchanged), "success")
        return redirect(url_for("imports.index"))
    if job.status == "failed":
        flash(job.message, "danger")
    return redirect(url_for("imports.preview", token=job.token), code=303)


@bp.post("/discard")
@role_required("admin", "dean")
def discard():
    """Throw a previewed file away without applying it."""
    form = ConfirmForm()
    if form.validate_on_submit():
        job = _load(form.token.data)
        discard_job(job)
        db.session.commit()
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
