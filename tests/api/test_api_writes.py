"""API writes: a student logs an internship; an admin imports outcomes; scopes and bad bodies."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from foundry.models import GraduateOutcome, Internship
from tests import factories

GOOD = {"title": "Embedded Systems Intern", "company_name": "Kowloon Devices Ltd",
        "start_date": "2026-06-01", "end_date": "2026-08-15", "hours_per_week": 40,
        "paid": True, "stipend_monthly": 12000, "mode": "onsite", "site": None,
        "supervisor_email": "supervisor@kowloondevices.example"}


def test_student_logs_internship_pending_confirmation(client, bearer, db):
    user, headers = bearer("student", scope="write")
    response = client.post("/api/v1/me/internships", json=GOOD, headers=headers)
    assert response.status_code == 201, response.json
    assert response.json["status"] == "pending" and response.json["source"] == "logged"
    internship = db.session.scalars(select(Internship)).one()
    assert internship.student_id == user.student.id


def test_read_only_token_cannot_write(client, bearer, db):
    _user, headers = bearer("student", scope="read")
    response = client.post("/api/v1/me/internships", json=GOOD, headers=headers)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "insufficient_scope"
    assert db.session.scalar(select(func.count(Internship.id))) == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"hours_per_week": 100}, "hours_per_week"),
    ({"mode": "teleport"}, "mode"),
    ({"unexpected": 1}, "body"),
    ({"end_date": "2026-05-01"}, "end_date"),
    ({"start_date": "not-a-date"}, "start_date"),
    ({"company_id": 999999, "company_name": None}, "company_id"),
])
def test_bad_bodies_get_422_with_the_field(client, bearer, db, change, field):
    _user, headers = bearer("student", scope="write")
    response = client.post("/api/v1/me/internships", json={**GOOD, **change}, headers=headers)
    assert response.status_code == 422, response.json
    assert field in str(response.json["error"]["details"])
    assert db.session.scalar(select(func.count(Internship.id))) == 0


def test_non_json_body_is_400(client, bearer):
    _user, headers = bearer("student", scope="write")
    response = client.post("/api/v1/me/internships", data="hello", headers=headers)
    assert response.status_code == 400


def _outcomes_csv(number: str) -> bytes:
    return ("student_number,category,employer,job_title,annual_salary,location,outcome_date,"
            f"source\n{number},employed_full_time,Acme,Engineer,360000,hong_kong,2025-10-01,"
            "survey\n").encode()


def test_admin_imports_outcomes_all_or_nothing(client, bearer, db):
    _admin, headers = bearer("admin", scope="write")
    student = factories.StudentProfileFactory(student_number="1155000001")
    code = student.university.code
    db.session.commit()
    dry = client.post(f"/api/v1/imports/outcomes?university={code}&dry_run=true",
                      data=_outcomes_csv("1155000001"), headers=headers,
                      content_type="text/csv")
    assert dry.status_code == 200 and dry.json["created"] == 1 and not dry.json["applied"]
    assert db.session.scalar(select(func.count(GraduateOutcome.id))) == 0
    bad = client.post(f"/api/v1/imports/outcomes?university={code}",
                      data=_outcomes_csv("1155000001") + b"nobody,employed_full_time,,,,,"
                                                         b"2025-10-01,survey\n",
                      headers=headers, content_type="text/csv")
    assert bad.status_code == 422 and bad.json["errors"][0]["line"] == 3
    assert db.session.scalar(select(func.count(GraduateOutcome.id))) == 0
    good = client.post(f"/api/v1/imports/outcomes?university={code}",
                       data=_outcomes_csv("1155000001"), headers=headers,
                       content_type="text/csv")
    assert good.status_code == 200 and good.json["applied"] and good.json["created"] == 1
    assert db.session.scalar(select(func.count(GraduateOutcome.id))) == 1


def test_outcomes_import_needs_admin_and_a_known_university(client, bearer, db):
    _dean, dean_headers = bearer("dean", scope="write")
    assert client.post("/api/v1/imports/outcomes?university=X", data=b"",
                       headers=dean_headers).status_code == 403
    _admin, headers = bearer("admin", scope="write")
    response = client.post("/api/v1/imports/outcomes?university=NOPE", data=b"x",
                           headers=headers)
    assert response.status_code == 404  # well-formed but unknown (as documented)
    missing = client.post("/api/v1/imports/outcomes", data=b"x", headers=headers)
    assert missing.status_code == 400
