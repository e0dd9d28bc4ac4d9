"""The first-destination report: NACE and Hong Kong shapes, the dashboards' suppression, CSV
identical to the page."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html import unescape

from foundry.campaigns.report import build_report
from foundry.dashboards.views import dean_view
from foundry.models.choices import OUTCOME_CATEGORIES
from tests import factories

COHORT = 2025


def _cohort(db, faculty, n: int, *, company=None, confirm=0):
    """n graduates of COHORT: most employed full-time, the rest studying or unknown."""
    outcomes = []
    for i in range(n):
        student = factories.StudentProfileFactory(faculty=faculty,
                                                  expected_graduation=date(COHORT, 6, 30))
        if i % 8 == 7:
            continue  # no information
        if i % 8 == 3:
            outcomes.append(factories.GraduateOutcomeFactory(
                student=student, category="further_study", employer_name="HKU",
                annual_salary=None))
        else:
            outcomes.append(factories.GraduateOutcomeFactory(
                student=student, employer_company=company, employer_name=None,
                annual_salary=300000 + 1000 * i))
    member = factories.CompanyMemberFactory(company=company) if company else None
    if member is not None:
        from foundry.campaigns.confirmations import decide_employment

        employed = [o for o in outcomes if o.category == "employed_full_time"][:confirm]
        for o in employed:
            decide_employment(outcome_id=o.id, company_id=company.id, decision="confirmed",
                              actor=member.user)
    db.session.commit()


def _cells(html: str) -> list[str]:
    """Every data cell's text in the report's tables."""
    return [unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]


def test_dean_report_shapes_and_csv_match_the_page(client, login_as, db):
    faculty = factories.FacultyFactory(name="Faculty of Engineering")
    company = factories.CompanyFactory(name="Robotics Ltd")
    _cohort(db, faculty, 40, company=company, confirm=12)
    dean = factories.DeanAssignmentFactory(university=faculty.university).user
    db.session.commit()
    login_as(dean)
    response = client.get(f"/reports/first-destination?cohort={COHORT}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for title in ("First-destination summary", "Outcomes by category",
                  "As Hong Kong&#39;s graduate employment survey reports it",
                  "Annual salary of full-time employed graduates", "Top Science Park employers",
                  "Where employed graduates work"):
        assert title in page
    assert "Knowledge rate" in page and "88 %" in page  # 35 of 40 known
    assert "Employed graduates confirmed by their employer" in page
    assert "UGC-funded graduates, 2023/24" in page and "70.8 %" in page
    assert "Robotics Ltd" in page
    body = client.get(f"/reports/first-destination.csv?cohort={COHORT}").get_data(
        as_text=True).lstrip("\ufeff")
    flat = {cell for row in csv.reader(io.StringIO(body)) for cell in row}
    numbers = {c.replace(" %", "").replace("HKD ", "").replace(",", "") for c in flat}
    for cell in _cells(page):
        plainer = cell.replace(" %", "").replace("HKD ", "").replace(",", "").replace("–", "")
        assert cell in flat or plainer in numbers, cell


def test_report_suppresses_exactly_as_the_dean_dashboard(client, login_as, db, app):
    faculty = factories.FacultyFactory()
    _cohort(db, faculty, 7)
    dean = factories.DeanAssignmentFactory(university=faculty.university).user
    db.session.commit()
    login_as(dean)
    page = client.get(f"/reports/first-destination?cohort={COHORT}").get_data(as_text=True)
    with app.test_request_context(f"/?cohort={COHORT}"):
        from flask import request

        view = dean_view(dean, request.args)
    rates = view.tables["rates"].total[1]
    assert rates["full_time_rate"].hidden and rates["further_study_rate"].hidden
    with app.test_request_context(f"/?cohort={COHORT}"):
        from flask import request

        report = build_report(dean, request.args)
    hong_kong = report.tables["hong_kong"].rows[0][1]
    assert hong_kong["full_time_rate"] == rates["full_time_rate"]
    assert hong_kong["further_study_rate"] == rates["further_study_rate"]
    assert hong_kong["response_rate"] == rates["knowledge_rate"]
    counts = report.tables["categories"].rows
    assert [c["count"] for _label, c in counts] == [
        view.tables["outcomes"].total[1][k] for k, _name in OUTCOME_CATEGORIES]
    texts = _cells(page)
    assert "n/p" in texts
    assert "86 %" not in page and "85.7 %" not in page  # 6 of 7 full-time: withheld


def test_report_scope_is_enforced(client, login_as, db):
    faculty = factories.FacultyFactory()
    other = factories.FacultyFactory()
    dean = factories.DeanAssignmentFactory(university=faculty.university,
                                           faculty=faculty).user
    db.session.commit()
    login_as(dean)
    assert client.get(f"/reports/first-destination?university={other.university.code}") \
        .status_code == 403
    assert client.get(f"/reports/first-destination?faculty={other.id}").status_code == 400
    assert client.get("/reports/first-destination?cohort=abc").status_code == 400
    assert client.get("/reports/first-destination").status_code == 200


def test_admin_report_covers_any_university(client, login_as, db):
    faculty = factories.FacultyFactory()
    _cohort(db, faculty, 20)
    login_as("admin")
    response = client.get(f"/reports/first-destination?cohort={COHORT}"
                          f"&university={faculty.university.code}")
    assert response.status_code == 200
    assert "First-destination summary" in response.get_data(as_text=True)
    assert client.get(f"/reports/first-destination.csv?cohort={COHORT}").status_code == 200
