"""`make bench`: the dean's first visit to the dashboard in a real browser, until every chart
is drawn. Target (issue 14): ≤ 1.0 s "on this machine", unloaded; exits 1 when missed.

The app is served as in production: gunicorn (2 workers), the production configuration
(secure cookies, compression, REDIS_URL for the shared cache: database index 7 of the local
Redis unless BENCH_REDIS_URL says otherwise), over a SQLite copy of the demo data (or, with
--factor F, the Hong-Kong-scale data set of tests/benchmarks/run.py). Each visit is a fresh
Chromium context — an empty HTTP cache, so plotly.js, Bootstrap and the rest are downloaded
as on a first visit — signed in with the dean's session cookie, in a 1280×800 window. Timed:
from the navigation until every chart on the first screen reports it is drawn (charts.js sets
data-drawn; it draws the charts below the fold as they come near or when the browser is
idle); the time until every chart is drawn is printed too.

- "served" (the target): the dashboard as users get it, its figures already in the server's
  cache, nothing else running. Median of --runs visits.
- "server cold" (information): the cache flushed and gunicorn restarted before each visit.
- "load N" (information): the same first visit while N other clients request dashboard and
  home pages back to back (the 2-core machine shared).

    python -m tests.benchmarks.browser --runs 5 [--load 10]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_MS = 1000
CHROMIUM = "/usr/bin/chromium"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ALL_DRAWN = ("() => { const all = document.querySelectorAll('[data-figure-url]');"
             " return all.length > 0 && [...all].every(e => e.dataset.drawn"
             " || e.querySelector('.alert')); }")
# The charts on the first screen (the viewport before any scrolling) are drawn; charts.js
# draws the others when they come near the screen or the browser is idle.
# When no chart starts on the first screen (a tall header), the first chart counts instead.
SCREEN_DRAWN = ("() => { const all = [...document.querySelectorAll('[data-figure-url]')];"
                " let seen = all.filter(e => e.getBoundingClientRect().top < innerHeight);"
                " if (seen.length === 0) { seen = all.slice(0, 1); }"
                " return seen.length > 0 && seen.every(e => e.dataset.drawn"
                " || e.querySelector('.alert')); }")
FAILED = "() => document.querySelectorAll('[data-figure-url] .alert').length"
# Milestones of the visit from the browser's own clock (ms since navigation start).
TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const plotly = res.find(e => e.name.includes('plotly'));
  return {html: nav.responseEnd, dom: nav.domContentLoadedEventEnd,
          plotly: plotly ? plotly.responseEnd : null,
          bytes: res.concat([nav]).reduce((n, e) => n + (e.transferSize || 0), 0),
          requests: res.length + 1};
}"""


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_database(directory: Path) -> tuple[Path, str]:
    """A SQLite file with the demo data (built once per schema: named after the migrations'
    head); returns it and the dean's e-mail."""
    from foundry.seed.demo import DEAN_EMAIL
    from tests.benchmarks.servers import migration_head

    path = directory / f"demo-{migration_head()}.db"
    if not path.exists():
        env = {**os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": f"sqlite:///{path}",
               "FOUNDRY_CONFIG": "development"}
        flask = str(Path(sys.executable).with_name("flask"))
        subprocess.run([flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        subprocess.run([flask, "seed", "demo"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    return path, DEAN_EMAIL


def flush_cache() -> None:
    """Empty the benchmark's Redis database (the shared dashboard cache, limits)."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def production_env(path: Path, port: int, secret: str) -> dict:
    """The environment of a production deployment, on loopback."""
    return {**os.environ, "FOUNDRY_CONFIG": "production", "SECRET_KEY": secret,
            "DATABASE_URL": f"sqlite:///{path}", "BASE_URL": f"http://127.0.0.1:{port}",
            "REDIS_URL": REDIS_URL, "LOG_LEVEL": "WARNING"}


def serve(path: Path, port: int, secret: str) -> subprocess.Popen:
    """gunicorn (2 workers, production configuration) on 127.0.0.1:port; returns once it
    answers."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen([gunicorn, "--workers", "2", "--preload", "--bind",
                               f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
                              cwd=ROOT, env=production_env(path, port, secret))
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


def reset_second_factor(path: Path, email: str) -> None:
    """`flask users reset-two-factor`: a rerun signs in as on the first run (the dean enrols
    again instead of being asked for a code)."""
    env = {**os.environ, "FLASK_APP": "wsgi", "DATABASE_URL": f"sqlite:///{path}",
           "FOUNDRY_CONFIG": "development"}
    flask = str(Path(sys.executable).with_name("flask"))
    subprocess.run([flask, "users", "reset-two-factor", email], cwd=ROOT, env=env, check=True,
                   capture_output=True)


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


def first_visit(browser, base: str, state: dict) -> dict:
    """One first visit (empty HTTP cache): ms until the charts on the first screen are drawn
    (the target), until every chart is, and milestones."""
    context = browser.new_context(storage_state=state, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("Performance.enable")
    started = time.perf_counter()
    page.goto(base + "/dashboards/dean", wait_until="commit")
    page.wait_for_function(SCREEN_DRAWN, timeout=60_000, polling=10)
    elapsed = (time.perf_counter() - started) * 1000
    page.wait_for_function(ALL_DRAWN, timeout=60_000, polling=10)
    every = (time.perf_counter() - started) * 1000
    if page.evaluate(FAILED):
        raise SystemExit("a chart could not be drawn: the benchmark measures nothing")
    timings = page.evaluate(TIMINGS_JS)
    # the page's main thread: time busy with tasks and in scripts, whatever the machine's load
    metrics = {m["name"]: m["value"] for m in devtools.send("Performance.getMetrics")["metrics"]}
    context.close()
    return {"ms": elapsed, "all": every, "busy": metrics.get("TaskDuration", 0) * 1000,
            "script": metrics.get("ScriptDuration", 0) * 1000, **timings}


class Load:
    """N clients requesting the dean's dashboard (each cohort) and home page back to back,
    with the dean's cookie, until stopped: the machine busy as with other users."""

    def __init__(self, base: str, state: dict, clients: int):
        self.base, self.clients, self.done = base, clients, 0
        self.cookie = "; ".join(f"{c['name']}={c['value']}" for c in state["cookies"])
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(i,), daemon=True)
                        for i in range(clients)]

    def run(self, index: int) -> None:
        """One client's loop."""
        paths = ["/dashboards/dean", "/", "/dashboards/dean?cohort=2024",
                 "/dashboards/dean/data/outcomes.csv", "/dashboards/dean?cohort=2023"]
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        i = index
        while not self.stopping.is_set():
            request = urllib.request.Request(self.base + paths[i % len(paths)],  # noqa: S310
                                             headers={"Cookie": self.cookie,
                                                      "Accept-Encoding": "gzip"})
            try:
                with opener.open(request, timeout=30) as response:
                    response.read()
                self.done += 1
            except OSError:
                pass
            i += 1

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        time.sleep(1)  # the load under way before the timed visit
        return self

    def __exit__(self, *_exc) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=35)


def measure(path: Path, email: str, password: str, runs: int, load: int) -> dict[str, list]:
    """`runs` first visits of each kind: served (target), server cold, under load."""
    from playwright.sync_api import sync_playwright

    results: dict[str, list] = {"served": [], "server cold": [], f"load {load}": []}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    secret = secrets.token_urlsafe(48)
    reset_second_factor(path, email)
    flush_cache()
    server = serve(path, port, secret)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            state = sign_in_state(browser, base, email, password)
            past_second_factor(path, email)
            first_visit(browser, base, state)  # the server's cache filled, as users find it
            for _ in range(runs):
                results["served"].append(first_visit(browser, base, state))
            for _ in range(runs):
                stop(server)
                flush_cache()
                server = serve(path, port, secret)  # new processes, an empty shared cache
                results["server cold"].append(first_visit(browser, base, state))
            if load:
                with Load(base, state, load):
                    for _ in range(runs):
                        results[f"load {load}"].append(first_visit(browser, base, state))
            browser.close()
    finally:
        stop(server)
        flush_cache()
    return {kind: samples for kind, samples in results.items() if samples}


def report(results: dict[str, list], name: str) -> float:
    """Print each kind's median and milestones; return the target's (served) median."""
    print(f"\n=== dean dashboard, first visit (empty browser cache), {name}, gunicorn "
          f"production config, Redis {REDIS_URL} ===")
    for kind, samples in results.items():
        times = [s["ms"] for s in samples]

        def median(key: str, of: list = samples) -> float:
            values = [s[key] for s in of if s[key] is not None]
            return statistics.median(values) if values else float("nan")

        print(f"{kind:<12} to the first screen's charts drawn: median "
              f"{statistics.median(times):6.0f} ms, max {max(times):6.0f} ms  "
              f"({', '.join(f'{t:.0f}' for t in times)})")
        print(f"{'':<12} median milestones: HTML {median('html'):.0f} ms, plotly.js "
              f"{median('plotly'):.0f} ms, DOMContentLoaded {median('dom'):.0f} ms, every chart "
              f"(below the fold too) {median('all'):.0f} ms; "
              f"{samples[0]['requests']} requests, {samples[0]['bytes'] / 1024:,.0f} KiB")
        print(f"{'':<12} page main thread busy {median('busy'):.0f} ms (scripts "
              f"{median('script'):.0f} ms) until every chart was drawn")
    return statistics.median(s["ms"] for s in results["served"])


def main(argv: list[str] | None = None) -> int:
    """Build or reuse the data, serve it, time the first visits, compare with the target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="first visits of each kind")
    parser.add_argument("--load", type=int, default=10,
                        help="concurrent clients for the loaded figure (0: none)")
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
        from tests.benchmarks.run import ensure_database

        path, email = directory / f"scale-{args.factor:g}.db", SCALE_DEAN_EMAIL
        ensure_database(path, args.factor, fresh=False)
    from foundry.seed.demo import DEMO_PASSWORD

    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    results = measure(path, email, DEMO_PASSWORD, args.runs, args.load)
    served = report(results, path.name)
    verdict = "OK" if served <= TARGET_MS else "OVER"
    print(f"machine before the run: {load}")
    print(f"target: first visit ≤ {TARGET_MS} ms to the first screen's charts drawn (served, "
          f"unloaded median): "
          f"{served:.0f} ms — {verdict}")
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
