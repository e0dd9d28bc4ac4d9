"""`flask jobs …`: list the scheduled jobs and run one now (what Celery beat would send)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from foundry.jobs.schedule import JOBS, run_job

group = AppGroup("jobs", help="Scheduled background jobs.")


@group.command("list")
def list_jobs() -> None:
    """Print every scheduled job with what it does."""
    for name, job in JOBS.items():
        click.echo(f"{name:28} {job.summary}")


@group.command("run")
@click.argument("name", type=click.Choice(sorted(JOBS)))
def run(name: str) -> None:
    """Run one scheduled job now (commits once) and print what it did."""
    counts = run_job(name)
    click.echo(f"{name}: " + (", ".join(f"{key} {value}" for key, value in counts.items())
                               or "nothing to do"))
