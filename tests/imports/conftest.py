"""Shared data for import tests: a university with a domain, a faculty, an upload helper."""

from __future__ import annotations

import io
import re

import pytest

from foundry.models import UniversityDomain
from tests import factories

STUDENT_HEADER = "student_number,full_name,email,faculty,programme,expected_graduation"


@pytest.fixture()
def cuhk(db):
    """CUHK with its student domain and the Faculty of Engineering."""
    university = factories.UniversityFactory(code="CUHK", name="CUHK", domains=[
        UniversityDomain(domain="link.cuhk.edu.hk")])
    factories.FacultyFactory(university=university, name="Faculty of Engineering")
    factories.FacultyFactory(university=university, name="Faculty of Science")
    db.session.commit()
    return university


def student_row(number: str, name: str = "Chan Tai Man", faculty: str = "Faculty of Engineering",
                programme: str = "BEng Computer Engineering", grad: str = "2026-06-30",
                email: str | None = None) -> str:
    """One CSV line of a students file."""
    return f"{number},{name},{email or number + '@link.cuhk.edu.hk'},{faculty},{programme},{grad}"


def students_csv(*rows: str, header: str = STUDENT_HEADER) -> bytes:
    """A students file (UTF-8, CRLF like Excel)."""
    return ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


@pytest.fixture()
def upload(client):
    """POST a file to the import page; returns the response (redirect to the preview on success)."""

    def _upload(data: bytes, kind: str = "students", university=None, filename: str = "f.csv"):
        form = {"kind": kind, "file": (io.BytesIO(data), filename)}
        if university is not None:
            form["university"] = str(university.id)
        return client.post("/imports/", data=form, content_type="multipart/form-data")

    return _upload


@pytest.fixture()
def preview_and_apply(client, upload):
    """Upload, open the preview, and apply; returns (preview_html, apply_response)."""

    def _run(data: bytes, kind: str = "students", university=None):
        response = upload(data, kind, university)
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        preview = client.get(response.headers["Location"])
        token = response.headers["Location"].rsplit("/", 1)[1]
        applied = client.post("/imports/apply", data={"token": token})
        return preview.get_data(as_text=True), applied

    return _run


def counts(html: str) -> list[int]:
    """The five preview figures: rows, create, update, unchanged, errors."""
    return [int(v.replace(",", "")) for v in re.findall(r'data-count="\d">([\d,]+)<', html)]
