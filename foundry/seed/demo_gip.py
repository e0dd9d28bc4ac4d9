"""The demo's Global Internship Programme accounts: an overseas applicant mid-application and a
programme reviewer (printed with the other demo logins)."""

from __future__ import annotations

from datetime import datetime

from foundry.seed import demo
from foundry.seed.gip import add_external_applicant, add_programme_application
from foundry.seed.world import World

APPLICANT = {"full_name": "Priya Sharma", "country": "IN", "institution": "IIT Bombay",
             "degree_level": "master", "field_of_study": "Computer Science",
             "needs_visa": True}


def build_demo_gip(world: World) -> None:
    """The demo external applicant (three ranked choices, submitted) and the demo reviewer."""
    gip = world.extras["gip"]
    reviewer_id = world.add_user(email=demo.REVIEWER_EMAIL, full_name="Grace Lam Wing Sze",
                                 role="reviewer", created=datetime.combine(gip["opens"],
                                                                           datetime.min.time()))
    world.writer.add("programme_reviewers", {
        "id": world.writer.new_id("programme_reviewers"), "programme_id": gip["programme_id"],
        "user_id": reviewer_id, "added_at": world.at(gip["opens"])})
    student, levels, _quality = add_external_applicant(world, APPLICANT, gip["opens"],
                                                       email=demo.EXTERNAL_EMAIL)
    add_programme_application(world, gip["programme_id"], student, levels, "submitted",
                              gip["positions"], gip["reviewers"], opens=gip["opens"],
                              closing=gip["closing"], finished=False,
                              chosen=gip["positions"][:3])
