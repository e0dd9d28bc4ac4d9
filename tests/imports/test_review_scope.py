"""Review findings: a faculty-scoped dean's import never touches another faculty's student."""

from __future__ import annotations

from foundry.models import StudentProfile
from tests import factories
from tests.imports.conftest import student_row, students_csv


def test_faculty_dean_cannot_move_or_rename_another_faculty_student(db, client, login_as, cuhk,
                                                                   upload):
    """The row names the dean's faculty, but the student number is a Science student's: the
    row is refused, and the student keeps their faculty, name and e-mail."""
    engineering, science = cuhk.faculties[0], cuhk.faculties[1]
    victim = factories.StudentProfileFactory(university=cuhk, faculty=science,
                                             student_number="1155999999",
                                             user__email="victim@link.cuhk.edu.hk",
                                             user__full_name="Science Student")
    db.session.commit()
    victim_id = victim.id
    login_as("dean", university=cuhk, faculty=engineering)
    response = upload(students_csv(student_row("1155999999", name="Taken Over",
                                               email="attacker@link.cuhk.edu.hk")))
    token = response.headers["Location"].rsplit("/", 1)[1]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "outside your faculty" in html
    client.post("/imports/apply", data={"token": token})
    db.session.expire_all()
    student = db.session.get(StudentProfile, victim_id)
    assert student.faculty_id == science.id
    assert (student.user.full_name, student.user.email) == ("Science Student",
                                                            "victim@link.cuhk.edu.hk")
