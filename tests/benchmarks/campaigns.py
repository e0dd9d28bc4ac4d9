"""Benchmark (not a test): invite 10,000 graduates of one campaign, then remind them.

    .venv/bin/python -m tests.benchmarks.campaigns [--rows 10000] [--database-url URL]

Uses a throwaway SQLite file unless --database-url is given (the schema is created and dropped
there). The graduates come in through the registrar import, as in production; the sending job
then queues every invitation in the outbox in batches. Exits non-zero when sending takes longer
than TARGET_SECONDS (the issue: "finishes in minutes").
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta

from sqlalchemy import func, select

from foundry import create_app
from foundry.campaigns import services
from foundry.extensions import db
from foundry.imports.services import run_import
from foundry.models import Faculty, OutboxMail, University, UniversityDomain, User
from foundry.models.base import utcnow
from tests.benchmarks.imports import FACULTIES, timed

TARGET_SECONDS = 180  # 10,000 invitations within three minutes on this 2-core machine


def graduates_file(rows: int, graduation: date) -> bytes:
    """A registrar export of one graduating cohort."""
    lines = ["student_number,full_name,email,faculty,programme,expected_graduation"]
    lines += [f"1155{n:06d},Graduate {n},1155{n:06d}@link.cuhk.edu.hk,{FACULTIES[n % 4]},"
              f"Programme {n % 25},{graduation.isoformat()}" for n in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def main() -> int:
    """Build the schema, time the jobs, drop the schema; 1 when the target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCHMARK_DATABASE_URL"))
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="foundry-bench-")
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, UPLOAD_FOLDER=folder,
                     BASE_URL="https://talentfoundry.example")
    with app.app_context():
        db.drop_all()
        db.create_all()
        university = University(code="CUHK", name="The Chinese University of Hong Kong",
                                domains=[UniversityDomain(domain="link.cuhk.edu.hk")])
        admin = User(email="admin@hkstp.example", full_name="Admin", role="admin")
        db.session.add_all([university, admin])
        db.session.add_all(Faculty(university=university, name=name) for name in FACULTIES)
        db.session.commit()
        today = date.today()
        graduation = today - timedelta(days=90)
        run_import(kind="students", data=graduates_file(args.rows, graduation),
                   university=university)
        db.session.commit()
        campaign = timed("create the campaign (list recipients)", lambda: services.create_campaign(
            actor=admin, data=services.CampaignInput(
                name="Bench", university_id=university.id, faculty_id=None,
                cohort_year=services_cohort(graduation), opens_on=today - timedelta(days=1),
                closes_on=today + timedelta(days=60), message_en="Hello", message_zh="你好",
                reminder_days="7")))
        db.session.commit()
        print(f"{args.rows:,} graduates on {db.engine.dialect.name}")
        started = time.perf_counter()
        sent = timed("send every invitation (batches of 500)",
                     lambda: services.send_campaign_invitations(campaign_id=campaign.id))
        elapsed = time.perf_counter() - started
        mails = db.session.scalar(select(func.count(OutboxMail.id)))
        print(f"    {sent:,} invitations, {mails:,} mails in the outbox, "
              f"{sent / elapsed:,.0f} per second")
        again = timed("run the job again (nothing to send)",
                      lambda: services.send_campaign_invitations(campaign_id=campaign.id))
        later = (utcnow() + timedelta(days=8)).isoformat()
        reminded = timed("send the +7 reminders", lambda: services.send_due_reminders(now=later))
        print(f"    {reminded:,} reminders")
        db.session.remove()
        db.drop_all()
    ok = sent == args.rows and again == 0 and reminded == args.rows and elapsed <= TARGET_SECONDS
    print(f"target: {args.rows:,} invitations within {TARGET_SECONDS} s — "
          f"{'met' if ok else 'MISSED'} ({elapsed:.1f} s)")
    return 0 if ok else 1


def services_cohort(graduation: date) -> int:
    """The cohort year of a graduation date."""
    from foundry.models.choices import cohort_year

    return cohort_year(graduation)


if __name__ == "__main__":
    sys.exit(main())
