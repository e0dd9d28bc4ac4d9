"""`flask import students|companies|outcomes FILE`: the same service and report as the web page."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from foundry.common.errors import DomainError
from foundry.extensions import db
from foundry.imports.services import UNIVERSITY_KINDS, run_import
from foundry.models import University

group = AppGroup("import", help="Import students, companies or graduate outcomes from CSV.")


def _run(kind: str, path: str, university_code: str | None, dry_run: bool) -> None:
    """Validate (and unless --dry-run, apply) a file; exit 1 on any error, committing nothing."""
    university = None
    if kind in UNIVERSITY_KINDS:
        if not university_code:
            raise click.UsageError(f"--university CODE is required for {kind}.")
        university = db.session.scalar(
            select(University).where(func.lower(University.code) == university_code.lower()))
        if university is None:
            raise click.UsageError(f"No university with code {university_code!r}.")
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        report = run_import(kind=kind, data=data, university=university, filename=path,
                            dry_run=dry_run)
    except DomainError as error:
        db.session.rollback()
        click.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None
    for line in report.lines():
        click.echo(line, err=line.startswith("line "))
    if not report.ok or (report.near_typos and not dry_run):
        db.session.rollback()
        click.echo("Nothing was imported.", err=True)
        raise SystemExit(1)
    if dry_run:
        db.session.rollback()
        click.echo("Dry run: nothing was saved.")
        return
    db.session.commit()


def _command(kind: str, help_text: str):
    @group.command(kind, help=help_text)
    @click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
    @click.option("--university", "university_code", metavar="CODE",
                  help="University code (students and outcomes).")
    @click.option("--dry-run", is_flag=True, help="Check and report only; save nothing.")
    def command(path: str, university_code: str | None, dry_run: bool) -> None:
        _run(kind, path, university_code, dry_run)

    return command


students = _command("students", "Students from a registrar export (upsert on student number).")
companies = _command("companies", "Companies from an HKSTP tenant list (upsert on name).")
outcomes = _command("outcomes", "Graduate outcomes from a survey (one current per graduate).")
