"""Students import through the web pages: preview, apply, re-import, bad rows, scope."""

from __future__ import annotations

from sqlalchemy import func, select

from foundry.models import AuditLog, Programme, StudentProfile, User
from tests import factories
from tests.imports.conftest import counts, student_row, students_csv


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_good_file_previews_then_applies_and_audits(db, client, login_as, cuhk,
                                                    preview_and_apply):
    """Two new students: preview counts, one transaction, accounts without password, audit."""
    admin = login_as("admin")
    data = students_csv(student_row("1155000001"), student_row("1155000002", name="李小龍"))
    preview, applied = preview_and_apply(data, university=cuhk)
    assert counts(preview) == [2, 2, 0, 0, 0]
    assert ("New programmes will be added: Faculty of Engineering: BEng Computer Engineering"
            in preview)
    assert applied.status_code == 302
    students = db.session.scalars(select(StudentProfile).order_by(StudentProfile.student_number))
    students = list(students)
    assert [s.student_number for s in students] == ["1155000001", "1155000002"]
    assert students[1].user.full_name == "李小龍"
    assert students[0].user.password_hash is None and students[0].user.active
    assert students[0].user.role == "student"
    assert students[0].cohort_year == 2026
    assert students[0].programme.name == "BEng Computer Engineering"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "import.students"))
    assert entry.actor_id == admin.id
    assert entry.details["created"] == 2 and entry.details["university"] == "CUHK"
    assert "Import applied: 2 created" in client.get("/imports/").get_data(as_text=True)


def test_reimporting_the_same_file_changes_nothing(db, client, login_as, cuhk,
                                                   preview_and_apply):
    """Upsert on (university, student number): the second run has 0 created / 0 updated."""
    login_as("admin")
    data = students_csv(student_row("1155000001"), student_row("1155000002"))
    preview_and_apply(data, university=cuhk)
    preview, _applied = preview_and_apply(data, university=cuhk)
    assert counts(preview) == [2, 0, 0, 2, 0]
    assert "already up to date" in preview
    assert _count(db, StudentProfile) == 2 and _count(db, Programme) == 1


def test_changed_row_is_an_update(db, login_as, cuhk, preview_and_apply):
    """A new name and graduation date update the existing student, not a second one."""
    login_as("admin")
    preview_and_apply(students_csv(student_row("1155000001")), university=cuhk)
    preview, _ = preview_and_apply(
        students_csv(student_row("1155000001", name="Chan Siu Ming", grad="2027-06-30",
                                 faculty="Faculty of Science", programme="")), university=cuhk)
    assert counts(preview) == [1, 0, 1, 0, 0]
    student = db.session.scalar(select(StudentProfile))
    db.session.refresh(student)
    db.session.refresh(student.user)
    assert student.user.full_name == "Chan Siu Ming"
    assert student.cohort_year == 2027 and student.faculty.name == "Faculty of Science"
    assert student.programme_id is None


def test_bad_rows_listed_with_line_column_reason_and_nothing_saved(db, client, login_as, cuhk,
                                                                   upload):
    """Every bad cell is listed; the apply button is absent; applying anyway saves nothing."""
    login_as("admin")
    factories.UserFactory(email="taken@link.cuhk.edu.hk")
    db.session.commit()
    data = students_csv(
        student_row("1155000001"),
        student_row("1155000002", email="someone@gmail.com"),
        student_row("1155000003", faculty="Faculty of Magic"),
        student_row("1155000004", grad="2026-13-45"),
        student_row("1155000001", email="other@link.cuhk.edu.hk"),
        student_row("", name=""),
        student_row("1155000005", email="taken@link.cuhk.edu.hk"),
    )
    response = upload(data, university=cuhk)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    for line, column, reason in [
        (3, "email", "not an e-mail address of this university"),
        (4, "faculty", "unknown faculty “Faculty of Magic”"),
        (5, "expected_graduation", "is not a date"),
        (6, "student_number", "student number repeated (first on line 2)"),
        (7, "student_number", "is required"),
        (7, "full_name", "is required"),
        (8, "email", "already belongs to another account"),
    ]:
        assert f"<td>{line}</td><td><code>{column}</code></td><td>" in html, (line, column)
        assert reason in html
    assert "Apply the import" not in html
    token = response.headers["Location"].rsplit("/", 1)[1]
    again = client.post("/imports/apply", data={"token": token})
    assert again.status_code == 422
    assert _count(db, StudentProfile) == 0
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "import.students")) is None


