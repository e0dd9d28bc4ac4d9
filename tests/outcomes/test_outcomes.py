"""Graduate destination: the survey form, history, staff recording and dean scope."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from foundry.common.errors import DomainError
from foundry.models import AuditLog, GraduateOutcome
from foundry.outcomes.services import OutcomeDetails, record_outcome
from tests import factories

GRADUATED = {"expected_graduation": date(2025, 6, 30)}


def _outcomes(db, student_id):
    return db.session.scalars(select(GraduateOutcome).where(
        GraduateOutcome.student_id == student_id).order_by(GraduateOutcome.id)).all()


def _form(**overrides):
    data = {"category": "employed_full_time", "employer_company_id": "",
            "employer_name": "Acme Robotics Limited", "job_title": "Robotics Engineer",
            "sector": "AI & robotics", "location": "hong_kong", "annual_salary": "372000",
            "start_date": "2025-08-01"}
    data.update(overrides)
    return data


def test_not_yet_graduated_sees_explanation_and_cannot_post(client, login_as, db):
    user = login_as("student", expected_graduation=date.today() + timedelta(days=90))
    page = client.get("/outcomes/mine").get_data(as_text=True)
    assert "Not yet open for you" in page
    assert 'name="category"' not in page
    response = client.post("/outcomes/mine", data=_form(), follow_redirects=True)
    assert "once you have graduated" in response.get_data(as_text=True)
    assert _outcomes(db, user.student.id) == []


def test_graduate_reports_then_updates_keeping_history(client, login_as, db):
    user = login_as("student", **GRADUATED)
    response = client.post("/outcomes/mine", data=_form(), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "your first destination is recorded" in page
    assert "Acme Robotics Limited" in page
    response = client.post("/outcomes/mine", data=_form(
        category="further_study", employer_name="HKUST", job_title="MPhil Robotics",
        annual_salary="500000", sector="ignored"), follow_redirects=True)
    rows = _outcomes(db, user.student.id)
    assert [r.category for r in rows] == ["employed_full_time", "further_study"]
    assert [r.is_current for r in rows] == [False, True]
    assert all(r.source == "survey" and r.outcome_date == date.today() for r in rows)
    # fields that do not apply to further study are cleared
    assert rows[1].annual_salary is None and rows[1].sector is None
    assert rows[1].employer_name == "HKUST"
    page = response.get_data(as_text=True)
    assert "Earlier" in page and "Current" in page and "MPhil Robotics" in page


def test_resubmitting_the_same_outcome_is_idempotent(client, login_as, db):
    user = login_as("student", **GRADUATED)
    client.post("/outcomes/mine", data=_form())
    client.post("/outcomes/mine", data=_form())
    assert len(_outcomes(db, user.student.id)) == 1


def test_directory_company_wins_over_typed_name(client, login_as, db):
    user = login_as("student", **GRADUATED)
    company = factories.CompanyFactory(name="Quantum Fintech Limited")
    db.session.commit()
    client.post("/outcomes/mine", data=_form(employer_company_id=str(company.id)))
    [row] = _outcomes(db, user.student.id)
    assert row.employer_company_id == company.id and row.employer_name is None


@pytest.mark.parametrize(("field", "value", "message"), [
    ("annual_salary", "-1", "between 0 and 20,000,000"),
    ("annual_salary", "999999999", "between 0 and 20,000,000"),
    ("annual_salary", "lots", "Not a valid integer value"),
    ("category", "astronaut", "Not a valid choice"),
    ("employer_name", "", "Choose the employer from the directory or type its name"),
    ("start_date", "2025-13-45", "Not a valid date value"),
    ("employer_company_id", "999999", "Not a valid choice"),
])
def test_bad_input_is_shown_by_the_field_and_nothing_saved(client, login_as, db,
                                                           field, value, message):
    user = login_as("student", **GRADUATED)
    response = client.post("/outcomes/mine", data=_form(**{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in page or (field == "category" and 'id="category-error"' in page)
    assert message in page
    assert "Robotics Engineer" in page  # typed values kept
    assert _outcomes(db, user.student.id) == []


def test_service_refuses_not_graduated_and_bad_salary(db, request_ctx):
    student = factories.StudentProfileFactory(expected_graduation=date.today() + timedelta(1))
    with pytest.raises(DomainError):
        record_outcome(student=student, details=OutcomeDetails(category="seeking"),
                       source="survey", recorded_by=None)
    graduate = factories.StudentProfileFactory(**GRADUATED)
    with pytest.raises(DomainError) as error:
        record_outcome(student=graduate, details=OutcomeDetails(
            category="employed_full_time", employer_name="X", annual_salary=-5),
            source="survey", recorded_by=None)
    assert error.value.field == "annual_salary"


def test_exactly_one_current_record_after_many_updates(db, request_ctx):
    student = factories.StudentProfileFactory(**GRADUATED)
    for category in ("seeking", "contract", "employed_full_time", "seeking"):
        record_outcome(student=student, details=OutcomeDetails(
            category=category, employer_name="Acme"), source="survey", recorded_by=None)
    db.session.commit()
    current = db.session.scalar(select(func.count(GraduateOutcome.id)).where(
        GraduateOutcome.student_id == student.id, GraduateOutcome.is_current.is_(True)))
    assert current == 1
    assert len(_outcomes(db, student.id)) == 4


def test_admin_records_outcome_with_source_audited(client, login_as, db):
    admin = login_as("admin")
    student = factories.StudentProfileFactory(**GRADUATED)
    factories.GraduateOutcomeFactory(student=student, category="seeking", employer_name=None)
    db.session.commit()
    response = client.post(f"/outcomes/graduates/{student.id}", data=_form(source="employer"),
                           follow_redirects=True)
    assert "Outcome recorded" in response.get_data(as_text=True)
    rows = _outcomes(db, student.id)
    assert rows[-1].source == "employer" and rows[-1].recorded_by_id == admin.id
    assert rows[-1].is_current and not rows[0].is_current
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "outcomes.record"))
    assert audit.actor_id == admin.id
    assert audit.details["before"]["category"] == "seeking"
    assert audit.details["after"]["source"] == "employer"


def test_staff_cannot_claim_the_survey_as_source(client, login_as, db):
    login_as("admin")
    student = factories.StudentProfileFactory(**GRADUATED)
    db.session.commit()
    page = client.post(f"/outcomes/graduates/{student.id}",
                       data=_form(source="survey")).get_data(as_text=True)
    assert 'id="source-error"' in page
    assert _outcomes(db, student.id) == []


def test_dean_records_own_university_graduate(client, login_as, db):
    dean = login_as("dean")
    faculty = factories.FacultyFactory(university=dean.dean_assignment.university)
    student = factories.StudentProfileFactory(faculty=faculty, **GRADUATED)
    db.session.commit()
    client.post(f"/outcomes/graduates/{student.id}", data=_form(source="faculty"))
    [row] = _outcomes(db, student.id)
    assert row.source == "faculty" and row.recorded_by_id == dean.id


def test_dean_cannot_open_or_record_another_university(client, login_as, db):
    login_as("dean")
    other = factories.StudentProfileFactory(**GRADUATED)
    factories.GraduateOutcomeFactory(student=other, employer_name="Secret Employer Ltd")
    db.session.commit()
    response = client.get(f"/outcomes/graduates/{other.id}")
    assert response.status_code == 403
    assert "Secret Employer" not in response.get_data(as_text=True)
    assert client.post(f"/outcomes/graduates/{other.id}",
                       data=_form(source="faculty")).status_code == 403
    assert len(_outcomes(db, other.id)) == 1


def test_faculty_scoped_dean_cannot_open_another_faculty(client, login_as, db):
    faculty = factories.FacultyFactory()
    login_as("dean", university=faculty.university, faculty=faculty)
    sibling = factories.FacultyFactory(university=faculty.university)
    student = factories.StudentProfileFactory(faculty=sibling, **GRADUATED)
    db.session.commit()
    assert client.get(f"/outcomes/graduates/{student.id}").status_code == 403


def test_dean_list_shows_only_own_university_graduates(client, login_as, db):
    dean = login_as("dean")
    faculty = factories.FacultyFactory(university=dean.dean_assignment.university)
    mine = factories.StudentProfileFactory(faculty=faculty, user__full_name="Own Graduate",
                                           **GRADUATED)
    factories.GraduateOutcomeFactory(student=mine)
    factories.StudentProfileFactory(faculty=faculty, user__full_name="Still Studying",
                                    expected_graduation=date.today() + timedelta(days=200))
    factories.StudentProfileFactory(user__full_name="Foreign Graduate", **GRADUATED)
    db.session.commit()
    page = client.get("/outcomes/graduates").get_data(as_text=True)
    assert "Own Graduate" in page
    assert "Foreign Graduate" not in page and "Still Studying" not in page
    assert mine.user.email not in page  # only what recording needs


def test_staff_list_filters(client, login_as, db):
    login_as("admin")
    a = factories.StudentProfileFactory(user__full_name="Alice Employed", **GRADUATED)
    factories.GraduateOutcomeFactory(student=a)
    factories.StudentProfileFactory(user__full_name="Bob Unknown", student_number="S-BOB-1",
                                    **GRADUATED)
    db.session.commit()
    page = client.get("/outcomes/graduates?category=none").get_data(as_text=True)
    assert "Bob Unknown" in page and "Alice Employed" not in page
    page = client.get("/outcomes/graduates?category=employed_full_time").get_data(as_text=True)
    assert "Alice Employed" in page and "Bob Unknown" not in page
    page = client.get("/outcomes/graduates?q=s-bob").get_data(as_text=True)
    assert "Bob Unknown" in page and "Alice Employed" not in page
    page = client.get(f"/outcomes/graduates?faculty={a.faculty_id}&cohort=2025"
                      "&category=bogus&page=x").get_data(as_text=True)
    assert "Alice Employed" in page and "Bob Unknown" not in page


@pytest.mark.parametrize(("role", "status"), [("student", 403), ("company", 403)])
def test_other_roles_cannot_use_staff_pages(client, login_as, db, role, status):
    login_as(role)
    student = factories.StudentProfileFactory(**GRADUATED)
    db.session.commit()
    assert client.get("/outcomes/graduates").status_code == status
    assert client.get(f"/outcomes/graduates/{student.id}").status_code == status


def test_staff_record_page_for_not_yet_graduated(client, login_as, db):
    login_as("admin")
    student = factories.StudentProfileFactory(expected_graduation=date.today() + timedelta(9))
    db.session.commit()
    page = client.get(f"/outcomes/graduates/{student.id}").get_data(as_text=True)
    assert "has not graduated yet" in page
    client.post(f"/outcomes/graduates/{student.id}", data=_form(source="faculty"))
    assert _outcomes(db, student.id) == []


def test_staff_never_see_an_individual_salary_and_blank_keeps_it(client, login_as, db):
    dean = login_as("dean")
    faculty = factories.FacultyFactory(university=dean.dean_assignment.university)
    student = factories.StudentProfileFactory(faculty=faculty, **GRADUATED)
    factories.GraduateOutcomeFactory(student=student, annual_salary=456789)
    db.session.commit()
    page = client.get(f"/outcomes/graduates/{student.id}").get_data(as_text=True)
    assert "456789" not in page and "456,789" not in page
    client.post(f"/outcomes/graduates/{student.id}",
                data=_form(source="employer", annual_salary="", job_title="Team Lead"))
    rows = _outcomes(db, student.id)
    assert rows[-1].job_title == "Team Lead" and rows[-1].annual_salary == 456789
    assert rows[-1].is_current
