"""The career-day load step of `make bench`: a bounded load generator in threads.

Each virtual user is a thread with its own signed-in HTTP client that loops until the step's
deadline, pausing a random 0.5–2 s (think time) between actions:
  students  browse the Talent Pool, search it, open a position, now and then apply (a real
            multipart POST with a PDF, CSRF token read from the page) and read their list;
  companies open their applicants and move one along the pipeline (submitted → shortlisted);
  deans     open the dashboard page and then every figure it references (as the page's script
            does), and their home page.
No user starts anything after the step's deadline; requests already sent are waited for (at
most two minutes, the client's timeout). Every response is recorded (endpoint label, status,
client latency); a 5xx or a transport error is an error. Successful application POSTs are
counted so that the caller can check the rows the database gained.
"""

from __future__ import annotations

import html
import random
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import httpx

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
FIGURE_URL = re.compile(r'data-figure-url="([^"]+)"')
# A figure whose JSON is embedded in the page (charts.js draws it without a request).
EMBEDDED = re.compile(r'class="figure-data" data-figure="([^"]+)"')
FIGURE_NAME = re.compile(r"/figures/([^/.?]+)\.json")
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


@dataclass
class Recorder:
    """Thread-safe samples: latency (ms) per endpoint label, errors, successful applies."""

    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    applied: int = 0
    moved: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, label: str, elapsed_ms: float, status: int | None, url: str) -> None:
        """One response (status None: the request failed in transport)."""
        with self.lock:
            self.samples[label].append(elapsed_ms)
            if status is None or status >= 500:
                self.errors.append(f"{status} {url}")


class User:
    """One virtual user: a signed-in httpx client against one server."""

    def __init__(self, base_url: str, cookies: dict[str, str], recorder: Recorder,
                 rng: random.Random, user_agent: str):
        jar = httpx.Cookies()
        for name, value in cookies.items():  # host-only, as the server sets it: replaced
            jar.set(name, value, domain="127.0.0.1")  # when a response sets it again
        self.client = httpx.Client(base_url=base_url, cookies=jar, timeout=120,
                                   headers={"User-Agent": user_agent})
        self.recorder = recorder
        self.rng = rng

    def get(self, url: str, label: str) -> httpx.Response | None:
        """GET, recorded under label."""
        return self._send("GET", url, label)

    def post(self, url: str, label: str, **kwargs) -> httpx.Response | None:
        """POST, recorded under label."""
        return self._send("POST", url, label, **kwargs)

    def _send(self, method: str, url: str, label: str, **kwargs) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = self.client.request(method, url, headers={"X-Bench-Label": _label(label)},
                                           **kwargs)
        except httpx.HTTPError as error:
            self.recorder.record(label, (time.perf_counter() - started) * 1000, None,
                                 f"{url} ({error.__class__.__name__})")
            return None
        self.recorder.record(label, (time.perf_counter() - started) * 1000,
                             response.status_code, url)
        return response


def _label(label: str) -> str:
    """An endpoint label as one word, for the server's access log."""
    return label.replace(" ", "_")


def dashboard(user: User, url: str, label: str, deadline: float | None = None) -> float:
    """A dashboard page and then each figure it references that is not embedded in the page;
    total ms (as a browser fetches them: charts.js draws embedded figures without a request,
    others six at a time; none is started after `deadline`)."""
    started = time.perf_counter()
    page = user.get(url, label)
    embedded = set(EMBEDDED.findall(page.text)) if page else set()
    urls = [html.unescape(u) for u in FIGURE_URL.findall(page.text)] if page else []
    urls = [u for u in urls if (m := FIGURE_NAME.search(u)) is None or m[1] not in embedded]
    threads = [threading.Thread(target=user.get, args=(u, label + " figure")) for u in urls]
    for batch in range(0, len(threads), 6):
        if deadline is not None and time.monotonic() > deadline:
            break
        for thread in threads[batch:batch + 6]:
            thread.start()
        for thread in threads[batch:batch + 6]:
            thread.join()
    return (time.perf_counter() - started) * 1000


def student_loop(user: User, plan: dict, deadline: float) -> None:
    """Browse, search, open, sometimes apply: only where the page offers the apply form, as a
    person would (`plan["applied"]` is the student's own set, shared by both passes of the
    load step; a second POST for a position is answered "already applied", adding no row)."""
    rng, applied = user.rng, plan["applied"]
    while time.monotonic() < deadline:
        user.get("/positions", "student: talent pool")
        user.get("/positions?q=" + "+".join(rng.sample(plan["words"], rng.choice((1, 1, 2)))),
                 "student: search")
        position = rng.choice(plan["positions"])
        page = user.get(f"/positions/{position}", "student: position")
        token = CSRF.search(page.text) if page is not None and page.status_code == 200 else None
        offered = token is not None and f'action="/positions/{position}/apply"' in page.text
        if offered and position not in applied and rng.random() < 0.3:
            response = user.post(f"/positions/{position}/apply", "student: apply (POST)",
                                 data={"csrf_token": token.group(1), "note": "Career day"},
                                 files={"cv": ("cv.pdf", PDF, "application/pdf")})
            if response is not None and response.status_code == 302 and \
                    response.headers.get("location", "").endswith("/me/applications"):
                applied.add(position)
                with user.recorder.lock:
                    user.recorder.applied += 1
            user.get("/me/applications", "student: my applications")
        time.sleep(rng.uniform(0.5, 2.0))


def company_loop(user: User, plan: dict, deadline: float) -> None:
    """Open the applicants, move the next submitted one to the shortlist (the list is the
    company's, shared by the load step's passes: nothing is moved twice)."""
    pending = plan["applications"]
    while time.monotonic() < deadline:
        page = user.get("/company/applicants", "company: applicants")
        token = CSRF.search(page.text) if page is not None and page.status_code == 200 else None
        if token and pending:
            application = pending.pop()
            response = user.post(f"/applications/{application}/move", "company: move (POST)",
                                 data={"csrf_token": token.group(1), "to": "shortlisted"})
            if response is not None and response.status_code == 302:
                with user.recorder.lock:
                    user.recorder.moved += 1
        time.sleep(user.rng.uniform(0.5, 2.0))


def dean_loop(user: User, _plan: dict, deadline: float) -> None:
    """The dashboard with all its figures, then the home page."""
    while time.monotonic() < deadline:
        dashboard(user, "/dashboards/dean", "dean: dashboard", deadline)
        if time.monotonic() < deadline:
            user.get("/home", "dean: home")
        time.sleep(user.rng.uniform(0.5, 2.0))


LOOPS = {"student": student_loop, "company": company_loop, "dean": dean_loop}


def run_load(users: list[tuple[str, User, dict]], seconds: float) -> None:
    """Run every virtual user for `seconds` (starts spread over the first two seconds)."""
    deadline = time.monotonic() + seconds
    threads = []
    for role, user, plan in users:
        def body(role=role, user=user, plan=plan):
            time.sleep(user.rng.uniform(0, 2))
            LOOPS[role](user, plan, deadline)
        threads.append(threading.Thread(target=body, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)  # bounded: a slow request cannot hang the run
