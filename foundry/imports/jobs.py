"""Imports as background jobs: upload → validated once in the background → preview → applied in
the background → report. The job row carries the state, the progress and the report.

Each step claims its job with a conditional UPDATE, so a task delivered twice (a worker killed
half-way, then redelivered) does the work once; applying is one transaction (all or nothing),
and re-applying a file changes nothing anyway.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import update

from foundry.common.errors import DomainError
from foundry.common.mail import in_language_of
from foundry.extensions import db
from foundry.imports import uploads
from foundry.imports.report import ImportReport, RowError
from foundry.imports.services import check_import, run_import
from foundry.jobs.queue import enqueue
from foundry.models import ImportJob, University, User

VALIDATE_TASK = "foundry.jobs.tasks.validate_import"
APPLY_TASK = "foundry.jobs.tasks.apply_import"
KEPT_ERRORS = 1000  # the page shows 500; `flask import` prints every one
RUNNING = ("validating", "applying")


def start_import(*, upload: uploads.StoredUpload, faculty_id: int | None) -> ImportJob:
    """A job for a stored upload; it is validated in the background after the commit."""
    job = ImportJob(token=upload.token, user_id=upload.user_id, kind=upload.kind,
                    university_id=upload.university_id, faculty_id=faculty_id,
                    filename=upload.filename, status="validating", progress=0)
    db.session.add(job)
    db.session.flush()
    enqueue(VALIDATE_TASK, job.id)
    return job


def report_of(job: ImportJob) -> ImportReport | None:
    """The job's report as an ImportReport (errors capped at KEPT_ERRORS)."""
    if job.report is None:
        return None
    data = dict(job.report)
    data["errors"] = [RowError(**error) for error in data.get("errors", [])]
    return ImportReport(**data)


def _keep(job: ImportJob, report: ImportReport) -> None:
    job.error_count, job.bad_lines = len(report.errors), report.bad_lines
    data = report.as_dict()
    data["errors"] = data["errors"][:KEPT_ERRORS]
    job.report = data


def _claim(job_id: int, *, before: tuple[str, ...], after: str) -> ImportJob | None:
    claimed = db.session.execute(
        update(ImportJob).where(ImportJob.id == job_id, ImportJob.status.in_(before))
        .values(status=after, progress=5).execution_options(synchronize_session=False))
    db.session.commit()
    return db.session.get(ImportJob, job_id) if claimed.rowcount == 1 else None


def _inputs(job: ImportJob) -> tuple[bytes, University | None, User] | None:
    found = uploads.load_upload(job.token, user_id=job.user_id)
    if found is None:
        return None
    university = db.session.get(University, job.university_id) if job.university_id else None
    return found[1], university, db.session.get(User, job.user_id)


def _progress(job: ImportJob, value: int) -> None:
    job.progress = value
    db.session.commit()


def validate_job(job_id: int) -> str:
    """Task body: check the whole file once; the job becomes ready or invalid. Commits."""
    job = db.session.get(ImportJob, job_id)
    if job is None or job.status != "validating":
        return "skipped"
    inputs = _inputs(job)
    if inputs is None:
        job.status, job.message = "invalid", _("The uploaded file is no longer available.")
        db.session.commit()
        return job.status
    data, university, user = inputs
    _progress(job, 20)
    with in_language_of(user):
        try:
            report, _plan = check_import(kind=job.kind, data=data, university=university,
                                         faculty_id=job.faculty_id)
        except DomainError as error:
            job.status, job.message, job.progress = "invalid", str(error)[:500], 100
            db.session.commit()
            return job.status
    _keep(job, report)
    job.status = "ready" if report.ok and (report.created or report.updated) else \
        ("invalid" if not report.ok else "applied")
    job.progress = 100
    db.session.commit()
    if job.status != "ready":
        uploads.discard_upload(job.token)
    return job.status


def choose_programmes(job: ImportJob, form) -> list[str]:
    """Keep the importer's answer to each near-typo programme of a ready job ("new", or the
    suggested programme's id) for applying; the problems (all at once) if any is missing."""
    report = report_of(job)
    if report is None or not report.near_typos:
        return []
    choices, problems = {}, []
    for i, typo in enumerate(report.near_typos):
        value = form.get(f"programme-{i}", "")
        if value not in ("new", str(typo["suggestion_id"])):
            problems.append(_("Line %(line)s: choose whether “%(name)s” is “%(suggestion)s” "
                              "or a new programme.", line=typo["lines"][0], name=typo["name"],
                              suggestion=typo["suggestion"]))
        choices[typo["key"]] = value
    if not problems:
        job.report = {**job.report, "programme_choices": choices}
    return problems


def request_apply(job: ImportJob) -> bool:
    """Queue a ready job for applying (the caller commits); False if it is not ready."""
    if job.status != "ready":
        return False
    job.status, job.progress = "applying", 0
    enqueue(APPLY_TASK, job.id)
    return True


def apply_job(job_id: int) -> str:
    """Task body: apply the file in one transaction (validated again inside it, since the data
    may have changed since the preview); the job becomes applied, invalid or failed."""
    job = _claim(job_id, before=("applying",), after="applying")
    if job is None:
        return "skipped"
    inputs = _inputs(job)
    if inputs is None:
        job.status, job.message = "failed", _("The uploaded file is no longer available.")
        db.session.commit()
        return job.status
    data, university, user = inputs
    with in_language_of(user):
        try:
            report = run_import(kind=job.kind, data=data, university=university,
                                faculty_id=job.faculty_id, actor=user, filename=job.filename,
                                programme_choices=(job.report or {}).get("programme_choices"))
        except DomainError as error:
            db.session.rollback()
            job.status, job.message, job.progress = "failed", str(error)[:500], 100
            db.session.commit()
            return job.status
    if not report.applied:
        db.session.rollback()
        job.status = "invalid"
    else:
        job.status = "applied"
    _keep(job, report)
    job.progress = 100
    db.session.commit()  # the import and the job's state, in one transaction
    if job.status == "applied":
        uploads.discard_upload(job.token)
    return job.status


def discard_job(job: ImportJob) -> None:
    """Throw a job's file away (the caller commits)."""
    uploads.discard_upload(job.token)
    if job.status not in ("applied", "applying"):
        job.status = "discarded"
