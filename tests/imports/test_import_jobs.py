"""Imports as background jobs: the page shows progress while a worker has the job, survives a
reload, and a job run twice (or killed half-way and run again) imports once."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from foundry.imports import jobs, students
from foundry.models import ImportJob, StudentProfile
from foundry.storage import storage
from tests.imports.conftest import student_row, students_csv


@pytest.fixture()
def worker_later(monkeypatch):
    """Tasks are queued but not run (as when a busy worker has not taken them yet)."""
    queued = []
    monkeypatch.setattr(jobs, "enqueue", lambda name, *args: queued.append((name, args)))
    return queued


def _count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_progress_then_preview_then_apply_in_the_background(db, client, login_as, cuhk, upload,
                                                           worker_later):
    login_as("admin")
    response = upload(students_csv(student_row("1"), student_row("2")), university=cuhk)
    token = response.headers["Location"].rsplit("/", 1)[1]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="import-progress"' in page and "import-progress.js" in page
    assert client.get(f"/imports/status/{token}.json").json == {
        "status": "validating", "progress": 0, "running": True}
    job = db.session.scalar(select(ImportJob))
    assert worker_later == [(jobs.VALIDATE_TASK, (job.id,))]
    assert jobs.validate_job(job.id) == "ready"
    assert jobs.validate_job(job.id) == "skipped"  # a redelivered task
    page = client.get(f"/imports/preview/{token}").get_data(as_text=True)  # a reload
    assert "Apply the import (2 changes)" in page and 'id="import-progress"' not in page
    applied = client.post("/imports/apply", data={"token": token})
    assert applied.status_code == 303 and applied.headers["Location"].endswith(token)
    assert "Applying the import" in client.get(f"/imports/preview/{token}").get_data(as_text=True)
    assert client.post("/imports/apply", data={"token": token}).status_code == 303  # twice
    assert [name for name, _args in worker_later].count(jobs.APPLY_TASK) == 1
    assert jobs.apply_job(job.id) == "applied"
    assert jobs.apply_job(job.id) == "skipped"
    assert _count(db, StudentProfile) == 2
    page = client.get(f"/imports/preview/{token}").get_data(as_text=True)
    assert "Import applied: 2 created, 0 updated, 0 unchanged." in page
    # the file is gone once applied (other tests of this worker may have left their own)
    assert not any(token in key for key, _modified in storage().keys("imports/"))


def test_an_apply_killed_half_way_reruns_without_doubling(db, client, login_as, cuhk, upload,
                                                          worker_later, monkeypatch):
    login_as("admin")
    response = upload(students_csv(student_row("1"), student_row("2")), university=cuhk)
    job = db.session.scalar(select(ImportJob))
    jobs.validate_job(job.id)
    client.post("/imports/apply", data={"token": job.token})
    real_apply = students.apply

    def killed(plan, ctx):
        real_apply(plan, ctx)
        raise SystemExit("worker killed after the inserts")

    monkeypatch.setattr(students, "apply", killed)
    with pytest.raises(SystemExit):
        jobs.apply_job(job.id)
    db.session.rollback()
    assert _count(db, StudentProfile) == 0
    monkeypatch.setattr(students, "apply", real_apply)
    assert jobs.apply_job(job.id) == "applied"  # the redelivered task
    assert _count(db, StudentProfile) == 2
    assert response.status_code == 303


def test_a_binary_file_is_refused_before_it_is_stored(db, client, login_as, cuhk):
    login_as("admin")
    before = list(storage().keys("imports/"))  # other tests of this worker may have left some
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10
    response = client.post("/imports/", data={"kind": "students", "university": str(cuhk.id),
                                              "file": (io.BytesIO(png), "photo.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "UTF-8" in response.get_data(as_text=True)
    assert _count(db, ImportJob) == 0 and list(storage().keys("imports/")) == before


def test_someone_elses_job_is_404(db, client, login_as, cuhk, upload):
    login_as("admin")
    token = upload(students_csv(student_row("1")), university=cuhk).headers["Location"] \
        .rsplit("/", 1)[1]
    login_as("admin")
    assert client.get(f"/imports/status/{token}.json").status_code == 404
    assert client.get("/imports/status/nosuchthing.json").status_code == 404
