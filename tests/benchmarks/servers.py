"""The databases and servers `make bench` measures: one scale database per factor, served side
by side — gunicorn (2 workers) on PostgreSQL with Redis, or, without BENCH_DATABASE_URL, an
in-process threaded server on a SQLite file (one Python process: no real concurrency).

Worker time per request comes from the server itself: gunicorn's access log (request time in
µs) or, in process, a timing wrapper around the app; the load generator's `X-Bench-Role`
header says which role sent the request.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.benchmarks.common import ROOT, Bench, ensure_database, seed_database

ACCESS_FORMAT = '%(m)s %(U)s %(s)s %(D)s %({x-bench-role}i)s %({x-bench-label}i)s'


class Served(NamedTuple):
    """One request as the server saw it: who sent it (X-Bench-Role, X-Bench-Label), what it
    asked for, and the worker's time in ms."""

    role: str
    path: str
    status: int
    label: str
    ms: float
SECRET = secrets.token_urlsafe(32)  # one run's key: the servers and the cookie maker share it


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def migration_head() -> str:
    """The newest Alembic revision of this checkout."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


def ensure_postgres(url: str, factor: float, fresh: bool) -> None:
    """A PostgreSQL database holding the scale data set of `factor` at this schema; rebuilt
    (dropped, migrated, seeded) when missing, older than the migrations, or `fresh`."""
    from tests.dbutil import drop_postgres_database, ensure_postgres_database

    if not fresh:
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                version = conn.scalar(text("SELECT version_num FROM alembic_version"))
                dean = conn.scalar(text("SELECT count(*) FROM users WHERE email = :e"),
                                   {"e": "scale.dean@ust.hk"})
            if dean and version == migration_head():
                return
            if dean:  # an older schema: the release steps, as production would run them
                upgrade_database(url, factor)
                vacuum(url)
                return
        except Exception as error:  # noqa: BLE001 — missing database or tables: build it
            print(f"factor {factor:g}: no usable database ({error.__class__.__name__})")
        finally:
            engine.dispose()
    drop_postgres_database(url)
    ensure_postgres_database(make_url(url))
    seed_database(url, factor)
    vacuum(url)


def vacuum(url: str) -> None:
    """VACUUM ANALYZE a freshly loaded database, as autovacuum soon would in production:
    without it the planner works from the empty tables' statistics and every scan reads the
    dead rows the bulk load left behind."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
    finally:
        engine.dispose()


def upgrade_database(url: str, factor: float) -> None:
    """Bring a kept scale database to this checkout's schema: `flask db upgrade`, then
    `flask dashboards rebuild` (the README's release steps), instead of seeding it again."""
    env = {**os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": url,
           "FOUNDRY_CONFIG": "development"}
    env.pop("REDIS_URL", None)
    flask = str(Path(sys.executable).with_name("flask"))
    print(f"factor {factor:g}: upgrading the kept database to the migrations' head …",
          flush=True)
    for command in (["db", "upgrade"], ["dashboards", "rebuild"]):
        subprocess.run([flask, *command], cwd=ROOT, env=env, check=True, capture_output=True)


