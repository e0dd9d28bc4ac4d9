"""`make releasecheck`: follow README.md's "Running in production" steps word for word on a clean
venv, then check that the app serves 繁體中文 and the worker and beat start.

Only the example addresses are replaced by local ones (REPLACEMENTS below), and the three
long-running commands are started in the background. Exits non-zero on any failure; prints the
size of the production venv (what requirements.txt alone installs).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG = "postgresql://postgres@127.0.0.1:5432/foundry_releasecheck"
LONG_RUNNING = ("gunicorn ", "celery ")
CHINESE = "登入"  # the "Sign in" link of every page, in zh_Hant


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_block() -> str:
    """The shell block under '## Running in production' in README.md."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Running in production", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    if match is None:
        raise SystemExit("README.md: no ```sh block under 'Running in production'")
    return match.group(1)


def postgres_available() -> bool:
    """Whether the local PostgreSQL answers (else the check uses a SQLite file)."""
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"],
                          check=False).returncode == 0 if shutil.which("pg_isready") else False


def psql(sql: str) -> None:
    """Run one statement as postgres on the local server."""
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)


def script(block: str, *, venv: Path, database: str, port: int, pids: Path) -> str:
    """The README block with local addresses, long-running commands sent to the background."""
    replacements = {
        "/srv/foundry/venv": str(venv),
        "postgresql://foundry@db.internal/foundry": database,
        "redis://cache.internal:6379/0": os.environ.get("TEST_REDIS_URL",
                                                        "redis://127.0.0.1:6379/3"),
        "smtp.hkstp.example": "127.0.0.1",
        "127.0.0.1:8000": f"127.0.0.1:{port}",
        "instance/celerybeat-schedule": str(venv.parent / "celerybeat-schedule"),
    }
    lines = ["set -euo pipefail", f"cd {ROOT}"]
    for line in block.splitlines():
        for example, local in replacements.items():
            line = line.replace(example, local)
        command = line.split("  #")[0].rstrip()
        if command.startswith(LONG_RUNNING):
            name = command.split()[0] + str(len(lines))
            log = venv.parent / f"{name}.log"
            command = f"{command} >{log} 2>&1 & echo $! >>{pids}"
        lines.append(command)
    return "\n".join(lines) + "\n"


def wait_for(url: str, seconds: float = 240) -> str:
    """GET a URL (Accept-Language: zh-HK) until it answers 200; returns the body. Generous:
    four gunicorn workers and two Celery processes boot at once on a small, busy machine."""
    deadline = time.monotonic() + seconds
    request = urllib.request.Request(url, headers={"Accept-Language": "zh-HK"})  # noqa: S310
    while True:
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main() -> int:
    """Run the steps, check the pages and the processes, clean up."""
    work = Path(tempfile.mkdtemp(prefix="foundry-release-"))
    venv, pids, port = work / "venv", work / "pids", free_port()
    for compiled in (ROOT / "foundry" / "translations").rglob("*.mo"):
        compiled.unlink()  # so only the README's steps can bring 繁體中文 back
    use_pg = postgres_available()
    if use_pg:
        psql("DROP DATABASE IF EXISTS foundry_releasecheck WITH (FORCE)")
        psql("CREATE DATABASE foundry_releasecheck")
    database = PG if use_pg else f"sqlite:///{work}/foundry.db"
    body = script(production_block(), venv=venv, database=database, port=port, pids=pids)
    (work / "steps.sh").write_text(body)
    print(f"releasecheck: following README.md's production steps in {work} "
          f"({'PostgreSQL' if use_pg else 'SQLite'})\n{body}", flush=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "FOUNDRY_CONFIG", "DATABASE_URL", "FLASK_APP")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if ".venv" not in p)
    ok = False
    try:
        started = time.monotonic()
        subprocess.run(["bash", str(work / "steps.sh")], env=env, check=True, timeout=1200)
        page = wait_for(f"http://127.0.0.1:{port}/")
        health = wait_for(f"http://127.0.0.1:{port}/healthz")
        assert CHINESE in page, "the home page is not in 繁體中文: were the catalogues compiled?"
        time.sleep(3)
        for pid in pids.read_text().split():
            os.kill(int(pid), 0)  # gunicorn, the worker and beat are still running
        size = subprocess.run(["du", "-sm", str(venv)], capture_output=True, text=True,
                              check=True).stdout.split()[0]
        print(f"releasecheck: ok in {time.monotonic() - started:.0f} s — 繁體中文 served, "
              f"/healthz {health.strip()[:80]}, production venv {size} MB")
        ok = True
    finally:
        for pid in (pids.read_text().split() if pids.exists() else []):
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGTERM)
        time.sleep(2)
        if not ok:
            for log in work.glob("*.log"):
                print(f"--- {log.name}\n{log.read_text()[-3000:]}")
        if use_pg:
            psql("DROP DATABASE IF EXISTS foundry_releasecheck WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
