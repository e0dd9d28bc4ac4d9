"""`flask import …` through the click runner: same report, non-zero exit, nothing committed."""

from __future__ import annotations

from sqlalchemy import func, select

from foundry.models import AuditLog, Company, StudentProfile
from tests.imports.conftest import student_row, students_csv


def _count(db, column) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(column)))


def test_students_applied_then_unchanged(db, runner, cuhk, tmp_path):
    """A good file is committed; running it again reports 0 created, 0 updated."""
    path = tmp_path / "students.csv"
    path.write_bytes(students_csv(student_row("1"), student_row("2", name="陳大文")))
    result = runner.invoke(args=["import", "students", str(path), "--university", "cuhk"])
    assert result.exit_code == 0, result.output
    assert "Applied 2 row(s) of students for CUHK: 2 created, 0 updated" in result.output
    assert _count(db, StudentProfile.id) == 2
    assert db.session.scalar(select(AuditLog.action)) == "import.students"
    again = runner.invoke(args=["import", "students", str(path), "--university", "CUHK"])
    assert "0 created, 0 updated, 2 unchanged" in again.output


def test_errors_are_reported_and_nothing_is_committed(db, runner, cuhk, tmp_path):
    """Line, column and reason per problem; exit code 1; no row saved."""
    path = tmp_path / "students.csv"
    path.write_bytes(students_csv(student_row("1"), student_row("2", grad="soon")))
    result = runner.invoke(args=["import", "students", str(path), "--university", "CUHK"])
    assert result.exit_code == 1
    assert "line 3, column expected_graduation: “soon” is not a date" in result.output
    assert "Nothing was imported." in result.output
    assert _count(db, StudentProfile.id) == 0


def test_dry_run_saves_nothing(db, runner, tmp_path):
    """--dry-run reports the counts and rolls back."""
    path = tmp_path / "companies.csv"
    path.write_text("name,cluster,site,size_band,website\nAcme,fintech,science_park,1-10,\n",
                    encoding="utf-8")
    result = runner.invoke(args=["import", "companies", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 to create" in result.output and "Dry run" in result.output
    assert _count(db, Company.id) == 0


def test_file_level_error_and_missing_university(db, runner, cuhk, tmp_path):
    """A non-UTF-8 file and a missing --university exit non-zero with a message."""
    path = tmp_path / "bad.csv"
    path.write_bytes("student_number\n陳".encode("big5"))
    result = runner.invoke(args=["import", "students", str(path), "--university", "CUHK"])
    assert result.exit_code == 1 and "not UTF-8" in result.output
    result = runner.invoke(args=["import", "students", str(path)])
    assert result.exit_code != 0 and "--university CODE is required" in result.output
    result = runner.invoke(args=["import", "students", str(path), "--university", "NOPE"])
    assert result.exit_code != 0 and "No university with code" in result.output