@dataclass
class Server:
    """One factor's database and server, and the in-process control app beside it."""

    label: str
    factor: float
    url: str
    redis: str | None
    base_url: str = ""
    bench: Bench | None = None
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    timings: list[Served] = field(default_factory=list)
    _offset: int = 0

    @property
    def served_by(self) -> str:
        """How this factor is served, for the report."""
        return ("gunicorn, 2 workers, PostgreSQL, Redis" if self.process
                else "in-process threaded server, SQLite (one process: NOT the targets' setup)")

    def start(self, workdir: Path) -> None:
        """Start serving and wait until /healthz answers."""
        prefix = f"bench{self.label}:"
        config = {"SECRET_KEY": SECRET}
        if self.redis:
            config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=self.redis,
                          CACHE_KEY_PREFIX=prefix)
        self.bench = Bench(self.url, **config)
        port = free_port()
        self.base_url = f"http://127.0.0.1:{port}"
        if self.redis:
            self._start_gunicorn(port, prefix, workdir)
        else:
            self._start_in_process(port)
        for _ in range(240):
            try:
                if httpx.get(self.base_url + "/healthz", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the factor {self.label} server did not start")

    def _start_gunicorn(self, port: int, prefix: str, workdir: Path) -> None:
        self.log_path = workdir / f"access-{self.label}.log"
        self.log_path.write_text("")
        uploads = workdir / f"uploads-{self.label}"
        uploads.mkdir(exist_ok=True)
        env = {**os.environ, "DATABASE_URL": self.url, "REDIS_URL": self.redis,
               "SECRET_KEY": SECRET, "BASE_URL": self.base_url, "BENCH_CACHE_PREFIX": prefix,
               "BENCH_UPLOADS": str(uploads),
               # queued mail stays in the outbox: no worker, and nothing left in Redis
               "CELERY_BROKER_URL": "memory://", "LOG_LEVEL": "WARNING"}
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        errors = workdir / f"server-{self.label}.log"  # the server's own log, kept for reading
        self.process = subprocess.Popen(
            [gunicorn, "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "300",
             "--access-logfile", str(self.log_path), "--access-logformat", ACCESS_FORMAT,
             "tests.benchmarks.serve:app"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=errors.open("w"))

    def _start_in_process(self, port: int) -> None:
        import logging

        from werkzeug.serving import make_server

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request

        app = self.bench.app
        app.config.update(WTF_CSRF_ENABLED=True)
        inner = app.wsgi_app

        def timed(environ, start_response):
            started = time.perf_counter()
            status = []

            def keep(code, headers, *rest):
                status.append(int(code.split()[0]))
                return start_response(code, headers, *rest)

            body = list(inner(environ, keep))
            self.timings.append(Served(environ.get("HTTP_X_BENCH_ROLE", "-"),
                                       environ["PATH_INFO"], status[0] if status else 0,
                                       environ.get("HTTP_X_BENCH_LABEL", "-"),
                                       (time.perf_counter() - started) * 1000))
            return body

        app.wsgi_app = timed
        server = make_server("127.0.0.1", port, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()

    def mark(self) -> None:
        """Start counting worker time from now."""
        self.timings.clear()
        if self.log_path:
            self._offset = self.log_path.stat().st_size

    def worker_times(self) -> list[Served]:
        """Every request served since mark()."""
        if not self.log_path:
            return list(self.timings)
        with open(self.log_path) as log:
            log.seek(self._offset)
            rows = []
            for line in log:
                parts = line.split()
                if len(parts) == 6 and parts[3].isdigit():
                    rows.append(Served(parts[4], parts[1], int(parts[2]), parts[5],
                                       int(parts[3]) / 1000))
        return rows

    def stop(self) -> None:
        """Stop the server (our own child process only)."""
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def prepare(factors: list[float], fresh: bool) -> tuple[list[Server], Path]:
    """Build (or reuse) each factor's database and start its server."""
    base, redis = os.environ.get("BENCH_DATABASE_URL"), os.environ.get("REDIS_URL")
    workdir = Path(tempfile.mkdtemp(prefix="foundry-bench-"))
    servers = []
    for factor in factors:
        label = f"{factor:g}".replace(".", "_")
        if base and redis:
            url = make_url(base)
            if url.drivername == "postgresql":
                url = url.set(drivername="postgresql+psycopg")
            url = url.set(database=f"{url.database}{label}").render_as_string(False)
            ensure_postgres(url, factor, fresh)
            servers.append(Server(label, factor, url, redis))
        else:
            directory = Path(os.environ.get("BENCH_DIR", Path(tempfile.gettempdir(),
                                                              "foundry-bench")))
            directory.mkdir(parents=True, exist_ok=True)
            path = directory / f"scale-{factor:g}.db"
            ensure_database(path, factor, fresh)
            servers.append(Server(label, factor, f"sqlite:///{path}", None))
    for server in servers:
        server.start(workdir)
    return servers, workdir
