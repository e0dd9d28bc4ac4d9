"""File storage: the same behaviour from the local folder and from an S3 server (moto's, a
real S3 protocol endpoint on loopback); CVs, erasure and the sweep go through it."""

from __future__ import annotations

import io
from datetime import timedelta

import boto3
import pytest
from moto.server import ThreadedMotoServer
from sqlalchemy import select

from foundry.applications import services
from foundry.imports.uploads import load_upload, store_upload
from foundry.jobs.schedule import run_job
from foundry.models import Application
from foundry.models.base import utcnow
from foundry.storage import storage
from foundry.storage.local import LocalStorage
from foundry.storage.s3 import S3Storage
from tests import factories
from tests.applications.helpers import company_with_member, pdf_bytes
from tests.jobs.conftest import free_port

BUCKET = "foundry-test"


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free loopback port."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture()
def s3_bucket(s3_endpoint, monkeypatch):
    """An empty bucket on the moto server, with throwaway credentials."""
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_DEFAULT_REGION": "ap-east-1"}.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="ap-east-1")
    client.create_bucket(Bucket=BUCKET,
                         CreateBucketConfiguration={"LocationConstraint": "ap-east-1"})
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture(params=["local", "s3"])
def backend(request, tmp_path):
    """Each backend, empty."""
    if request.param == "local":
        return LocalStorage(str(tmp_path))
    endpoint = request.getfixturevalue("s3_endpoint")
    request.getfixturevalue("s3_bucket")
    return S3Storage(bucket=BUCKET, prefix="tf", endpoint_url=endpoint, region="ap-east-1")


def test_put_get_list_delete(backend):
    backend.put("cv/a.pdf", b"%PDF-1")
    backend.put("imports/b.csv", b"x,y")
    assert backend.get("cv/a.pdf") == b"%PDF-1"
    listed = dict(backend.keys("cv/"))
    assert list(listed) == ["cv/a.pdf"]
    assert abs(listed["cv/a.pdf"] - utcnow()) < timedelta(minutes=5)
    backend.delete("cv/a.pdf")
    backend.delete("cv/a.pdf")  # twice is fine
    with pytest.raises(FileNotFoundError):
        backend.get("cv/a.pdf")
    assert list(backend.keys("cv/")) == []


def test_local_keys_cannot_climb_out(tmp_path):
    with pytest.raises(FileNotFoundError):
        LocalStorage(str(tmp_path / "root")).get("../secret")


@pytest.fixture()
def on_s3(app, monkeypatch, s3_endpoint, s3_bucket):
    """The app's storage switched to the S3 server for one test."""
    for key, value in {"STORAGE_BACKEND": "s3", "S3_BUCKET": BUCKET,
                       "S3_ENDPOINT_URL": s3_endpoint, "S3_REGION": "ap-east-1"}.items():
        monkeypatch.setitem(app.config, key, value)
    monkeypatch.delitem(app.extensions, "storage", raising=False)
    yield s3_bucket
    app.extensions.pop("storage", None)


def _objects(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_cvs_imports_erasure_and_sweep_go_through_s3(app, db, request_ctx, on_s3, client,
                                                      login_as):
    company, member = company_with_member()
    position = factories.PositionFactory(company=company)
    student = factories.StudentProfileFactory()
    application, _ = services.apply_to_position(
        student=student, position=position, note=None, cv_stream=io.BytesIO(pdf_bytes()),
        cv_filename="cv.pdf")
    db.session.commit()
    assert _objects(on_s3) == [application.cv_path]
    login_as(member)
    response = client.get(f"/applications/{application.id}/cv")
    assert response.status_code == 200 and response.data == pdf_bytes()

    upload = store_upload(data=b"a,b\n", kind="students", university_id=None, user_id=1,
                          filename="s.csv")
    assert load_upload(upload.token, user_id=1)[1] == b"a,b\n"
    on_s3.put_object(Bucket=BUCKET, Key="cv/" + "f" * 32 + ".pdf", Body=b"orphan")
    counts = run_job("sweep-uploads", now=utcnow() + timedelta(days=2))
    assert counts == {"import_files": 2, "cv_files": 1}
    assert _objects(on_s3) == [application.cv_path]  # the CV in use stays

    from foundry.account.data_rights import delete_student_identity

    delete_student_identity(student=student, actor=student.user)
    db.session.commit()
    assert _objects(on_s3) == []  # erasure removed the only copy
    assert db.session.scalar(select(Application.cv_path)) is None
    assert storage() is app.extensions["storage"]
