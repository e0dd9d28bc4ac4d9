"""The programme application (issue 14): every mistake reported in one round, and a CV picked
from the applicant's CV library instead of uploading it again (the position form's way)."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from foundry.applications import cv, cv_library
from foundry.models import ProgrammeApplication
from tests import factories
from tests.applications.helpers import pdf_bytes
from tests.errors_by_field import error_beside
from tests.programmes.conftest import apply_with


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(ProgrammeApplication))


def _library_cv(student, label="Data roles"):
    return cv_library.add_cv(student=student, stream=io.BytesIO(pdf_bytes()),
                             filename=f"{label}.pdf", label=label, actor=student.user)


def test_no_position_and_no_cv_are_reported_together(client, login_as, db, gip):
    login_as("external")
    response = apply_with(client, gip, cv="")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Choose at least one position." in error_beside(page, "preferences")
    assert "Attach your CV as a PDF." in error_beside(page, "cv")
    assert _count(db) == 0


def test_a_missing_statement_comes_with_the_service_rules(client, login_as, db, gip):
    """The form's own check (statement) failed: the positions and the CV are named too."""
    login_as("student")
    page = apply_with(client, gip, statement="", cv="").get_data(as_text=True)
    assert error_beside(page, "statement")
    assert "Choose at least one position." in error_beside(page, "preferences")
    assert "Attach your CV as a PDF." in error_beside(page, "cv")
    assert _count(db) == 0


def test_applying_with_a_library_cv_stores_that_cv(client, login_as, db, gip):
    user = login_as("external")
    older = _library_cv(user.student, "General")
    chosen = _library_cv(user.student, "Data roles")
    db.session.commit()
    page = client.get(f"/programmes/{gip.programme.id}/application").get_data(as_text=True)
    assert 'name="cv_choice"' in page and "Data roles" in page and "General" in page
    response = apply_with(client, gip, 1, cv="", cv_choice=str(older.id))
    assert response.status_code == 302
    application = db.session.scalar(select(ProgrammeApplication))
    assert application.cv_path == older.storage_key and application.cv_filename == "General.pdf"
    # Switching to the other library CV keeps both library files.
    assert apply_with(client, gip, 1, cv="", cv_choice=str(chosen.id)).status_code == 302
    db.session.refresh(application)
    assert application.cv_path == chosen.storage_key
    assert cv.read_cv(older.storage_key) and cv.read_cv(chosen.storage_key)
    # Editing with "keep the CV you sent" leaves it as it is.
    assert apply_with(client, gip, 2, cv="", cv_choice="keep").status_code == 302
    db.session.refresh(application)
    assert application.cv_path == chosen.storage_key


def test_someone_elses_library_cv_is_404_and_never_attached(client, login_as, db, gip):
    other = factories.StudentProfileFactory()
    theirs = _library_cv(other, "Not mine")
    db.session.commit()
    login_as("student")
    response = apply_with(client, gip, 1, cv="", cv_choice=str(theirs.id))
    assert response.status_code == 404
    assert _count(db) == 0
    assert db.session.scalar(select(func.count()).select_from(ProgrammeApplication).where(
        ProgrammeApplication.cv_path == theirs.storage_key)) == 0


def test_programme_form_names_a_taken_name_with_the_date_order(client, login_as, db, gip):
    """The form's own check (closing before opening) and the service's (the name is taken)
    come back in one response, each beside its field."""
    login_as("admin")
    response = client.post("/admin/programmes/new", data={
        "name": gip.programme.name, "kind": "drive", "eligibility": "partner",
        "opens_on": "2027-03-01", "closes_on": "2027-02-01", "max_preferences": "3",
        "reviews_needed": "2"})
    page = response.get_data(as_text=True)
    assert "already has this name" in error_beside(page, "name")
    assert "on or after the opening day" in error_beside(page, "closes_on")
    assert error_beside(page, "closes_on").count("on or after the opening day") == 1
    assert db.session.scalar(select(func.count()).select_from(type(gip.programme))) == 1
