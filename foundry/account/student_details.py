"""A student corrects their name, programme and expected graduation after signing up."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from foundry.common.audit import record_audit
from foundry.common.errors import Problems
from foundry.extensions import db
from foundry.formatting import name_column
from foundry.models import Faculty, Programme, StudentProfile
from foundry.models.choices import cohort_year

EARLIEST = date(2000, 1, 1)
LATEST_YEARS_AHEAD = 8


def programme_choices(student: StudentProfile) -> list[tuple[int, str]]:
    """(id, "Faculty — Programme") of every programme of the student's university."""
    faculty, programme = name_column(Faculty), name_column(Programme)
    rows = db.session.execute(
        select(Programme.id, faculty, programme)
        .join(Faculty, Faculty.id == Programme.faculty_id)
        .where(Faculty.university_id == student.university_id)
        .order_by(faculty, programme)).all()
    return [(pid, f"{fname} — {pname}") for pid, fname, pname in rows]


def update_student_details(*, student: StudentProfile, full_name: str, programme_id: int | None,
                           expected_graduation: date) -> None:
    """Change the name, programme (its faculty follows) and expected graduation (its cohort
    follows, unless the student has graduated); audited. Raises every problem at once."""
    problems = Problems()
    name = " ".join((full_name or "").split())
    if not name:
        problems.add(_("Give your name."), field="full_name")
    programme = db.session.get(Programme, programme_id) if programme_id else None
    if programme_id and (programme is None
                         or programme.faculty.university_id != student.university_id):
        problems.add(_("Choose a programme of your university."), field="programme_id")
    latest = date(date.today().year + LATEST_YEARS_AHEAD, 12, 31)
    if not EARLIEST <= expected_graduation <= latest:
        problems.add(_("Check the date: expected graduation must be between %(a)s and %(b)s.",
                       a=EARLIEST.year, b=latest.year), field="expected_graduation")
    problems.raise_any()
    before = {"full_name": student.user.full_name if student.user else None,
              "programme_id": student.programme_id,
              "expected_graduation": student.expected_graduation.isoformat()}
    if student.user is not None:
        student.user.full_name = name
    if programme is not None:
        student.programme_id = programme.id
        student.faculty_id = programme.faculty_id
    student.expected_graduation = expected_graduation
    if student.actual_graduation is None:
        student.cohort_year = cohort_year(expected_graduation)
    after = {"full_name": name, "programme_id": student.programme_id,
             "expected_graduation": expected_graduation.isoformat()}
    record_audit("student.details_updated", target=student, actor=student.user,
                 details={k: [before[k], after[k]] for k in after if before[k] != after[k]})
    db.session.flush()
