"""Scoped invalidation and no stampede (issue 12, item 3): a write for university X leaves
university Y's cached dashboard alone, and concurrent misses of one key compute it once."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
import redis

from foundry import create_app
from foundry.dashboards import cache as dash_cache
from foundry.dashboards import figures, views
from foundry.extensions import cache
from tests import factories as f
from tests.dbutil import database_url

REDIS_URL = "redis://127.0.0.1:6379/2"


def two_universities(db) -> dict:
    """Universities X and Y with graduates of 2025 and a dean each."""
    made = {}
    for code in ("UX", "UY"):
        uni = f.UniversityFactory(code=code)
        faculty = f.FacultyFactory(university=uni)
        students = [f.StudentProfileFactory(faculty=faculty, expected_graduation=date(2025, 6, 30))
                    for _ in range(4)]
        for s in students[:2]:
            f.GraduateOutcomeFactory(student=s)
        made[code] = {"university": uni, "students": students,
                      "dean": f.DeanAssignmentFactory(university=uni).user}
    db.session.commit()
    return made


class Calls:
    """Counts the calls of a wrapped function, by its first argument."""

    def __init__(self, monkeypatch, owner, name: str):
        self.seen: list = []
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            self.seen.append(args[0] if args else None)
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapper)


def test_a_write_for_one_university_leaves_the_other_deans_rows_cached(
        client, login_as, db, monkeypatch):
    made = two_universities(db)
    pages = {}
    for code in ("UX", "UY"):
        login_as(made[code]["dean"])
        for url in ("/dashboards/dean?cohort=2025",
                    "/dashboards/dean/figures/funnel.json?cohort=2025"):
            assert client.get(url).status_code == 200  # warm
        pages[code] = client.get("/dashboards/dean/data/outcomes.csv?cohort=2025").data
    rows = Calls(monkeypatch, views, "load_rows")
    trends = Calls(monkeypatch, views, "load_trend")
    built = Calls(monkeypatch, figures, "build")

    f.GraduateOutcomeFactory(student=made["UX"]["students"][3], category="further_study")
    db.session.commit()  # a write for X only

    login_as(made["UY"]["dean"])
    assert client.get("/dashboards/dean?cohort=2025").status_code == 200
    assert client.get("/dashboards/dean/figures/funnel.json?cohort=2025").status_code == 200
    assert client.get("/dashboards/dean/data/outcomes.csv?cohort=2025").data == pages["UY"]
    assert (rows.seen, trends.seen) == ([], [])  # Y: none of its own aggregates recomputed
    # The page embeds its figures: only the charts that carry the all-universities comparison
    # (which X's write changed) are drawn again; Y's own charts come from the cache.
    assert {t.name for t in built.seen} == {"trend", "internships", "salary"}
    assert {"trend", "internships", "salary"} <= {"trend", *views.POOLED}

    login_as(made["UX"]["dean"])
    assert client.get("/dashboards/dean?cohort=2025").status_code == 200
    assert [s.university_id for s in rows.seen] == [made["UX"]["university"].id]
    assert len(trends.seen) == 1
    assert client.get("/dashboards/dean/data/outcomes.csv?cohort=2025").data != pages["UX"]


def test_a_write_no_figure_reads_bumps_no_scope(db):
    made = two_universities(db)
    x = made["UX"]["university"].id
    names = [f"u{x}", f"u{x}c2025", "c2025", dash_cache.STUDENTS, dash_cache.EPOCH]
    before = dash_cache.versions(names)
    made["UX"]["students"][0].headline = "Looking for robotics roles"
    db.session.commit()
    assert dash_cache.versions(names) == before


def test_only_the_scopes_of_the_touched_students_are_bumped(db):
    made = two_universities(db)
    x, y = made["UX"]["university"].id, made["UY"]["university"].id
    names = [f"u{x}", f"u{x}c2025", f"u{y}", f"u{y}c2025", "c2025", dash_cache.STUDENTS,
             dash_cache.EPOCH]
    before = dict(zip(names, dash_cache.versions(names), strict=True))
    f.ApplicationFactory(student=made["UY"]["students"][0])
    db.session.commit()
    after = dict(zip(names, dash_cache.versions(names), strict=True))
    changed = {n for n in names if before[n] != after[n]}
    assert changed == {f"u{y}", f"u{y}c2025", "c2025", dash_cache.STUDENTS}


def hammer(app, compute, threads: int = 10) -> list:
    """Call `cached` for one key from several threads at once."""
    results: list = [None] * threads
    start = threading.Barrier(threads)

    def run(i: int) -> None:
        with app.app_context():
            start.wait()
            results[i] = dash_cache.cached(("stampede",), compute, scopes=("u1",))

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return results


def slow_counter():
    calls = []

    def compute():
        calls.append(1)
        time.sleep(0.3)  # long enough for every thread to miss at once
        return {"value": len(calls)}

    return calls, compute


def redis_app():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url(),
                             CACHE_TYPE="RedisCache", CACHE_REDIS_URL=REDIS_URL)
    with application.app_context():
        cache.clear()
    return application


@pytest.mark.parametrize("backend", ["simple", "redis"])
def test_concurrent_misses_compute_once(app, db, backend):
    application = redis_app() if backend == "redis" else app
    calls, compute = slow_counter()
    results = hammer(application, compute)
    assert len(calls) == 1
    assert results == [{"value": 1}] * 10
    # after a write to the scope, one thread recomputes and the others serve the old value
    with application.app_context():
        dash_cache.bump(["u1"])
    results = hammer(application, compute)
    assert len(calls) == 2
    assert sorted(r["value"] for r in results) in ([1] * 9 + [2], [2] * 10)
    assert {"value": 2} in results
    with application.app_context():
        cache.clear()


def test_a_held_lock_serves_the_previous_value(app, db):
    assert dash_cache.cached(("k",), lambda: "old", scopes=("u9",)) == "old"
    dash_cache.bump(["u9"])
    key = "dash:k@" + ".".join(dash_cache.versions((dash_cache.EPOCH, "u9")))
    assert cache.add("lock:" + key, 1, timeout=30)  # another worker is computing it
    assert dash_cache.cached(("k",), lambda: pytest.fail("computed twice"),
                             scopes=("u9",)) == "old"
    cache.delete("lock:" + key)
    assert dash_cache.cached(("k",), lambda: "new", scopes=("u9",)) == "new"


def test_a_student_moving_university_bumps_where_they_were_and_are(db):
    made = two_universities(db)
    x, y = made["UX"]["university"].id, made["UY"]["university"].id
    names = [f"u{x}c2025", f"u{y}c2025", f"u{x}c2026"]
    before = dict(zip(names, dash_cache.versions(names), strict=True))
    student = made["UX"]["students"][0]
    student.university_id = y
    student.faculty_id = made["UY"]["students"][0].faculty_id
    db.session.commit()
    after = dict(zip(names, dash_cache.versions(names), strict=True))
    assert {n for n in names if before[n] != after[n]} == {f"u{x}c2025", f"u{y}c2025"}


def test_while_data_changes_a_dashboard_is_recomputed_at_most_every_refresh_interval(
        app, client, login_as, db, monkeypatch):
    """Bounded staleness (DASHBOARD_REFRESH_SECONDS): right after a write the dean gets the
    figures computed moments ago, saying when; once they are older than the interval, the
    next request recomputes them and the write shows."""
    monkeypatch.setitem(app.config, "DASHBOARD_REFRESH_SECONDS", 30)
    made = two_universities(db)
    login_as(made["UX"]["dean"])
    csv = "/dashboards/dean/data/outcomes.csv?cohort=2025"
    page = client.get("/dashboards/dean?cohort=2025").get_data(as_text=True)
    assert "Figures as of" in page and "at most every 30 seconds" in page
    before = client.get(csv).data
    rows = Calls(monkeypatch, views, "load_rows")

    f.GraduateOutcomeFactory(student=made["UX"]["students"][3], category="further_study")
    db.session.commit()  # a write in the dean's own scope
    assert client.get(csv).data == before  # the previous figures, 0 s old
    assert client.get("/dashboards/dean?cohort=2025").status_code == 200
    assert rows.seen == []  # nothing recomputed within the interval

    now = time.time()
    monkeypatch.setattr(dash_cache.time, "time", lambda: now + 31)
    after = client.get(csv).data
    assert after != before and b"Further study" in after  # older than 30 s: recomputed
    assert len(rows.seen) == 1


def test_without_a_refresh_interval_a_write_shows_at_once(app, client, login_as, db, monkeypatch):
    monkeypatch.setitem(app.config, "DASHBOARD_REFRESH_SECONDS", 0)
    made = two_universities(db)
    login_as(made["UX"]["dean"])
    csv = "/dashboards/dean/data/outcomes.csv?cohort=2025"
    before = client.get(csv).data
    f.GraduateOutcomeFactory(student=made["UX"]["students"][3], category="further_study")
    db.session.commit()
    assert client.get(csv).data != before


def test_the_heading_and_as_of_line_read_as_chinese_in_chinese(app, client, login_as, db,
                                                               monkeypatch):
    monkeypatch.setitem(app.config, "DASHBOARD_REFRESH_SECONDS", 30)
    made = two_universities(db)
    made["UX"]["university"].name_zh = "甲城大學"
    dean = made["UX"]["dean"]
    dean.locale = "zh_Hant"
    db.session.commit()
    login_as(dean)
    page = client.get("/dashboards/dean?cohort=2025").get_data(as_text=True)
    assert "數字截至" in page and "。資料持續變動期間" in page  # no space after 。
    assert "— 甲城大學</h1>" in page  # the university's Chinese name in the heading
