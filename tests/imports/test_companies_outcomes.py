"""Companies and graduate outcomes imports, CSV templates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from foundry.imports import companies, outcomes, students
from foundry.models import Company, GraduateOutcome
from tests import factories
from tests.imports.conftest import counts

COMPANY_HEADER = "name,cluster,site,size_band,website"
OUTCOME_HEADER = ("student_number,category,employer,job_title,annual_salary,location,"
                  "outcome_date,source")


def _csv(header: str, *rows: str) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode()


def test_companies_created_then_unchanged_then_updated(db, login_as, preview_and_apply):
    """Upsert on name (any case); values by code or label; new ones await vetting."""
    login_as("admin")
    data = _csv(COMPANY_HEADER, "Acme Robotics Limited,AI & robotics,science_park,11-50,acme.hk",
                '"Bio, Health Ltd",healthtech,InnoCentre (Kowloon Tong),1-10,')
    preview, _ = preview_and_apply(data, kind="companies")
    assert counts(preview) == [2, 2, 0, 0, 0]
    acme = db.session.scalar(select(Company).where(Company.name == "Acme Robotics Limited"))
    assert (acme.cluster, acme.site, acme.website, acme.vetting_status) == (
        "ai_robotics", "science_park", "https://acme.hk", "pending")
    preview, _ = preview_and_apply(data, kind="companies")
    assert counts(preview) == [2, 0, 0, 2, 0]
    preview, _ = preview_and_apply(
        _csv(COMPANY_HEADER, "ACME ROBOTICS LIMITED,fintech,science_park,11-50,"),
        kind="companies")
    assert counts(preview) == [1, 0, 1, 0, 0]
    db.session.refresh(acme)
    assert acme.cluster == "fintech" and acme.website == "https://acme.hk"


def test_company_bad_values(db, client, login_as, upload):
    """Unknown cluster, site and size band, bad website: each by line and column."""
    login_as("admin")
    response = upload(_csv(COMPANY_HEADER, "X Ltd,space,moon,huge,not a site"), kind="companies")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    for column in ("cluster", "site", "size_band", "website"):
        assert f"<td>2</td><td><code>{column}</code></td>" in html


def test_outcomes_history_kept_and_directory_employer_linked(db, login_as, cuhk,
                                                             preview_and_apply):
    """A new outcome is current; a changed one replaces it and the old stays as history."""
    admin = login_as("admin")
    student = factories.StudentProfileFactory(faculty=cuhk.faculties[0], student_number="77")
    acme = factories.CompanyFactory(name="Acme Robotics Limited")
    db.session.commit()
    first = _csv(OUTCOME_HEADER, '77,employed_full_time,acme robotics limited,Engineer,'
                 '"360,000",hong_kong,2025-10-01,survey')
    preview, _ = preview_and_apply(first, kind="outcomes", university=cuhk)
    assert counts(preview) == [1, 1, 0, 0, 0]
    current = db.session.scalar(select(GraduateOutcome))
    assert current.employer_company_id == acme.id and current.employer_name is None
    assert current.annual_salary == 360000 and current.recorded_by_id == admin.id
    preview, _ = preview_and_apply(first, kind="outcomes", university=cuhk)
    assert counts(preview) == [1, 0, 0, 1, 0]
    changed = _csv(OUTCOME_HEADER, "77,Further study,,,,overseas,2025-11-15,")
    preview, _ = preview_and_apply(changed, kind="outcomes", university=cuhk)
    assert counts(preview) == [1, 0, 1, 0, 0]
    rows = db.session.scalars(select(GraduateOutcome).where(
        GraduateOutcome.student_id == student.id).order_by(GraduateOutcome.id)).all()
    assert [(r.category, r.is_current) for r in rows] == [
        ("employed_full_time", False), ("further_study", True)]
    assert rows[1].source == "survey" and rows[1].outcome_date == date(2025, 11, 15)


def test_outcome_bad_rows(db, client, login_as, cuhk, upload):
    """Unknown student (or another university's), bad category, salary, date, location."""
    login_as("admin")
    factories.StudentProfileFactory(faculty=cuhk.faculties[0], student_number="77")
    factories.StudentProfileFactory(student_number="88")  # another university
    db.session.commit()
    response = upload(_csv(OUTCOME_HEADER,
                           "99,employed_full_time,,,,,2025-10-01,survey",
                           "88,employed_full_time,,,,,2025-10-01,survey",
                           "77,astronaut,,,lots,mars,yesterday,gossip"),
                      kind="outcomes", university=cuhk)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "no student with number 99 at this university" in html
    assert "no student with number 88 at this university" in html
    for column in ("category", "annual_salary", "location", "outcome_date", "source"):
        assert f"<td>4</td><td><code>{column}</code></td>" in html


def test_templates_have_the_exact_headers(db, client, login_as):
    """Each template is a BOM + the header row the import expects, and nothing else."""
    login_as("admin")
    for kind, module in (("students", students), ("companies", companies),
                         ("outcomes", outcomes)):
        response = client.get(f"/imports/templates/{kind}.csv")
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        assert response.data.decode("utf-8") == "\ufeff" + ",".join(module.HEADERS) + "\r\n"
    assert client.get("/imports/templates/nothing.csv").status_code == 404


def test_students_template_header_round_trips(db, login_as, cuhk, client, preview_and_apply):
    """The downloaded template, filled in, imports as is."""
    login_as("admin")
    template = client.get("/imports/templates/students.csv").data
    data = template + b"5,Ho,5@link.cuhk.edu.hk,Faculty of Engineering,,2026-06-30\r\n"
    preview, _ = preview_and_apply(data, university=cuhk)
    assert counts(preview) == [1, 1, 0, 0, 0]


def test_students_and_outcomes_need_staff(db, client, login_as):
    """Students and company members cannot reach imports."""
    login_as("student")
    assert client.get("/imports/").status_code == 403
    assert client.get("/imports/templates/students.csv").status_code == 403
