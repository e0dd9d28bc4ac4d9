"""Issue 11's defects found on the way, one regression test each."""

from __future__ import annotations

import csv
import io
from datetime import date

from foundry.account.tokens import create_api_token
from foundry.dashboards import filters
from tests import factories as f
from tests.dashboards.cohort import build_cohort


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def token(db, user) -> dict:
    _token, plaintext = create_api_token(user=user, name="t", scope="write", days=1)
    db.session.commit()
    return {"Authorization": f"Bearer {plaintext}"}


def test_rates_json_of_a_cohort_of_two_graduates_answers(client, login_as, db):
    faculty = f.FacultyFactory()
    for category in ("employed_full_time", "seeking"):
        student = f.StudentProfileFactory(faculty=faculty, expected_graduation=date(2022, 6, 30))
        f.GraduateOutcomeFactory(student=student, category=category)
    login_as(f.DeanAssignmentFactory(university=faculty.university).user)
    response = client.get("/dashboards/dean/figures/rates.json?cohort=2022")
    assert response.status_code == 404  # a table without a chart, not a 500
    assert client.get("/dashboards/dean/data/rates.csv?cohort=2022").status_code == 200


def test_api_outcomes_import_refreshes_a_deans_cached_figures(client, login_as, db):
    data = build_cohort()
    student = data["students"][9]  # no outcome yet
    login_as(f.DeanAssignmentFactory(university=data["university"]).user)
    before = csv_rows(client.get("/dashboards/dean/data/outcomes.csv?cohort=2025"))
    body = ("student_number,category,outcome_date,employer_name,job_title,annual_salary\n"
            f"{student.student_number},further_study,2025-09-01,,,\n").encode()
    admin = f.user_with_role("admin")
    response = client.post("/api/v1/imports/outcomes?university=HKX", data=body,
                           headers={**token(db, admin), "Content-Type": "text/csv"})
    assert response.status_code == 200, response.json
    after = csv_rows(client.get("/dashboards/dean/data/outcomes.csv?cohort=2025"))
    assert before != after


def test_admin_api_metrics_honours_faculty_and_programme(client, db):
    data = build_cohort()
    headers = token(db, f.user_with_role("admin"))
    body = client.get(f"/api/v1/metrics?university=HKX&faculty={data['sci'].id}&cohort=2025",
                      headers=headers).json
    assert body["filters"]["faculty"] == data["sci"].id
    assert body["tables"]["outcomes"]["total"]["cells"]["cohort"]["value"] == 2
    assert client.get(f"/api/v1/metrics?faculty={data['sci'].id}",
                      headers=headers).status_code == 422  # a faculty needs its university


def test_a_repeated_filter_is_refused_not_silently_dropped(client, login_as, db):
    data = build_cohort()
    dean = f.DeanAssignmentFactory(university=data["university"]).user
    response = client.get("/api/v1/metrics?cohort=2024&cohort=2025", headers=token(db, dean))
    assert response.status_code == 400
    assert "cohort" in response.json["error"]["message"]
    login_as(dean)
    assert client.get("/dashboards/dean?cohort=2024&cohort=2025").status_code == 400


def test_api_says_when_a_cohort_has_no_graduates(client, db):
    data = build_cohort()
    dean = f.DeanAssignmentFactory(university=data["university"]).user
    response = client.get("/api/v1/metrics?cohort=2031", headers=token(db, dean))
    assert response.status_code == 404
    assert "2031" in response.json["error"]["message"]


def test_default_cohort_is_the_newest_whose_collection_window_closed(monkeypatch):
    # 2 December 2026: cohort 2026 (graduated by 30 June 2026) is still being surveyed until
    # 31 December 2026; the newest closed cohort is 2025.
    monkeypatch.setattr(filters, "utcnow", lambda: __import__("datetime").datetime(2026, 12, 2))
    assert filters.pick_cohort({}, [2024, 2025, 2026, 2027]) == 2025
    assert filters.pick_cohort({}, [2027]) == 2027  # nothing closed yet: the newest there is


def test_faculty_view_total_row_and_headline_name_the_faculty(client, login_as, db):
    data = build_cohort()
    login_as(f.DeanAssignmentFactory(university=data["university"]).user)
    url = f"/dashboards/dean/data/outcomes.csv?cohort=2025&faculty={data['eng'].id}"
    assert csv_rows(client.get(url))[-1][0] == "Engineering"
    page = client.get(f"/dashboards/dean?cohort=2025&faculty={data['eng'].id}")
    assert "Headline figures — Engineering" in page.get_data(as_text=True)


def test_admin_trend_has_no_empty_all_universities_columns(client, login_as, db):
    build_cohort()
    login_as("admin")
    header = csv_rows(client.get("/dashboards/admin/data/trend.csv?cohort=2025"))[0]
    assert not any("All universities" in h for h in header)


def test_half_values_round_up(client, login_as, db):
    """Two graduates 50 and 55 days after graduation: the median is 52.5 days, shown 53."""
    faculty = f.FacultyFactory(university__code="HLF")
    for days in (50, 55):
        student = f.StudentProfileFactory(faculty=faculty, expected_graduation=date(2025, 6, 30))
        f.GraduateOutcomeFactory(student=student, category="further_study",
                                 outcome_date=date(2025, 6, 30) + __import__("datetime")
                                 .timedelta(days=days))
    login_as("admin")
    rows = csv_rows(client.get("/dashboards/admin/data/rates.csv?cohort=2025"))
    hlf = next(r for r in rows if r[0] == "HLF")
    assert hlf[-1] == "53"
    page = client.get("/dashboards/admin/data/rates.csv?cohort=2025").get_data(as_text=True)
    assert ",52," not in page