def test_fixed_file_applies_after_a_bad_one(db, login_as, cuhk, upload, preview_and_apply):
    """The bad upload saved nothing; the corrected one is applied."""
    login_as("admin")
    upload(students_csv(student_row("1", grad="never")), university=cuhk)
    preview, _applied = preview_and_apply(students_csv(student_row("1")), university=cuhk)
    assert counts(preview) == [1, 1, 0, 0, 0]
    assert _count(db, StudentProfile) == 1


def test_self_registered_student_is_linked_not_duplicated(db, login_as, cuhk,
                                                          preview_and_apply):
    """A student who signed up (no student number yet) gets the number, no second account."""
    login_as("admin")
    faculty = cuhk.faculties[0]
    own = factories.StudentProfileFactory(
        faculty=faculty, student_number=None,
        user=factories.UserFactory(email="1155000009@link.cuhk.edu.hk"))
    db.session.commit()
    preview, _ = preview_and_apply(students_csv(student_row("1155000009")), university=cuhk)
    assert counts(preview) == [1, 0, 1, 0, 0]
    db.session.refresh(own)
    assert own.student_number == "1155000009"
    assert _count(db, User) == 2  # the admin and the student


def test_all_or_nothing_when_the_database_refuses(db, client, login_as, cuhk, upload,
                                                  monkeypatch):
    """A failure half-way through applying leaves no row behind."""
    from foundry.imports import students

    login_as("admin")
    response = upload(students_csv(student_row("1"), student_row("2")), university=cuhk)
    token = response.headers["Location"].rsplit("/", 1)[1]
    real_apply = students.apply

    def failing_apply(plan, ctx):
        real_apply(plan, ctx)
        from foundry.common.errors import DomainError
        raise DomainError("simulated failure after the inserts")

    monkeypatch.setattr(students, "apply", failing_apply)
    result = client.post("/imports/apply", data={"token": token}, follow_redirects=True)
    assert "simulated failure" in result.get_data(as_text=True)
    assert _count(db, StudentProfile) == 0
    assert _count(db, User) == 1


def test_dean_imports_into_own_university_only(db, client, login_as, cuhk, upload,
                                               preview_and_apply):
    """The university is fixed by the dean's scope, whatever the form says; no companies."""
    other = factories.UniversityFactory(code="HKU")
    login_as("dean", university=cuhk)
    page = client.get("/imports/").get_data(as_text=True)
    assert "Companies (HKSTP tenant list)" not in page
    preview, _ = preview_and_apply(students_csv(student_row("1")), university=other)
    assert "CUHK" in preview
    student = db.session.scalar(select(StudentProfile))
    assert student.university_id == cuhk.id
    refused = upload(b"name,cluster,site,size_band\r\nX,fintech,science_park,1-10\r\n",
                     kind="companies")
    assert refused.status_code == 422


def test_faculty_scoped_dean_cannot_import_other_faculties(db, client, login_as, cuhk, upload):
    """A dean of one faculty gets an error for rows of another faculty."""
    engineering = cuhk.faculties[0]
    login_as("dean", university=cuhk, faculty=engineering)
    response = upload(students_csv(student_row("1", faculty="Faculty of Science")))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "outside your faculty" in html


def test_other_users_upload_id_is_404(db, client, login_as, cuhk, upload):
    """The stored file is tied to its uploader; a guessed or foreign id answers 404."""
    login_as("admin")
    response = upload(students_csv(student_row("1")), university=cuhk)
    token = response.headers["Location"].rsplit("/", 1)[1]
    login_as("admin")
    assert client.get(f"/imports/preview/{token}").status_code == 404
    assert client.post("/imports/apply", data={"token": token}).status_code == 404
    assert client.post("/imports/apply", data={"token": "../../etc/passwd"}).status_code == 404
