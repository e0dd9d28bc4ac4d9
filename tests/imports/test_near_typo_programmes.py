"""Issue 14: an import that would create a programme whose name is close to one the faculty
already has ("BEng Computer Sciense" vs "BEng Computer Science") asks first: the preview lists
such rows with "did you mean …?", nothing is written until the importer maps each one to the
existing programme or confirms the new name, and bad rows are still all reported at once."""

from __future__ import annotations

from sqlalchemy import func, select

from foundry.imports.services import run_import
from foundry.models import Faculty, Programme, StudentProfile
from tests.imports.conftest import student_row, students_csv


def _existing(db, cuhk) -> Programme:
    faculty = db.session.scalar(select(Faculty).where(Faculty.name == "Faculty of Engineering"))
    programme = Programme(faculty_id=faculty.id, name="BEng Computer Science")
    db.session.add(programme)
    db.session.commit()
    return programme


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _upload(client, upload, data, cuhk) -> tuple[str, str]:
    response = upload(data, university=cuhk)
    token = response.headers["Location"].rsplit("/", 1)[1]
    return token, client.get(response.headers["Location"]).get_data(as_text=True)


FILE = students_csv(student_row("1", programme="BEng Computer Sciense"),
                    student_row("2", programme="beng  computer   SCIENCE"),
                    student_row("3", programme="BEng Computer Sciense"),
                    student_row("4", programme="MSc Quantum Biology"))


def test_preview_asks_and_nothing_is_written_without_a_choice(db, client, login_as, cuhk,
                                                               upload):
    existing = _existing(db, cuhk)
    login_as("admin")
    token, page = _upload(client, upload, FILE, cuhk)
    assert "did you mean “BEng Computer Science”?" in page
    assert "Lines 2, 4" in page and "BEng Computer Sciense" in page
    assert "MSc Quantum Biology" not in page.split('id="near-typos"')[1].split("</section>")[0]
    refused = client.post("/imports/apply", data={"token": token})
    assert refused.status_code == 422
    assert "choose whether “BEng Computer Sciense” is “BEng Computer Science”" in \
        refused.get_data(as_text=True)
    assert _count(db, StudentProfile) == 0 and _count(db, Programme) == 1
    applied = client.post("/imports/apply", data={"token": token,
                                                  "programme-0": str(existing.id)})
    assert applied.status_code == 302
    assert _count(db, Programme) == 2  # only MSc Quantum Biology was added
    assert _count(db, StudentProfile, StudentProfile.programme_id == existing.id) == 3


def test_confirming_the_new_name_creates_it(db, client, login_as, cuhk, upload):
    _existing(db, cuhk)
    login_as("admin")
    token, _page = _upload(client, upload, FILE, cuhk)
    client.post("/imports/apply", data={"token": token, "programme-0": "new"})
    names = set(db.session.scalars(select(Programme.name)))
    assert names == {"BEng Computer Science", "BEng Computer Sciense", "MSc Quantum Biology"}
    assert _count(db, StudentProfile) == 4


def test_bad_rows_and_near_typos_are_reported_together(db, client, login_as, cuhk, upload):
    _existing(db, cuhk)
    login_as("admin")
    data = students_csv(student_row("1", programme="BEng Computer Sciense"),
                        student_row("2", grad="not a date"),
                        student_row("3", email="someone@gmail.com"))
    _token, page = _upload(client, upload, data, cuhk)
    assert 'id="import-errors"' in page and "someone@gmail.com" not in page.split("<h1")[0]
    assert "Line 2 · Faculty of Engineering: “BEng Computer Sciense” — did you mean" in page
    report = run_import(kind="students", data=data, university=cuhk, dry_run=True)
    assert {e.line for e in report.errors} == {3, 4}
    assert [t["lines"] for t in report.near_typos] == [[2]]


def test_the_command_line_refuses_a_near_typo(db, cuhk):
    _existing(db, cuhk)
    report = run_import(kind="students", data=FILE, university=cuhk)
    assert not report.applied and report.near_typos
    assert any("did you mean" in line for line in report.lines())
    assert _count(db, StudentProfile) == 0
