"""Each dashboard is a fixed, small number of SQL statements — whatever the data size — and
a second request is served from the cache; a regression (an N+1, a per-row query) fails here."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event

from foundry.extensions import cache
from foundry.models import User
from tests import factories as f
from tests.dashboards.cohort import build_cohort

# Statements per request: sign-in user load + menu badge, then the dashboard's aggregates.
DEAN_PAGE = 24  # the pooled comparison asks for each university's part (pooling.py)
ADMIN_PAGE = 20  # side by side: one trend line per university (pooling.load_trend_parts)
COMPANY_PAGE = 8
STUDENT_PAGE = 8


@contextlib.contextmanager
def counting(db):
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def count(client, db, url: str) -> int:
    # The test's app context is shared with the client's requests: forget every loaded row,
    # so that each request loads what it needs, as in production.
    db.session.remove()
    with counting(db) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def grow(data, students: int) -> None:
    """More students, outcomes and internships in the same faculties (query count must not
    change with the data)."""
    for i in range(students):
        student = f.StudentProfileFactory(faculty=data["eng"] if i % 2 else data["sci"])
        f.GraduateOutcomeFactory(student=student, annual_salary=300000 + i)
        f.InternshipFactory(student=student, company=data["park"], status="completed")


@pytest.mark.parametrize("extra", [0, 12])
def test_dean_page_query_count_is_fixed_and_cached(client, login_as, db, extra):
    data = build_cohort()
    grow(data, extra)
    login_as(f.DeanAssignmentFactory(university=data["university"]).user)
    cache.clear()
    assert count(client, db, "/dashboards/dean?cohort=2025") == DEAN_PAGE
    # warm: only the signed-in user, their dean scope and university, and the menu badge
    assert count(client, db, "/dashboards/dean?cohort=2025") == 4
    assert count(client, db, "/dashboards/dean/figures/skills.json?cohort=2025") == 3
    assert count(client, db, "/dashboards/dean/data/outcomes.csv?cohort=2025") == 3


def test_dean_figure_json_cold_costs_the_same_aggregates(client, login_as, db):
    data = build_cohort()
    login_as(f.DeanAssignmentFactory(university=data["university"]).user)
    cache.clear()
    # the JSON needs the view's aggregates (no menu badge: no template)
    assert count(client, db, "/dashboards/dean/figures/outcomes.json?cohort=2025") == \
        DEAN_PAGE - 1


def test_admin_page_query_count(client, login_as, db):
    build_cohort()
    login_as("admin")
    cache.clear()
    assert count(client, db, "/dashboards/admin?cohort=2025") == ADMIN_PAGE
    assert count(client, db, "/dashboards/admin?cohort=2025") == 2


def test_company_and_student_page_query_counts(client, login_as, db):
    data = build_cohort()
    member = f.CompanyMemberFactory(company=data["park"])
    student_user_id = data["students"][0].user.id
    login_as(member.user)
    cache.clear()
    assert count(client, db, "/dashboards/company") == COMPANY_PAGE
    login_as(db.session.get(User, student_user_id))
    assert count(client, db, "/dashboards/student") == STUDENT_PAGE


def test_a_write_invalidates_the_cache(client, login_as, db):
    data = build_cohort()
    login_as(f.DeanAssignmentFactory(university=data["university"]).user)
    before = client.get("/dashboards/dean/data/outcomes.csv?cohort=2025").get_data(as_text=True)
    grow(data, 6)
    db.session.commit()  # the after_commit hook bumps the data version
    after = client.get("/dashboards/dean/data/outcomes.csv?cohort=2025").get_data(as_text=True)
    assert before != after
