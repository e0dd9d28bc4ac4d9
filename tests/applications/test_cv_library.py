"""The CV library: up to five labelled CVs, one chosen when applying (the latest by default);
the company sees only the CV sent; deleting keeps each application's copy; data rights cover
every CV; the migration turns each student's latest application CV into their first."""

from __future__ import annotations

import io
import json

from flask_migrate import upgrade
from sqlalchemy import func, select, text
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from foundry.applications import cv, cv_library
from foundry.extensions import db as _db
from foundry.models import Application, CvFile
from tests import factories
from tests.applications.helpers import company_with_member, pdf_bytes
from tests.migrations.test_migrations import MIGRATIONS, empty_app  # noqa: F401


def _post(client, url, fields, data=None, name="cv.pdf"):
    """A multipart POST encoded in memory (see tests/applications/test_routes.py)."""
    if data is not None:
        fields = {**fields, "cv": FileStorage(io.BytesIO(data), filename=name,
                                              content_type="application/pdf")}
    body, _length, boundary = stream_encode_multipart(fields, threshold=64 * 1024 * 1024)
    return client.post(url, data=body.read(),
                       content_type=f"multipart/form-data; boundary={boundary}")


def _pdf(tag: str) -> bytes:
    return pdf_bytes().replace(b"Catalog", b"Catalog /" + tag.encode())


def test_student_keeps_up_to_five_cvs(client, login_as, db):
    user = login_as("student")
    for n in range(cv_library.MAX_CVS):
        response = _post(client, "/me/cvs", {"label": f"Version {n}"}, _pdf(f"v{n}"))
        assert response.status_code == 302
    page = client.get("/me/cvs").get_data(as_text=True)
    assert "Version 4" in page and "Latest" in page and "library is full" in page
    response = _post(client, "/me/cvs", {"label": "One more"}, _pdf("x"))
    assert response.status_code == 400 and "the most it can" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(CvFile.id)).where(
        CvFile.student_id == user.student.id)) == cv_library.MAX_CVS


def test_library_upload_uses_the_cv_checks_and_reports_by_the_field(client, login_as, db):
    login_as("student")
    response = _post(client, "/me/cvs", {"label": "Zip"}, b"PK\x03\x04 zip", name="cv.pdf")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="cv-error"' in page and "must be a PDF" in page
    assert 'value="Zip"' in page
    assert _db.session.scalar(select(func.count(CvFile.id))) == 0


def test_apply_with_a_chosen_cv_and_the_company_sees_only_that_one(client, login_as, db):
    company, member = company_with_member()
    position = factories.PositionFactory(company=company)
    user = login_as("student")
    _post(client, "/me/cvs", {"label": "Finance"}, _pdf("finance"))
    _post(client, "/me/cvs", {"label": "Data"}, _pdf("data"))
    finance, data = sorted(cv_library.library(user.student), key=lambda e: e.id)
    detail = client.get(f"/positions/{position.id}").get_data(as_text=True)
    assert "CV to send" in detail and f'<option selected value="{data.id}">' in detail
    response = _post(client, f"/positions/{position.id}/apply",
                     {"note": "Hi", "cv_choice": str(finance.id)})
    assert response.status_code == 302
    application = db.session.scalar(select(Application))
    assert application.cv_path == finance.storage_key and application.cv_file_id == finance.id
    login_as(member)
    assert client.get(f"/applications/{application.id}/cv").data == _pdf("finance")
    # another student's library CV cannot be chosen
    login_as(factories.StudentProfileFactory().user)
    response = _post(client, f"/positions/{position.id}/apply", {"cv_choice": str(data.id)})
    assert response.status_code == 404
    assert client.get(f"/me/cvs/{data.id}/file").status_code == 404


def test_a_new_upload_when_applying_joins_the_library(client, login_as, db):
    position = factories.PositionFactory(company=company_with_member()[0])
    user = login_as("student")
    response = _post(client, f"/positions/{position.id}/apply", {"cv_choice": "new"}, _pdf("n"),
                     name="Ada CV.pdf")
    assert response.status_code == 302
    (entry,) = cv_library.library(user.student)
    assert entry.filename == "Ada_CV.pdf" and entry.label == "Ada_CV"
    assert db.session.scalar(select(Application.cv_file_id)) == entry.id
    response = _post(client, f"/positions/{position.id}/apply", {"cv_choice": "new"})
    assert "Attach your CV" in response.get_data(as_text=True)


