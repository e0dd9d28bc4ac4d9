"""`flask seed demo`: a believable Talent Foundry programme with one login per role.

Idempotent: reference data is upserted on natural keys, and the generated data is loaded only
when the demo admin account (the marker) does not exist yet. Deterministic: one
random.Random(2025) drives everything. Historical cohorts and events sit on fixed dates; only
what must look "current" (open positions, recent sessions, pending items) is placed relative to
the day the command runs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select

from foundry.dashboards.facts_hook import mark_changed
from foundry.extensions import db
from foundry.models import User
from foundry.seed.campaigns import seed_running_campaign
from foundry.seed.generate import new_world, run_pipeline
from foundry.seed.plan import DEMO_PLAN
from foundry.seed.writer import refuse_production

DEMO_PASSWORD = "foundry-demo-2025"  # noqa: S105 — printed demo password, refused in production
STUDENT_EMAIL = "demo.student@connect.ust.hk"
GRADUATE_EMAIL = "demo.graduate@connect.ust.hk"
COMPANY_EMAIL = "demo.company@harbourmind.example"
DEAN_EMAIL = "demo.dean@ust.hk"
ADMIN_EMAIL = "demo.admin@hkstp.example"
EXTERNAL_EMAIL = "demo.talent@talent-mail.example"
REVIEWER_EMAIL = "demo.reviewer@hkstp.example"
DEMO_COMPANY = "HarbourMind AI Limited"

# (label, e-mail, full name, what the account shows)
DEMO_ACCOUNTS = (
    ("student", STUDENT_EMAIL, "Kelvin Chan Tsz Hin",
     "final-year (cohort 2027), HKUST School of Engineering"),
    ("graduate", GRADUATE_EMAIL, "Cherry Wong Hoi Ching",
     "cohort 2026 graduate with a first destination"),
    ("company", COMPANY_EMAIL, "Michelle Lau Wing Yan",
     f"Talent Acquisition Lead and mentor, {DEMO_COMPANY}"),
    ("dean", DEAN_EMAIL, "Prof. Raymond Cheung Chi Ho", "HKUST, all schools"),
    ("admin", ADMIN_EMAIL, "Karen Ho Ka Yan", "programme admin, HKSTP"),
    ("external", EXTERNAL_EMAIL, "Priya Sharma",
     "external talent (IIT Bombay, India): a GIP application with three ranked choices"),
    ("reviewer", REVIEWER_EMAIL, "Grace Lam Wing Sze", "programme reviewer of the GIP"),
)
MARKER_EMAIL = ADMIN_EMAIL


def demo_loaded() -> bool:
    """Whether the demo data is already in the database (its admin account exists)."""
    return db.session.scalar(select(User.id).where(User.email == MARKER_EMAIL)) is not None


def seed_demo(*, today: date | None = None, log: Callable[[str], None] = lambda _m: None) -> bool:
    """Load the demo data unless it is there already; returns whether anything was loaded.

    Never commits: the caller commits once (and the dashboard facts are rebuilt then).
    """
    from foundry.seed.demo_accounts import build_demo_accounts  # it reads the constants above
    from foundry.seed.demo_comforts import add_demo_comforts
    from foundry.seed.demo_gip import build_demo_gip

    refuse_production()
    if demo_loaded():
        return False
    world = new_world(plan=DEMO_PLAN, today=today or date.today(), password=DEMO_PASSWORD)
    world.emails.update(db.session.scalars(select(User.email)))
    run_pipeline(world, after=lambda w: (build_demo_accounts(w), build_demo_gip(w)), log=log)
    world.writer.finish()
    add_demo_comforts(world, student_id=world.extras["demo_student"]["id"])
    seed_running_campaign(today=world.today)
    mark_changed(db.session())  # bulk inserts: every dashboard fact is rebuilt at commit
    return True


def login_table() -> str:
    """The demo logins as a plain-text table."""
    rows = [("Role", "E-mail", "Who")] + [(label, email, f"{name} — {what}")
                                          for label, email, name, what in DEMO_ACCOUNTS]
    width = [max(len(r[i]) for r in rows) for i in range(2)]
    lines = [f"Demo accounts — password for all: {DEMO_PASSWORD}"]
    for n, (label, email, who) in enumerate(rows):
        lines.append(f"  {label:<{width[0]}}  {email:<{width[1]}}  {who}")
        if n == 0:
            lines.append(f"  {'-' * width[0]}  {'-' * width[1]}  {'-' * 40}")
    lines.append("Deans and admins set up two-factor sign-in at their first sign-in: scan the QR "
                 "code with an authenticator app (or type the key shown). For a demo without "
                 "a phone, start with TWO_FACTOR_REQUIRED_ROLES= (empty) to make it optional.")
    return "\n".join(lines)
