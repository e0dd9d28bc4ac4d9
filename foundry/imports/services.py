"""The import service shared by the web pages and `flask import`: validate a file, report every
bad row, and apply it in the caller's one transaction (all or nothing). Never commits."""

from __future__ import annotations

from types import ModuleType

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from foundry.common.audit import record_audit
from foundry.common.errors import DomainError
from foundry.dashboards.facts_hook import mark_changed
from foundry.extensions import db
from foundry.imports import companies, csvfile, outcomes, students
from foundry.imports.report import ImportContext, ImportReport
from foundry.models import University

KINDS: dict[str, ModuleType] = {"students": students, "companies": companies,
                                "outcomes": outcomes}
# Kinds tied to one university (a dean may import these, into their own university only).
UNIVERSITY_KINDS = ("students", "outcomes")


def kind_module(kind: str) -> ModuleType:
    """The module that knows one kind of file; DomainError for an unknown kind."""
    try:
        return KINDS[kind]
    except KeyError:
        raise DomainError(_("Unknown import kind “%(kind)s”.", kind=kind), field="kind") from None


def max_bytes() -> int:
    """The size limit of an import file (20 MB unless configured)."""
    return int(current_app.config.get("IMPORT_MAX_BYTES", csvfile.MAX_BYTES))


def check_file_shape(*, kind: str, data: bytes) -> None:
    """The checks made before a file is stored: size, text encoding, CSV shape and columns
    (no database reads; the rows are validated in the background)."""
    module = kind_module(kind)
    csvfile.parse(csvfile.decode(data, max_bytes=max_bytes()), required=module.REQUIRED,
                  optional=module.OPTIONAL)


def check_import(*, kind: str, data: bytes, university: University | None,
                 faculty_id: int | None = None, actor_id: int | None = None,
                 programme_choices: dict[str, str] | None = None
                 ) -> tuple[ImportReport, object]:
    """Validate a whole file without writing: the report (counts, every bad row) and the plan.

    File-level problems (encoding, size, empty, missing column) raise DomainError.
    """
    module = kind_module(kind)
    if kind in UNIVERSITY_KINDS and university is None:
        raise DomainError(_("Choose the university to import into."), field="university")
    parsed = csvfile.parse(csvfile.decode(data, max_bytes=max_bytes()),
                           required=module.REQUIRED, optional=module.OPTIONAL)
    report = ImportReport(kind=kind, rows=len(parsed.records),
                          university_code=university.code if kind in UNIVERSITY_KINDS else None)
    if parsed.ignored_columns:
        report.notes.append(_("Columns ignored: %(cols)s.", cols=", ".join(parsed.ignored_columns)))
    for record in parsed.records:
        if record.extra:
            report.error(record.line, "—", _("more values than columns (%(n)s extra)",
                                             n=len(record.extra)))
    ctx = ImportContext(university_id=university.id if university is not None else None,
                        faculty_id=faculty_id, actor_id=actor_id,
                        programme_choices=dict(programme_choices or {}))
    report.programme_choices = ctx.programme_choices
    bad = {e.line for e in report.errors}
    plan = module.validate([r for r in parsed.records if r.line not in bad], ctx, report)
    report.errors.sort(key=lambda e: e.line)
    return report, (module, plan, ctx)


def run_import(*, kind: str, data: bytes, university: University | None,
               faculty_id: int | None = None, actor=None, filename: str | None = None,
               dry_run: bool = False, programme_choices: dict[str, str] | None = None
               ) -> ImportReport:
    """Validate the file and, unless dry_run, any row is bad or a near-typo programme waits
    for a choice, write it and audit the counts.

    Writes are bulk statements in the caller's transaction; the caller commits once (or rolls
    back on DomainError), so an import is all or nothing.
    """
    report, (module, plan, ctx) = check_import(
        kind=kind, data=data, university=university, faculty_id=faculty_id,
        actor_id=getattr(actor, "id", None), programme_choices=programme_choices)
    if dry_run or not report.ok or report.near_typos:
        return report
    try:
        module.apply(plan, ctx)
        db.session.flush()
    except IntegrityError as error:
        raise DomainError(_("The database refused the import (%(reason)s); nothing was saved.",
                            reason=str(error.orig).splitlines()[0][:200])) from error
    report.applied = True
    # bulk writes: the page and the API import alike rebuild that university's facts
    if kind in UNIVERSITY_KINDS:
        mark_changed(db.session(), universities=[university.id])
    else:
        mark_changed(db.session(), universities=(), reference=True)
    record_audit(f"import.{kind}", target=university if kind in UNIVERSITY_KINDS else None,
                 actor=actor, details={**report.counts(), "filename": filename,
                                       "university": report.university_code})
    return report