def test_deleting_keeps_the_copy_an_application_was_sent_with(app, client, login_as, db):
    position = factories.PositionFactory(company=company_with_member()[0])
    user = login_as("student")
    _post(client, "/me/cvs", {"label": "Sent"}, _pdf("sent"))
    _post(client, "/me/cvs", {"label": "Unused"}, _pdf("unused"))
    sent, unused = sorted(cv_library.library(user.student), key=lambda e: e.id)
    _post(client, f"/positions/{position.id}/apply", {"cv_choice": str(sent.id)})
    sent_key, unused_key = sent.storage_key, unused.storage_key
    response = client.post(f"/me/cvs/{sent.id}/delete", follow_redirects=True)
    assert "keep that copy" in response.get_data(as_text=True)
    assert cv.read_cv(sent_key) == _pdf("sent")  # the application's copy stays
    client.post(f"/me/cvs/{unused.id}/delete")
    try:
        cv.read_cv(unused_key)
        raise AssertionError("the unused file should be gone")
    except FileNotFoundError:
        pass
    assert cv_library.library(user.student) == []
    assert client.post("/me/cvs/99999999999/delete").status_code == 404


def test_data_rights_cover_every_cv(client, login_as, db):
    user = login_as("student")
    _post(client, "/me/cvs", {"label": "First"}, _pdf("a"))
    _post(client, "/me/cvs", {"label": "Second"}, _pdf("b"))
    keys = [e.storage_key for e in cv_library.library(user.student)]
    data = json.loads(client.get("/account/my-data.json").data)
    assert sorted(c["label"] for c in data["cvs"]) == ["First", "Second"]
    assert all("/me/cvs/" in c["download"] for c in data["cvs"])
    response = client.post("/account/delete", data={"confirm": "DELETE",
                                                     "password": factories.PASSWORD})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(CvFile.id))) == 0
    for key in keys:
        try:
            cv.read_cv(key)
            raise AssertionError("erasure should remove every CV file")
        except FileNotFoundError:
            pass


def test_sweep_keeps_library_and_programme_cvs(app, db):
    from datetime import timedelta

    from foundry.jobs.schedule import run_job
    from foundry.models.base import utcnow

    student = factories.StudentProfileFactory()
    entry = cv_library.add_cv(student=student, stream=io.BytesIO(_pdf("lib")), filename="a.pdf",
                              label=None, actor=student.user)
    programme_key = cv.store_cv(_pdf("programme"))
    factories.ProgrammeApplicationFactory(student=student, cv_path=programme_key,
                                          cv_filename="p.pdf")
    db.session.commit()
    orphan = cv.store_cv(_pdf("orphan"))
    assert run_job("sweep-uploads", now=utcnow() + timedelta(days=2))["cv_files"] >= 1
    try:
        cv.read_cv(orphan)
        raise AssertionError("the orphan should be swept")
    except FileNotFoundError:
        pass
    assert cv.read_cv(entry.storage_key) and cv.read_cv(programme_key)


def test_migration_puts_each_students_latest_cv_in_the_library(empty_app):  # noqa: F811
    upgrade(directory=MIGRATIONS, revision="7c1e5a9b3d42")
    now = "CURRENT_TIMESTAMP"
    with _db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO companies (id, name, cluster, site, size_band, is_startup, "
            "is_park_tenant, vetting_status, created_at) VALUES (1, 'Co', 'fintech', "
            f"'science_park', '11-50', true, true, 'verified', {now})"))
        conn.execute(text(
            "INSERT INTO positions (id, company_id, title, description, kind, cluster, site, "
            "mode, paid, pay_period, openings, status, audience, created_at, updated_at) VALUES "
            "(1, 1, 'R', '', 'internship', 'fintech', 'science_park', 'onsite', true, 'month', "
            f"1, 'open', 'partner', {now}, {now})"))
        conn.execute(text("INSERT INTO student_profiles (id, mentee_opt_in) VALUES (1, false)"))
        for aid, key, when in ((1, "cv/old.pdf", "2026-01-01"), (2, "cv/new.pdf", "2026-02-01"),
                               (3, None, "2026-03-01")):
            conn.execute(text(
                "INSERT INTO applications (id, student_id, position_id, status, cv_path, "
                "cv_filename, submitted_at, updated_at) VALUES (:id, 1, 1, 'withdrawn', :key, "
                f"'x.pdf', :at, {now})"), {"id": aid, "key": key, "at": when})
    upgrade(directory=MIGRATIONS)
    with _db.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, student_id, storage_key FROM cv_files")).all()
        links = dict(conn.execute(text("SELECT id, cv_file_id FROM applications")).all())
    assert [(r.student_id, r.storage_key) for r in rows] == [(1, "cv/new.pdf")]
    assert links == {1: None, 2: rows[0].id, 3: None}
