"""A student corrects their name, programme and expected graduation after signing up."""

from __future__ import annotations

from datetime import date

from tests import factories


def _student(login_as, db):
    user = login_as("student")
    student = user.student
    other_faculty = factories.FacultyFactory(university=student.university, name="Science")
    programme = factories.ProgrammeFactory(faculty=other_faculty, name="BSc Physics")
    foreign = factories.ProgrammeFactory(name="BA Elsewhere")
    db.session.commit()
    return user, student, programme, foreign


def test_student_changes_name_programme_and_graduation(client, login_as, db):
    user, student, programme, _foreign = _student(login_as, db)
    page = client.get("/account/details").get_data(as_text=True)
    assert "BSc Physics" in page and "BA Elsewhere" not in page
    response = client.post("/account/details", data={
        "full_name": "  Chan  Tai Man ", "programme_id": str(programme.id),
        "expected_graduation": "2028-06-30"}, follow_redirects=True)
    assert "Your details are saved." in response.get_data(as_text=True)
    db.session.expire_all()
    assert user.full_name == "Chan Tai Man"
    assert student.programme_id == programme.id and student.faculty_id == programme.faculty_id
    assert student.expected_graduation == date(2028, 6, 30) and student.cohort_year == 2028


def test_every_problem_is_reported_at_once_and_nothing_changes(client, login_as, db):
    user, student, _programme, foreign = _student(login_as, db)
    name = user.full_name
    page = client.post("/account/details", data={
        "full_name": "Somebody", "programme_id": str(foreign.id),
        "expected_graduation": "1990-06-30"}).get_data(as_text=True)
    assert 'id="programme_id-error"' in page and 'id="expected_graduation-error"' in page
    db.session.expire_all()
    assert user.full_name == name and student.expected_graduation != date(1990, 6, 30)


def test_only_students_have_details(client, login_as):
    login_as("company")
    assert client.get("/account/details").status_code == 403
