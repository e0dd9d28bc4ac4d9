"""`make bench`: dashboard timings at Hong Kong scale (not part of `make test`).

For each --factors value (default 0.25, 1 and 4) the scale data set (`flask seed scale
--factor F`) is loaded into a SQLite file under --dir (kept between runs; --fresh rebuilds it),
then every dashboard page and figure JSON is requested through the app (test client, signed
in) and timed:

  served p50/p95  repeated requests as users get them (cache on; the first one is cold)
  cold p50/p95    the cache cleared before every request (all aggregates run)
  floor           the SQL statements of one cold request replayed on one raw connection
  ratio           cold p50 ÷ floor, and served p95 ÷ floor
Then the growth of each figure from one factor to the next. Targets (2 cores, SQLite): dean
page p95 ≤ 150 ms, ≤ 1.5× its floor, and 4× the data ≤ 2× the time.

    python -m tests.benchmarks.run --factors 0.25,1 --repeat 20
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flask_login.utils import _create_identifier
from sqlalchemy import event, func, select

ROOT = Path(__file__).resolve().parents[2]
TARGET_MS = 150


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def ensure_database(path: Path, factor: float, fresh: bool) -> None:
    """Build the scale data set for a factor into `path` (migrations + `flask seed scale`)."""
    if path.exists() and not fresh:
        return
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    env = {**os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": f"sqlite:///{path}",
           "FOUNDRY_CONFIG": "development"}
    flask = str(Path(sys.executable).with_name("flask"))
    print(f"building the factor {factor:g} data set in {path} …", flush=True)
    started = time.perf_counter()
    subprocess.run([flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    subprocess.run([flask, "seed", "scale", "--factor", f"{factor:g}"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)


class Bench:
    """One app on one scale database, with a signed-in test client per role."""

    def __init__(self, path: Path):
        from foundry import create_app

        self.app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}",
                              CACHE_TYPE="SimpleCache", DASHBOARD_CACHE_SECONDS=3600)
        self.client = self.app.test_client()

    def users(self) -> dict[str, int]:
        """A dean, an admin, the busiest company member and student of the data set."""
        from foundry.extensions import db
        from foundry.models import Application, CompanyMember, Position, StudentProfile, User

        with self.app.app_context():
            by_email = dict(db.session.execute(select(User.email, User.id).where(
                User.email.in_(("scale.dean@ust.hk", "scale.admin@hkstp.example")))).all())
            member = db.session.scalar(
                select(CompanyMember.user_id).join(Position, Position.company_id ==
                                                   CompanyMember.company_id)
                .join(Application, Application.position_id == Position.id)
                .group_by(CompanyMember.user_id).order_by(func.count().desc()).limit(1))
            student = db.session.scalar(
                select(StudentProfile.user_id).join(Application,
                                                    Application.student_id == StudentProfile.id)
                .where(StudentProfile.user_id.is_not(None))
                .group_by(StudentProfile.user_id).order_by(func.count().desc()).limit(1))
        return {"dean": by_email["scale.dean@ust.hk"],
                "admin": by_email["scale.admin@hkstp.example"],
                "company": member, "student": student}

    def sign_in(self, user_id: int) -> None:
        """Put the user in the client's session (as tests/conftest.py login_as does)."""
        from foundry.auth.sessions import open_session
        from foundry.extensions import db
        from foundry.models import User

        with self.app.test_request_context(environ_base=self.client.environ_base):
            identifier = _create_identifier()
            key = open_session(db.session.get(User, user_id))
            db.session.commit()
        with self.client.session_transaction() as session:
            session["_user_id"] = f"{user_id}:{key}"
            session["_fresh"] = True
            session["_id"] = identifier

    def clear_cache(self) -> None:
        """Forget every cached dashboard."""
        from foundry.extensions import cache

        with self.app.app_context():
            cache.clear()

    def get(self, url: str) -> float:
        """One request, in milliseconds."""
        started = time.perf_counter()
        response = self.client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        return elapsed

    def capture(self, url: str) -> list[tuple[str, tuple]]:
        """The SQL statements (and parameters) of one cold request."""
        from foundry.extensions import db

        statements: list[tuple[str, tuple]] = []

        def before(_conn, _cursor, statement, parameters, *_args):
            statements.append((statement, parameters))

        self.clear_cache()
        with self.app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            self.get(url)
        finally:
            event.remove(engine, "before_cursor_execute", before)
        return statements

    def floor(self, statements: list[tuple[str, tuple]], repeat: int) -> float:
        """Median ms to run the statements back to back on one raw connection."""
        from foundry.extensions import db

        with self.app.app_context():
            raw = db.engine.raw_connection()
            try:
                times = []
                for _ in range(repeat):
                    cursor = raw.cursor()
                    started = time.perf_counter()
                    for statement, parameters in statements:
                        cursor.execute(statement, parameters)
                        cursor.fetchall()
                    times.append((time.perf_counter() - started) * 1000)
                    cursor.close()
            finally:
                raw.close()
        return statistics.median(times)

    def urls(self, role: str, pages_only: bool = False) -> list[str]:
        """The page and every figure JSON of a role's dashboard."""
        from foundry.dashboards.views import CHARTS

        names = {"dean": CHARTS, "admin": CHARTS,
                 "company": ("positions", "interns", "feedback", "mentoring"),
                 "student": ("applications", "feedback", "readiness")}[role]
        figures = [] if pages_only else [f"/dashboards/{role}/figures/{n}.json" for n in names]
        return [f"/dashboards/{role}", *figures]

    def measure(self, url: str, repeat: int, cold_repeat: int) -> dict:
        """served / cold timings, floor and ratios of one URL."""
        cold = []
        for _ in range(cold_repeat):
            self.clear_cache()
            cold.append(self.get(url))
        self.clear_cache()
        served = [self.get(url) for _ in range(repeat)]
        statements = self.capture(url)
        floor = self.floor(statements, max(3, cold_repeat))
        return {"served50": statistics.median(served), "served95": p95(served),
                "cold50": statistics.median(cold), "cold95": p95(cold), "floor": floor,
                "queries": len(statements)}


