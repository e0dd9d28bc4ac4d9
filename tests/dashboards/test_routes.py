"""Dashboard pages, figure JSON and CSV per role: scope, bad filters, empty cohorts, no leaks."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests import factories as f
from tests.dashboards.cohort import build_cohort

CHARTS = ("outcomes", "trend", "internships", "funnel", "clusters", "employers", "salary",
          "location", "mentoring", "skills")


def csv_rows(response) -> list[list[str]]:
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture()
def dean_client(client, login_as, db):
    data = build_cohort()
    dean = login_as(f.DeanAssignmentFactory(university=data["university"]).user)
    return client, data, dean


def test_dean_page_shows_own_university_with_tiles_and_charts(dean_client):
    client, _data, _dean = dean_client
    response = client.get("/dashboards/dean?cohort=2025")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Hong Kong X University" in html
    # top employers lists only companies with ≥ 5 hires: here none, so an explained empty state
    assert html.count("data-figure-url=") == len(CHARTS) - 1
    assert "No Science Park company employs 5 or more graduates" in html
    assert "All universities" in html
    assert "Knowledge rate = graduates with a known outcome" in html  # formula footnote
    assert "<script>" not in html  # CSP: no inline scripts
    assert "/dashboards/assets/plotly.min.js" in html


def test_dean_cannot_ask_for_another_university(dean_client):
    client, _data, _dean = dean_client
    f.UniversityFactory(code="HKY")
    assert client.get("/dashboards/dean?university=HKY").status_code == 403
    assert client.get("/dashboards/dean/figures/outcomes.json?university=HKY").status_code == 403
    assert client.get("/dashboards/dean/data/outcomes.csv?university=HKY").status_code == 403
    assert client.get("/dashboards/dean?university=HKX").status_code == 200


@pytest.mark.parametrize(("query", "message"), [
    ("faculty=abc", "Unknown faculty"),
    ("faculty=999999", "Unknown faculty"),
    ("programme=999999", "Unknown programme"),
    ("cohort=20x5", "graduating year"),
    ("cohort=1850", "graduating year"),
])
def test_bad_filters_explain_themselves(dean_client, query, message):
    client, _data, _dean = dean_client
    for url in (f"/dashboards/dean?{query}", f"/dashboards/dean/figures/trend.json?{query}",
                f"/dashboards/dean/data/trend.csv?{query}"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert message in response.get_data(as_text=True)


def test_faculty_of_another_university_is_out_of_scope(dean_client):
    client, _data, _dean = dean_client
    foreign = f.FacultyFactory()
    response = client.get(f"/dashboards/dean?faculty={foreign.id}")
    assert response.status_code == 400


def test_empty_cohort_is_explained(dean_client):
    client, _data, _dean = dean_client
    response = client.get("/dashboards/dean?cohort=2031")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "No graduates in this cohort yet" in html
    assert client.get("/dashboards/dean/figures/outcomes.json?cohort=2031").status_code == 200


def is_rounded(text: str) -> bool:
    """A published count: a multiple of 5."""
    return text.replace(",", "").isdigit() and int(text.replace(",", "")) % 5 == 0


def test_dean_outcomes_csv_json_and_page_show_only_rounded_counts(dean_client):
    client, _data, _dean = dean_client
    rows = csv_rows(client.get("/dashboards/dean/data/outcomes.csv?cohort=2025"))
    header, science = rows[0], next(r for r in rows if r[0] == "Science")
    assert header[-1] == "Graduates"
    assert science[-1] in ("0", "5")  # 2 graduates, rounded
    assert all(is_rounded(v) for row in rows[1:] for v in row[1:])
    figure = client.get("/dashboards/dean/figures/outcomes.json?cohort=2025").get_json()
    for trace in figure["data"]:
        assert all(x is None or is_rounded(str(round(x))) for x in trace["x"])
    page = client.get("/dashboards/dean?cohort=2025").get_data(as_text=True)
    assert "&lt;5" not in page
    assert "every count is rounded to a multiple of 5" in page


def test_dean_rates_and_salaries_are_protected(dean_client):
    client, _data, _dean = dean_client
    rows = csv_rows(client.get("/dashboards/dean/data/rates.csv?cohort=2025"))
    science = next(r for r in rows if r[0] == "Science")
    # 2 graduates: no percentage, no median; the counts rounded
    assert set(science[2:8]) == {"n/p"} and science[1] in ("0", "5")
    salary = csv_rows(client.get("/dashboards/dean/data/salary.csv?cohort=2025"))
    eng = next(r for r in salary if r[0] == "Engineering")
    assert "390000" not in ",".join(eng)  # only 4 salaries
    assert eng[2:] == ["n/p"] * 5
    figure = json.dumps(client.get("/dashboards/dean/figures/salary.json?cohort=2025").get_json())
    assert "390000" not in figure and "390,000" not in figure
    page = client.get("/dashboards/dean?cohort=2025").get_data(as_text=True)
    # every withheld figure is explained under its chart
    assert "a percentage of a group of fewer than 22.5 people is not published" in page
    assert "a median or percentile at least 10 values" in page


def test_every_dean_figure_and_csv_answers(dean_client):
    client, _data, _dean = dean_client
    for name in (*CHARTS, "rates"):
        assert client.get(f"/dashboards/dean/data/{name}.csv?cohort=2025").status_code == 200
    for name in CHARTS:
        response = client.get(f"/dashboards/dean/figures/{name}.json?cohort=2025")
        assert response.status_code == 200, name
        assert response.get_json()["layout"]["title"]["text"]
    assert client.get("/dashboards/dean/figures/nope.json").status_code == 404


def test_admin_sees_unsuppressed_numbers_and_drills_down(client, login_as, db):
    data = build_cohort()
    login_as("admin")
    rows = csv_rows(client.get("/dashboards/admin/data/outcomes.csv?cohort=2025"))
    assert [r[0] for r in rows[1:]][:1] == ["HKX"] or "HKX" in [r[0] for r in rows]
    drill = csv_rows(client.get("/dashboards/admin/data/outcomes.csv?cohort=2025&university=HKX"))
    science = next(r for r in drill if r[0] == "Science")
    assert science[-1] == "2"
    salary = csv_rows(client.get("/dashboards/admin/data/salary.csv?cohort=2025&university=HKX"))
    assert "390000" in next(r for r in salary if r[0] == "Engineering")
    page = client.get("/dashboards/admin?cohort=2025").get_data(as_text=True)
    assert "Programme operations" in page and "Companies pending vetting" in page
    assert client.get("/dashboards/admin?university=NOPE").status_code == 400
    assert data["university"].code in page


def test_wrong_role_gets_403_on_other_views(client, login_as, db):
    login_as("company")
    assert client.get("/dashboards/dean").status_code == 403
    assert client.get("/dashboards/dean/figures/outcomes.json").status_code == 403
    assert client.get("/dashboards/admin/data/outcomes.csv").status_code == 403
    assert client.get("/dashboards/nothing/data/outcomes.csv").status_code == 404


def test_company_dashboard_rounds_interns_by_university(client, login_as, db):
    user = login_as("company")
    company = user.membership.company
    big, small = f.UniversityFactory(code="BIG"), f.UniversityFactory(code="SML")
    for uni, n in ((big, 6), (small, 2)):
        faculty = f.FacultyFactory(university=uni)
        for _ in range(n):
            f.InternshipFactory(company=company, student__faculty=faculty, status="completed")
    f.ApplicationFactory(position__company=company, status="submitted")
    db.session.commit()
    assert client.get("/dashboards/company").status_code == 200
    rows = csv_rows(client.get("/dashboards/company/data/interns.csv"))
    values = {r[0]: r[1] for r in rows[1:]}
    assert values["SML"] in ("0", "5") and values["BIG"] in ("5", "10")
    assert all(is_rounded(v) for v in values.values())
    feedback = csv_rows(client.get("/dashboards/company/data/feedback.csv"))
    assert any(r[0].startswith("Overdue") and r[1] == "8" for r in feedback)
    for name in ("positions", "interns", "feedback", "mentoring"):
        assert client.get(f"/dashboards/company/figures/{name}.json").status_code == 200


def test_student_dashboard_shows_own_progress_and_readiness(client, login_as, db):
    user = login_as("student")
    student = user.student
    skill = f.SkillFactory(name="PCB design", cluster="microelectronics")
    position = f.PositionFactory(cluster="microelectronics", status="open")
    f.PositionSkillFactory(position=position, skill=skill, required_level=4)
    f.StudentSkillFactory(student_id=student.id, skill=skill, level=2)
    internship = f.InternshipFactory(student=student, status="completed")
    feedback = f.SkillFeedbackFactory(internship=internship)
    f.SkillRatingFactory(feedback=feedback, skill=skill, expected=4, observed=3)
    f.ApplicationFactory(student=student, status="shortlisted")
    db.session.commit()
    html = client.get("/dashboards/student").get_data(as_text=True)
    assert "PCB design" in html and "Shortlisted" in html
    readiness = csv_rows(client.get("/dashboards/student/data/readiness.csv"))
    assert readiness[1][0] == "PCB design" and readiness[1][2:] == ["4.0", "2.0"]
    for name in ("applications", "feedback", "readiness"):
        assert client.get(f"/dashboards/student/figures/{name}.json").status_code == 200
    assert client.get("/dashboards/student/figures/internships.json").status_code == 404


def test_faculty_scoped_dean_sees_only_their_faculty(client, login_as, db):
    data = build_cohort()
    login_as(f.DeanAssignmentFactory(university=data["university"], faculty=data["eng"]).user)
    rows = csv_rows(client.get("/dashboards/dean/data/outcomes.csv?cohort=2025"))
    assert "Science" not in [r[0] for r in rows]
    assert client.get(f"/dashboards/dean?faculty={data['sci'].id}").status_code == 400
    assert client.get(f"/dashboards/dean?faculty={data['eng'].id}").status_code == 200
