"""`make bench`: the dean's first visit to the dashboard in a real browser, until every chart
is drawn. Target (issue 14): ≤ 1.0 s on this machine; exits 1 when the median is over.

The app runs under gunicorn (2 workers, as in production) on a free loopback port over a SQLite
copy of the demo data (or, with --factor F, the Hong-Kong-scale data set of tests/benchmarks/
run.py). Each run is a fresh Chromium context — empty HTTP cache, so plotly.js, Bootstrap and
the rest are downloaded as on a first visit — signed in with the dean's session cookie. Timed:
from the navigation until the last chart reports it is drawn. "server cold" runs clear the
server first (an empty dashboard cache: every aggregate recomputed); "served" runs get the
cache as users do.

    python -m tests.benchmarks.browser --runs 5
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.benchmarks.run import ROOT, ensure_database

TARGET_MS = 1000
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ALL_DRAWN = ("() => { const all = document.querySelectorAll('[data-figure-url]');"
             " return all.length > 0 && [...all].every(e => e.dataset.drawn"
             " || e.querySelector('.alert')); }")
BYTES_JS = ("() => performance.getEntriesByType('resource').concat("
            "performance.getEntriesByType('navigation'))"
            ".reduce((n, e) => n + (e.transferSize || 0), 0)")


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_database(directory: Path) -> tuple[Path, str]:
    """A SQLite file with the demo data (built once); returns it and the dean's e-mail."""
    from foundry.seed.demo import DEAN_EMAIL

    path = directory / "demo.db"
    if not path.exists():
        env = {**os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": f"sqlite:///{path}",
               "FOUNDRY_CONFIG": "development"}
        flask = str(Path(sys.executable).with_name("flask"))
        subprocess.run([flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        subprocess.run([flask, "seed", "demo"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    return path, DEAN_EMAIL


def serve(path: Path, port: int) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:port over the database; returns once it answers."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "FOUNDRY_CONFIG": "development"}
    env.pop("REDIS_URL", None)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen([gunicorn, "--workers", "2", "--preload", "--bind",
                               f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
                              cwd=ROOT, env=env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    """Stop gunicorn at once (SIGQUIT: no graceful wait for the browser's idle connections)."""
    server.send_signal(signal.SIGQUIT)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def sign_in_state(browser, base: str, email: str, password: str) -> dict:
    """Sign in once through the form; the session cookie is reused by every timed visit."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form:has(#password) button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)
    state = context.storage_state()
    context.close()
    return state


def past_second_factor(path: Path, email: str) -> None:
    """The dean's sign-in passes the second factor (as entering the code would)."""
    from foundry import create_app
    from foundry.extensions import db
    from tests.second_factor import pass_second_factor

    app = create_app("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        pass_second_factor(email)
        db.engine.dispose()


def first_visit(browser, base: str, state: dict) -> tuple[float, int]:
    """One first visit (empty HTTP cache): ms until every chart is drawn, bytes transferred."""
    context = browser.new_context(storage_state=state)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(base + "/dashboards/dean", wait_until="commit")
    page.wait_for_function(ALL_DRAWN, timeout=30_000, polling=10)
    elapsed = (time.perf_counter() - started) * 1000
    transferred = page.evaluate(BYTES_JS)
    context.close()
    return elapsed, transferred


def measure(path: Path, email: str, password: str, runs: int) -> dict[str, list]:
    """Time `runs` first visits after a server restart, then `runs` as served."""
    from playwright.sync_api import sync_playwright

    results: dict[str, list] = {"server cold": [], "served": []}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(path, port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            state = sign_in_state(browser, base, email, password)
            past_second_factor(path, email)
            for _ in range(runs):
                stop(server)
                server = serve(path, port)  # a new process: an empty dashboard cache
                results["server cold"].append(first_visit(browser, base, state))
            first_visit(browser, base, state)  # the other worker fills its cache too
            for _ in range(runs):
                results["served"].append(first_visit(browser, base, state))
            browser.close()
    finally:
        stop(server)
    return results


def main(argv: list[str] | None = None) -> int:
    """Build or reuse the data, serve it, time the first visits, compare with the target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="first visits of each kind")
    parser.add_argument("--factor", type=float, default=None,
                        help="use the scale data set of this factor instead of the demo data")
    default_dir = os.path.join(tempfile.gettempdir(), "foundry-bench")
    parser.add_argument("--dir", default=os.environ.get("BENCH_DIR", default_dir))
    args = parser.parse_args(argv)
    if not os.path.exists(CHROMIUM):
        print(f"{CHROMIUM} not found: the browser benchmark needs Chromium")
        return 1
    directory = Path(args.dir)
    directory.mkdir(parents=True, exist_ok=True)
    if args.factor is None:
        path, email = demo_database(directory)
    else:
        from foundry.seed.scale import SCALE_DEAN_EMAIL

        path, email = directory / f"scale-{args.factor:g}.db", SCALE_DEAN_EMAIL
        ensure_database(path, args.factor, fresh=False)
    from foundry.seed.demo import DEMO_PASSWORD

    results = measure(path, email, DEMO_PASSWORD, args.runs)
    print(f"\n=== dean dashboard, first visit (empty browser cache), {path.name} ===")
    for kind, samples in results.items():
        times = [ms for ms, _b in samples]
        print(f"{kind:<12} to charts drawn: median {statistics.median(times):7.0f} ms, "
              f"max {max(times):7.0f} ms  ({', '.join(f'{t:.0f}' for t in times)}); "
              f"transferred {samples[0][1] / 1024:,.0f} KiB")
    served = statistics.median(ms for ms, _b in results["served"])
    verdict = "OK" if served <= TARGET_MS else "OVER"
    print(f"target: first visit ≤ {TARGET_MS} ms to charts drawn (served median): "
          f"{served:.0f} ms — {verdict}")
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
