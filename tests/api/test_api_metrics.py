"""GET /api/v1/metrics: deans get their own university's suppressed figures, admins all."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories


@pytest.fixture()
def two_universities(db):
    """University A: 8 graduates of cohort 2025 in one faculty, 6 with a known outcome (2 of
    them further study); university B: 6 graduates. Returns (A, B)."""
    a_faculty = factories.FacultyFactory(university__code="UA", university__name="Uni A")
    b_faculty = factories.FacultyFactory(university__code="UB", university__name="Uni B")
    graduation = date(2025, 6, 30)
    a_students = factories.StudentProfileFactory.create_batch(
        8, faculty=a_faculty, expected_graduation=graduation, actual_graduation=graduation)
    for index, student in enumerate(a_students[:6]):
        category = "further_study" if index < 2 else "employed_full_time"
        factories.GraduateOutcomeFactory(student=student, category=category)
    factories.StudentProfileFactory.create_batch(
        6, faculty=b_faculty, expected_graduation=graduation, actual_graduation=graduation)
    db.session.commit()
    return a_faculty.university, b_faculty.university


def _cells(body, table="rates"):
    return [row for row in body["tables"][table]["rows"]]


def test_dean_reads_own_university_with_small_numbers_withheld(client, bearer,
                                                               two_universities):
    university, _other = two_universities
    _dean, headers = bearer("dean", university=university)
    response = client.get("/api/v1/metrics?cohort=2025", headers=headers)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["view"] == "dean" and body["suppressed"] and body["rules"]["base"] == 5
    text = response.get_data(as_text=True)
    assert "Uni B" not in text and "UB" not in text
    withheld = [cell for table in body["tables"].values()
                for row in table["rows"] + ([table["total"]] if table["total"] else [])
                for cell in row["cells"].values() if cell["withheld"]]
    assert withheld, "percentages of 8 graduates must be withheld"
    assert all(cell["value"] is None and cell["reason"] for cell in withheld)
    counts = body["tables"]["outcomes"]["total"]["cells"]
    assert all(cell["value"] % 5 == 0 for cell in counts.values())


def test_dean_asking_for_another_university_gets_403(client, bearer, two_universities):
    university, other = two_universities
    _dean, headers = bearer("dean", university=university)
    response = client.get(f"/api/v1/metrics?university={other.code}", headers=headers)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_admin_sees_every_university_unsuppressed(client, bearer, two_universities):
    _admin, headers = bearer("admin")
    body = client.get("/api/v1/metrics?cohort=2025", headers=headers).json
    assert body["view"] == "admin" and not body["suppressed"]
    text = str(body)
    assert "UA" in text and "UB" in text


@pytest.mark.parametrize(("query", "status"), [
    ("cohort=1800", 400), ("colour=blue", 400),  # malformed: outside the document
    ("faculty=999999", 422),  # well-formed, unknown
])
def test_bad_filters_get_json_errors_as_documented(client, bearer, two_universities, query,
                                                  status):
    """A schema-valid request is never a 400 (schemathesis ST202): an unknown university or
    faculty is a documented 422."""
    university, _other = two_universities
    _dean, headers = bearer("dean", university=university)
    response = client.get(f"/api/v1/metrics?{query}", headers=headers)
    assert response.status_code == status
    assert response.json["error"]["message"]


def test_an_unknown_university_code_is_a_documented_422_for_admins(client, bearer):
    _admin, headers = bearer("admin")
    response = client.get("/api/v1/metrics?university=000000000000000", headers=headers)
    assert response.status_code == 422 and "Unknown university" in response.json["error"][
        "message"]


def test_students_and_companies_cannot_read_metrics(client, bearer):
    for role in ("student", "company"):
        _user, headers = bearer(role)
        assert client.get("/api/v1/metrics", headers=headers).status_code == 403
