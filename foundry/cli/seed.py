"""`flask seed …`: demo and scale data (refused under the production config)."""

from __future__ import annotations

import time
from datetime import date

import click
from flask.cli import AppGroup

from foundry.events.programme_cache import bump_programme_version
from foundry.extensions import db
from foundry.seed.demo import DEMO_PASSWORD, login_table, seed_demo
from foundry.seed.scale import SCALE_ACCOUNTS, seed_scale
from foundry.seed.writer import SeedRefused, table_counts

group = AppGroup("seed", help="Load demo or scale data (never in production).")

_today = click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                      hidden=True, help="Pretend today is this day (tests).")


def _day(value) -> date | None:
    return value.date() if value else None


@group.command("demo")
@_today
def demo_command(today) -> None:
    """Load the demo data set and print one login per role (idempotent)."""
    started = time.perf_counter()
    try:
        loaded = seed_demo(today=_day(today), log=click.echo)
    except SeedRefused as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    if loaded:
        db.session.commit()
        bump_programme_version()
        click.echo(f"Demo data loaded in {time.perf_counter() - started:.1f} s.")
    else:
        click.echo("Demo data is already loaded; nothing was changed.")
    click.echo(login_table())


@group.command("scale")
@click.option("--factor", type=float, default=1.0, show_default=True,
              help="Multiply every count (0.25 = a quarter, 4 = four times).")
@click.option("--reset", is_flag=True,
              help="Delete every row of every table first (otherwise the database must be empty).")
@click.option("--gip", "gip_applications", type=click.IntRange(1, 100_000), default=None,
              help="GIP applications to generate (default ~3,000, fewer below factor 1).")
@_today
def scale_command(factor: float, reset: bool, today, gip_applications: int | None) -> None:
    """Generate Hong-Kong-scale data (60,000 students at factor 1) in bulk.

    Needs an empty database, or --reset to empty it first. Deterministic for a factor and day.
    """
    started = time.perf_counter()
    try:
        writer = seed_scale(factor=factor, reset=reset, today=_day(today), log=click.echo,
                            gip_applications=gip_applications)
    except SeedRefused as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    commit_started = time.perf_counter()
    db.session.commit()  # seed_scale marked every dashboard fact for rebuilding at commit
    bump_programme_version()
    click.echo(f"Committed in {time.perf_counter() - commit_started:.1f} s.")
    click.echo(f"{'table':<24}{'rows':>10}{'insert s':>10}")
    for name, count in sorted(writer.counts.items(), key=lambda kv: -kv[1]):
        click.echo(f"{name:<24}{count:>10,}{writer.seconds[name]:>10.2f}")
    click.echo(f"Scale data (factor {factor:g}) loaded in {time.perf_counter() - started:.1f} s.")
    for role, email, what in SCALE_ACCOUNTS:
        click.echo(f"  {role:<6} {email:<28} {what} (password {DEMO_PASSWORD})")


@group.command("counts")
def counts_command() -> None:
    """Print the number of rows in every table."""
    for name, count in table_counts().items():
        click.echo(f"{name:<24}{count:>10,}")
