"""Helpers the benchmark scripts share: percentiles, the scale databases, an in-process app
signed in as a role (test client), the SQL floor of a request."""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from flask_login.utils import _create_identifier
from sqlalchemy import event, func, select

ROOT = Path(__file__).resolve().parents[2]


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def ensure_database(path: Path, factor: float, fresh: bool) -> None:
    """Build the scale data set for a factor into the SQLite file `path` (kept between runs)."""
    if path.exists() and not fresh:
        return
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    seed_database(f"sqlite:///{path}", factor)


def seed_database(url: str, factor: float) -> None:
    """Migrate an empty database and load `flask seed scale --factor F` into it."""
    env = {**os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": url,
           "FOUNDRY_CONFIG": "development"}
    flask = str(Path(sys.executable).with_name("flask"))
    print(f"building the factor {factor:g} data set in {url.rsplit('/', 1)[-1]} …", flush=True)
    started = time.perf_counter()
    subprocess.run([flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    subprocess.run([flask, "seed", "scale", "--factor", f"{factor:g}"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)


class Bench:
    """One app on one scale database, with a signed-in test client (one role at a time)."""

    def __init__(self, path: Path | str, **config):
        """`path`: a SQLite file or a database URL; `config` overrides (e.g. a Redis cache)."""
        from foundry import create_app

        uri = path if isinstance(path, str) else f"sqlite:///{path}"
        self.app = create_app("testing", **{"SQLALCHEMY_DATABASE_URI": uri,
                                            "CACHE_TYPE": "SimpleCache",
                                            "DASHBOARD_CACHE_SECONDS": 3600, **config})
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
        """Put the user in the client's session (as tests/conftest.py login_as does), signed
        in with a second factor as a dean or admin must be."""
        from foundry.auth.sessions import open_session
        from foundry.extensions import db
        from foundry.models import User
        from foundry.models.base import utcnow

        with self.app.test_request_context(environ_base=self.client.environ_base):
            identifier = _create_identifier()
            key = open_session(db.session.get(User, user_id), second_factor_at=utcnow())
            db.session.commit()
        with self.client.session_transaction() as session:
            session["_user_id"] = f"{user_id}:{key}"
            session["_fresh"] = True
            session["_id"] = identifier

    def cookies_for(self, user_id: int, user_agent: str) -> dict[str, str]:
        """A signed session cookie for an HTTP client on 127.0.0.1 with this User-Agent (a
        server with the same SECRET_KEY accepts it, as after a real two-factor sign-in)."""
        from foundry.auth.sessions import open_session
        from foundry.extensions import db
        from foundry.models import User
        from foundry.models.base import utcnow

        with self.app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"},
                                           headers={"User-Agent": user_agent}):
            identifier = _create_identifier()
            key = open_session(db.session.get(User, user_id), second_factor_at=utcnow())
            db.session.commit()
        serializer = self.app.session_interface.get_signing_serializer(self.app)
        value = serializer.dumps({"_user_id": f"{user_id}:{key}", "_fresh": True,
                                  "_id": identifier})
        return {self.app.config["SESSION_COOKIE_NAME"]: value}

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
