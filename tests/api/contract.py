"""`make apicheck`: schemathesis against the live API (gunicorn on loopback, throwaway database
loaded with the demo data), once per kind of caller. Exits non-zero on any 500 or any response
that breaks the OpenAPI document."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CALLERS = (  # (label, demo e-mail or None for anonymous, token scope)
    ("anonymous", None, None),
    ("student", "demo.student@connect.ust.hk", "write"),
    ("dean", "demo.dean@ust.hk", "read"),
    ("admin", "demo.admin@hkstp.example", "write"),
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _flask(env: dict, *args: str) -> str:
    result = subprocess.run([str(BIN / "flask"), *args], env=env, cwd=ROOT, check=True,
                            capture_output=True, text=True)
    return result.stdout


def _wait_until_up(url: str, seconds: float = 120) -> None:
    """Wait for a 200 (a busy shared machine can take a while to boot the workers)."""
    deadline, seen = time.monotonic() + seconds, "no answer"
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — loopback
                if response.status == 200:
                    return
                seen = f"HTTP {response.status}"
        except OSError as error:
            seen = str(error)
            time.sleep(0.5)
    raise SystemExit(f"apicheck: the app did not answer at {url} ({seen})")


def main() -> int:
    """Serve the app, run schemathesis for each caller, report, stop the server."""
    workdir = Path(tempfile.mkdtemp(prefix="foundry-apicheck-"))
    env = {**os.environ, "FLASK_APP": "wsgi", "FOUNDRY_CONFIG": "development",
           "DATABASE_URL": f"sqlite:///{workdir}/contract.db", "SECRET_KEY": "apicheck-only",
           "UPLOAD_FOLDER": str(workdir / "uploads"), "API_RATE_LIMIT": "100000 per minute"}
    print("apicheck: migrating and loading the demo data into", workdir)
    _flask(env, "db", "upgrade")
    _flask(env, "seed", "demo")
    tokens = {label: _flask(env, "tokens", "create", email, "--scope", scope).strip()
              for label, email, scope in CALLERS if email}
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(BIN / "gunicorn"), "--workers", "2", "--bind",
                               f"127.0.0.1:{port}", "wsgi:app"], env=env, cwd=ROOT)
    failures = []
    try:
        _wait_until_up(base + "/healthz")
        for label, _email, _scope in CALLERS:
            print(f"apicheck: === schemathesis as {label} ===", flush=True)
            command = [str(BIN / "schemathesis"), "--config-file",
                       str(ROOT / "tests" / "api" / "schemathesis.toml"), "run",
                       base + "/api/v1/openapi.json",
                       "--checks", "all", "--phases", "examples,coverage,fuzzing",
                       "--max-examples", "50", "--seed", "1", "--no-color"]
            if label in tokens:
                command += ["--header", f"Authorization: Bearer {tokens[label]}"]
            if subprocess.run(command, cwd=workdir).returncode != 0:
                failures.append(label)
    finally:
        server.terminate()
        server.wait(timeout=15)
        shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        print("apicheck: FAILED for", ", ".join(failures))
        return 1
    print("apicheck: every response matched the OpenAPI document, no server error")
    return 0


if __name__ == "__main__":
    sys.exit(main())
