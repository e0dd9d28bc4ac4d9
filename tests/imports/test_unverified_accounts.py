"""The registrar import links a self-registered student only once their e-mail is confirmed."""

from __future__ import annotations

from sqlalchemy import func, select

from foundry.models import StudentProfile, User
from tests import factories
from tests.imports.conftest import counts, student_row, students_csv

EMAIL = "1155000009@link.cuhk.edu.hk"


def _self_registered(cuhk, *, active: bool):
    return factories.StudentProfileFactory(
        faculty=cuhk.faculties[0], student_number=None,
        user=factories.UserFactory(email=EMAIL, active=active))


def test_unconfirmed_sign_up_does_not_get_the_registrar_record(db, login_as, cuhk,
                                                               preview_and_apply):
    """Someone signed up with the student's address but never opened the link."""
    login_as("admin")
    squatter = _self_registered(cuhk, active=False)
    db.session.commit()
    preview, _applied = preview_and_apply(students_csv(student_row("1155000009"),
                                                      student_row("1155000010")), university=cuhk)
    assert counts(preview) == [2, 1, 0, 0, 1]
    assert "its e-mail may not be confirmed yet" in preview
    db.session.refresh(squatter)
    assert squatter.student_number is None
    numbers = set(db.session.scalars(select(StudentProfile.student_number)))
    assert "1155000009" not in numbers
    assert db.session.scalar(select(func.count()).select_from(User).where(
        User.email == EMAIL)) == 1


def test_confirmed_sign_up_is_linked(db, login_as, cuhk, preview_and_apply):
    login_as("admin")
    own = _self_registered(cuhk, active=True)
    db.session.commit()
    preview, _ = preview_and_apply(students_csv(student_row("1155000009")), university=cuhk)
    assert counts(preview) == [1, 0, 1, 0, 0]
    db.session.refresh(own)
    assert own.student_number == "1155000009"
