"""The one generation pipeline both `flask seed demo` and `flask seed scale` run."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date

from flask import current_app
from werkzeug.security import generate_password_hash

from foundry.seed import names, reference
from foundry.seed.academia import generate_students, upsert_reference
from foundry.seed.careers import CareerIndex, generate_careers
from foundry.seed.companies import generate_companies, generate_positions
from foundry.seed.event_programme import generate_programme
from foundry.seed.events import generate_events, generate_registrations
from foundry.seed.feedback import generate_feedback
from foundry.seed.gip import generate_gip
from foundry.seed.mentoring import generate_mentoring
from foundry.seed.outcomes import generate_outcomes
from foundry.seed.plan import Plan
from foundry.seed.world import World
from foundry.seed.writer import BulkWriter

SEED = 2025


def current_season(today: date) -> int:
    """The summer whose internships students are applying for now."""
    return today.year + 1 if today.month >= 6 else today.year


def new_world(*, plan: Plan, today: date, password: str, seed: int = SEED) -> World:
    """A world with its own random source; the password is hashed once for every user."""
    world = World(rng=random.Random(seed), today=today, plan=plan,
                  writer=BulkWriter(plan.batch_size),
                  password_hash=generate_password_hash(password, method="scrypt"))
    world.notice_version = current_app.config.get("CONSENT_NOTICE_VERSION", world.notice_version)
    world.external_notice_version = current_app.config.get("EXTERNAL_NOTICE_VERSION",
                                                           world.external_notice_version)
    return world


def run_pipeline(world: World, *, scale: bool = False,
                 after: Callable[[World], None] | None = None,
                 log: Callable[[str], None] = lambda _m: None) -> dict[str, float]:
    """Generate everything in foreign-key order; returns seconds per step."""
    steps: list[tuple[str, Callable[[], None]]] = [
        ("reference", lambda: upsert_reference(world, scale=scale)),
        ("companies", lambda: generate_companies(world)),
        ("staff", lambda: generate_staff(world)),
        ("events", lambda: generate_events(world)),
        ("positions", lambda: generate_positions(
            world, range(2021, current_season(world.today) + 1))),
        ("students", lambda: generate_students(world)),
    ]
    index_holder: list[CareerIndex] = []
    steps += [
        ("applications & internships", lambda: (index_holder.append(CareerIndex(world)),
                                                generate_careers(world, index_holder[0]))),
        ("skills feedback", lambda: generate_feedback(world)),
        ("mentoring", lambda: generate_mentoring(world)),
        ("graduate outcomes", lambda: generate_outcomes(world)),
        ("event registrations", lambda: generate_registrations(world)),
        ("global internship programme", lambda: world.extras.update(gip=generate_gip(
            world, scale=scale, season=current_season(world.today)))),
    ]
    if after:
        steps.append(("named accounts", lambda: after(world)))
    steps.append(("career day programme", lambda: generate_programme(world)))
    timings: dict[str, float] = {}
    for name, step in steps:
        started = time.perf_counter()
        step()
        timings[name] = time.perf_counter() - started
        log(f"  {name:<28} {timings[name]:6.2f} s")
    return timings


def generate_staff(world: World) -> None:
    """One faculty-staff account per university (the engineering faculty), for realism."""
    rng, writer = world.rng, world.writer
    for code, university_id in world.universities.items():
        faculty = next(f for f in world.faculties if f.university_code == code)
        full_name, given, surname = names.person_name(rng)
        email = world.unique_email(f"{given.split()[0]}.{surname}",
                                   reference.STAFF_DOMAINS[code])
        user_id = world.add_user(email=email, full_name=f"Prof. {full_name}", role="dean",
                                 created=world.at(date(2025, 2, 3)))
        writer.add("dean_assignments", {
            "id": writer.new_id("dean_assignments"), "user_id": user_id,
            "university_id": university_id, "faculty_id": faculty.id,
            "title": f"Associate Dean, {faculty.name}"})
