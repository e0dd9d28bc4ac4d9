"""Security finding 8: with limits in each worker's memory, two gunicorn workers checked 18-20
passwords against a limit of 10. With RATELIMIT_STORAGE_URI on Redis (production requires
Redis) the workers share one count. This test serves the app with two real workers."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_DB = 13  # a database index of the machine's Redis that nothing else uses


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_up() and not os.environ.get("CI"),
                                reason="no Redis on 127.0.0.1:6379 (CI starts one)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def two_workers(tmp_path):
    """gunicorn with two workers sharing Redis for limits; yields its base URL."""
    import redis

    # Counts left by an earlier run (the per-address bucket lasts 15 minutes) start from zero.
    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    env = {**os.environ, "FOUNDRY_CONFIG": "development", "SECRET_KEY": "limits-test-only",
           "DATABASE_URL": f"sqlite:///{tmp_path}/limits.db",
           "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:6379/{REDIS_DB}",
           "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}", "FLASK_APP": "foundry"}
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    port = _free_port()
    server = subprocess.Popen([str(BIN / "gunicorn"), "--workers", "2", "--bind",
                               f"127.0.0.1:{port}", "wsgi:app"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        else:
            pytest.fail("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=15)


def test_two_workers_share_the_sign_in_limit(two_workers):
    statuses = []
    # A fresh account key each run: another run sharing this Redis (another database's suite)
    # must not count against this one; the keys expire with the 15-minute window.
    victim = f"victim-{uuid.uuid4().hex[:12]}@example.com"
    for _ in range(14):
        browser = requests.Session()  # a new connection each time: either worker may answer
        page = browser.get(two_workers + "/login", headers={"Connection": "close"}, timeout=10)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text) or \
            re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        response = browser.post(two_workers + "/login", timeout=10,
                                headers={"Connection": "close"},
                                data={"email": victim, "password": "x" * 14,
                                      "csrf_token": token.group(1)})
        statuses.append(response.status_code)
    # LOGIN_LIMIT_PER_ACCOUNT is 10 per 15 minutes: exactly ten attempts are checked, whichever
    # worker answers; per-worker memory let up to twenty through.
    assert statuses.count(200) == 10 and statuses[10:] == [429] * 4, statuses