def run(factors: list[float], directory: Path, repeat: int, cold_repeat: int,
        fresh: bool, roles: list[str], pages_only: bool = False) -> dict:
    """Measure every factor; returns {factor: {url: figures}}."""
    results: dict[float, dict] = {}
    for factor in factors:
        path = directory / f"scale-{factor:g}.db"
        ensure_database(path, factor, fresh)
        bench = Bench(path)
        users = bench.users()
        results[factor] = {}
        print(f"\n=== factor {factor:g} ({path}) ===")
        print(f"{'url':<44}{'q':>4}{'served p50':>11}{'p95':>8}{'cold p50':>10}{'p95':>8}"
              f"{'floor':>8}{'cold/fl':>8}{'p95/fl':>8}")
        for role in roles:
            bench.sign_in(users[role])
            for url in bench.urls(role, pages_only):
                m = bench.measure(url, repeat, cold_repeat)
                results[factor][url] = m
                print(f"{url:<44}{m['queries']:>4}{m['served50']:>11.1f}{m['served95']:>8.1f}"
                      f"{m['cold50']:>10.1f}{m['cold95']:>8.1f}{m['floor']:>8.1f}"
                      f"{m['cold50'] / m['floor']:>8.2f}{m['served95'] / m['floor']:>8.2f}",
                      flush=True)
        dean = results[factor].get("/dashboards/dean")
        if dean:
            verdict = "OK" if dean["served95"] <= TARGET_MS else "OVER"
            print(f"dean page served p95 {dean['served95']:.1f} ms (target ≤ {TARGET_MS}): "
                  f"{verdict}; served p95 ÷ floor {dean['served95'] / dean['floor']:.2f} "
                  f"(target ≤ 1.5)")
    print_growth(results)
    return results


def print_growth(results: dict) -> None:
    """Time at each factor ÷ time at the previous one (target for 4× data: ≤ 2×)."""
    factors = sorted(results)
    for low, high in itertools.pairwise(factors):
        print(f"\n=== growth {low:g} → {high:g} ({high / low:g}× the data) ===")
        print(f"{'url':<44}{'served p95':>12}{'cold p50':>10}{'floor':>8}")
        for url, m in results[high].items():
            base = results[low].get(url)
            if base:
                print(f"{url:<44}{m['served95'] / base['served95']:>11.2f}×"
                      f"{m['cold50'] / base['cold50']:>9.2f}×{m['floor'] / base['floor']:>7.2f}×")


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", default="0.25,1,4",
                        help="comma-separated scale factors (default 0.25,1,4; 4 is slow)")
    default_dir = os.path.join(tempfile.gettempdir(), "foundry-bench")
    parser.add_argument("--dir", default=os.environ.get("BENCH_DIR", default_dir),
                        help="where the scale databases are kept between runs")
    parser.add_argument("--repeat", type=int, default=20, help="served requests per URL")
    parser.add_argument("--cold", type=int, default=3, help="cold requests per URL")
    parser.add_argument("--roles", default="dean,admin,company,student")
    parser.add_argument("--fresh", action="store_true", help="rebuild the databases")
    parser.add_argument("--pages-only", action="store_true",
                        help="time the pages only, not each figure JSON (faster at factor 4)")
    args = parser.parse_args(argv)
    directory = Path(args.dir)
    directory.mkdir(parents=True, exist_ok=True)
    factors = [float(f) for f in args.factors.split(",") if f.strip()]
    run(factors, directory, args.repeat, args.cold, args.fresh, args.roles.split(","),
        args.pages_only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
