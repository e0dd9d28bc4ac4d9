"""`flask dashboards …`: check and rebuild the pre-aggregated dashboard facts."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from foundry.dashboards import facts
from foundry.dashboards.cache import bump_data_version
from foundry.extensions import db
from foundry.models import University
from foundry.models.dashboards import FACT_TABLES, GROUP_TABLES

group = AppGroup("dashboards", help="Check or rebuild the dashboards' pre-aggregated facts.")


@group.command("verify")
@click.option("--university", "code", default=None, help="Only this university (its code).")
def verify_command(code: str | None) -> None:
    """Recompute every fact row from the base tables, and every group summary from the facts,
    and print any difference (exit 1)."""
    university_id = None
    if code:
        university_id = db.session.scalar(
            select(University.id).where(func.lower(University.code) == code.strip().lower()))
        if university_id is None:
            raise click.ClickException(f"No university with the code {code}.")
    started = time.perf_counter()
    found = facts.differences(university_id)
    for line in found:
        click.echo(line)
    where = f"university {code}" if code else "every university"
    if found:
        click.echo(f"{len(found)} difference(s) in the dashboard facts of {where} "
                   "(run `flask dashboards rebuild`).")
        raise SystemExit(1)
    rows = ", ".join(f"{db.session.scalar(select(func.count()).select_from(m))} "
                     f"{m.__tablename__}" for m in (*FACT_TABLES, *GROUP_TABLES))
    click.echo(f"0 differences for {where} ({rows}) in {time.perf_counter() - started:.1f} s.")


@group.command("rebuild")
def rebuild_command() -> None:
    """Rebuild every dashboard fact and group summary from the base tables (one
    transaction)."""
    started = time.perf_counter()
    facts.rebuild(None)
    db.session.commit()
    bump_data_version()
    click.echo(f"Dashboard facts rebuilt in {time.perf_counter() - started:.1f} s.")
