"""What kinds of CSV files work, and the clear messages for those that do not."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from foundry.models import StudentProfile
from tests.imports.conftest import STUDENT_HEADER, counts, student_row, students_csv


def _page(response) -> str:
    return response.get_data(as_text=True)


def test_utf8_with_bom_and_chinese_names(db, login_as, cuhk, preview_and_apply):
    """Excel's "CSV UTF-8" starts with a BOM; the header still matches, names keep their form."""
    login_as("admin")
    data = "\ufeff".encode() + students_csv(student_row("1", name="陳大文"))
    preview, _ = preview_and_apply(data, university=cuhk)
    assert counts(preview) == [1, 1, 0, 0, 0]
    assert db.session.scalar(select(StudentProfile)).user.full_name == "陳大文"


def test_excel_dialect_quoted_comma_newline_and_quotes(db, login_as, cuhk, preview_and_apply):
    """Quoted commas, doubled quotes and a line break inside a cell; later lines keep their
    numbers (a record spanning two lines)."""
    login_as("admin")
    data = students_csv(
        '1,"Chan, Tai Man ""Tommy""",1@link.cuhk.edu.hk,Faculty of Engineering,'
        '"BEng Computer Engineering",2026-06-30',
        '2,"Wong\r\nSiu Ming",2@link.cuhk.edu.hk,Faculty of Engineering,,2026-06-30',
        student_row("3", grad="bad"),
        ",,,,,",  # Excel's trailing blank row
    )
    preview, _ = preview_and_apply(data, university=cuhk)
    assert "<td>5</td><td><code>expected_graduation</code></td>" in preview
    assert counts(preview)[0] == 3


def test_header_case_spaces_order_and_extra_columns(db, login_as, cuhk, preview_and_apply):
    """'Student Number' matches student_number; column order is free; extra columns ignored."""
    login_as("admin")
    header = "Email,Full Name,Student Number,Faculty,Programme,Expected Graduation,Remarks"
    data = students_csv("9@link.cuhk.edu.hk,Lee,9,Faculty of Engineering,,30/06/2026,x",
                        header=header)
    preview, _ = preview_and_apply(data, university=cuhk)
    assert counts(preview) == [1, 1, 0, 0, 0]
    assert "Columns ignored: Remarks" in preview
    assert db.session.scalar(select(StudentProfile)).student_number == "9"


@pytest.mark.parametrize(("data", "message"), [
    ("陳大文".encode("big5"), "not UTF-8 text"),
    (b"", "The file is empty."),
    (b"   \r\n", "The file is empty."),
    (STUDENT_HEADER.encode() + b"\r\n", "has a header but no data rows"),
    (b"student_number,full_name,faculty,programme,expected_graduation\r\n1,A,F,P,2026-06-30\r\n",
     "Missing column(s): email"),
    (b"student_number,student_number\r\n1,1\r\n", "Column repeated"),
])
def test_file_level_problems_get_a_clear_message(db, client, login_as, cuhk, upload, data,
                                                 message):
    """Non-UTF-8, empty, header only, missing or repeated column: shown by the file field."""
    login_as("admin")
    response = upload(data, university=cuhk)
    assert response.status_code == 422
    assert message in _page(response)
    assert db.session.scalar(select(func.count(StudentProfile.id))) == 0


def test_more_values_than_columns_is_a_row_error(db, client, login_as, cuhk, upload):
    """A row with a stray extra value is reported with its line."""
    login_as("admin")
    response = upload(students_csv(student_row("1") + ",oops"), university=cuhk)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "more values than columns" in html and "<td>2</td>" in html


def test_file_over_the_import_limit(db, client, login_as, cuhk, upload, app, monkeypatch):
    """Over 20 MB (limit lowered here to keep the test fast): a message, not a crash."""
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 1024)
    login_as("admin")
    data = students_csv(*[student_row(str(n)) for n in range(100)])
    response = upload(data, university=cuhk)
    assert response.status_code == 422
    assert "larger than" in _page(response)


def test_request_over_the_server_limit_is_handled(db, client, login_as, cuhk, app, monkeypatch):
    """A body over MAX_CONTENT_LENGTH (413) lands back on the import page with a message."""
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2048)
    login_as("admin")
    response = client.post("/imports/", data={
        "kind": "students", "university": str(cuhk.id),
        "file": (io.BytesIO(b"x" * 10_000), "big.csv")}, content_type="multipart/form-data")
    assert response.status_code == 303
    page = client.get(response.headers["Location"])
    assert "larger than 20 MB" in _page(page)


def test_a_real_20_mb_file_is_refused(db, client, login_as, cuhk):
    """The default limit: a file just over 20 MB gets the size message."""
    login_as("admin")
    row = student_row("1").encode() + b"\r\n"
    data = students_csv() + row * (20 * 1024 * 1024 // len(row) + 10)
    # Encode the multipart body here: the test client would spool it to an unclosed temp file.
    boundary, body = encode_multipart({"kind": "students", "university": str(cuhk.id),
                                       "file": FileStorage(io.BytesIO(data), "big.csv")})
    response = client.post("/imports/", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 422
    assert "larger than 20 MB" in _page(response)


def test_no_file_and_no_university(db, client, login_as, cuhk, upload):
    """Shape errors are shown by their fields."""
    login_as("admin")
    response = client.post("/imports/", data={"kind": "students"})
    assert response.status_code == 422 and "Choose a CSV file." in _page(response)
    response = upload(students_csv(student_row("1")))
    assert response.status_code == 422
    assert "Choose the university to import into." in _page(response)


def test_oversize_request_with_csrf_on_is_handled(db, client, login_as, cuhk, app, monkeypatch):
    """With CSRF checking on (as in production) the 413 comes from reading the form before
    the view runs; the import page still answers with its message."""
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2048)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    login_as("admin")
    response = client.post("/imports/", data={
        "kind": "students", "file": (io.BytesIO(b"x" * 10_000), "big.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/imports/")
