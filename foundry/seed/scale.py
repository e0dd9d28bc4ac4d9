"""`flask seed scale`: a Hong-Kong-scale data set for dashboards and benchmarks.

It needs an empty database (or --reset, which first empties every table). Deterministic for a
given factor and day: one random.Random(2025), the same pipeline as the demo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from sqlalchemy import func, select

from foundry.dashboards.facts_hook import mark_changed
from foundry.extensions import db
from foundry.models import Company, StudentProfile, User
from foundry.seed.campaigns import seed_finished_campaigns
from foundry.seed.demo import DEMO_PASSWORD
from foundry.seed.generate import new_world, run_pipeline
from foundry.seed.plan import scale_plan
from foundry.seed.world import World
from foundry.seed.writer import BulkWriter, SeedRefused, delete_everything, refuse_production
from foundry.seed.writer import sqlite_fast_load as _fast

SCALE_DEAN_EMAIL = "scale.dean@ust.hk"
SCALE_ADMIN_EMAIL = "scale.admin@hkstp.example"
# (role, e-mail, what); password DEMO_PASSWORD
SCALE_ACCOUNTS = (("dean", SCALE_DEAN_EMAIL, "HKUST, all faculties"),
                  ("admin", SCALE_ADMIN_EMAIL, "programme admin"))


def database_is_empty() -> bool:
    """Whether there are no users, companies or students yet."""
    return not any(db.session.scalar(select(func.count()).select_from(model))
                   for model in (User, Company, StudentProfile))


def seed_scale(*, factor: float = 1.0, reset: bool = False, today: date | None = None,
               log: Callable[[str], None] = lambda _m: None,
               gip_applications: int | None = None) -> BulkWriter:
    """Generate the scale data set; returns the writer (row counts and insert seconds).

    Never commits: the caller commits once.
    """
    refuse_production()
    if factor <= 0:
        raise SeedRefused("--factor must be greater than 0.")
    _fast()  # before any write: SQLite refuses the pragma inside a transaction
    if reset:
        delete_everything()
    elif not database_is_empty():
        raise SeedRefused("The database is not empty: use a fresh DATABASE_URL or pass --reset "
                          "to delete every row first.")
    plan = scale_plan(factor)
    if gip_applications is not None:
        plan = replace(plan, extra={**plan.extra, "gip_applications": gip_applications})
    world = new_world(plan=plan, today=today or date.today(), password=DEMO_PASSWORD)
    run_pipeline(world, scale=True, after=_scale_accounts, log=log)
    world.writer.finish()
    seed_finished_campaigns(today=world.today)
    mark_changed(db.session())  # bulk inserts: every dashboard fact is rebuilt at commit
    return world.writer


def _scale_accounts(world: World) -> None:
    """A dean (HKUST, all faculties) and an admin with known logins, for benchmarks."""
    dean_id = world.add_user(email=SCALE_DEAN_EMAIL, full_name="Scale Dean", role="dean",
                             created=world.at(world.today))
    world.writer.add("dean_assignments", {
        "id": world.writer.new_id("dean_assignments"), "user_id": dean_id,
        "university_id": world.universities["HKUST"], "faculty_id": None,
        "title": "Dean (benchmark account)"})
    world.add_user(email=SCALE_ADMIN_EMAIL, full_name="Scale Admin", role="admin",
                   created=world.at(world.today))
