"""External talent see and apply only to positions open to everyone; the rest of the pipeline
works for them unchanged; deans never see them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from foundry.applications import services
from foundry.common.errors import DomainError
from foundry.dashboards.metrics import Scope
from foundry.models import Application, Internship, StudentProfile
from foundry.permissions import can_record_outcome, can_view_student, scope_students
from tests import factories
from tests.applications.helpers import pdf_bytes, upload


@pytest.fixture()
def positions(db):
    open_ = factories.PositionFactory(title="Open Robotics Intern", audience="open")
    partner = factories.PositionFactory(title="Partner Only Intern", audience="partner")
    db.session.commit()
    return open_, partner


def test_pool_and_detail_show_only_open_positions(client, login_as, positions):
    open_, partner = positions
    login_as("external")
    page = client.get("/positions").get_data(as_text=True)
    assert "Open Robotics Intern" in page and "Partner Only Intern" not in page
    assert client.get(f"/positions/{open_.id}").status_code == 200
    assert client.get(f"/positions/{partner.id}").status_code == 404
    response = client.post(f"/positions/{partner.id}/apply",
                           data={"cv": upload(pdf_bytes()), "note": "hi"})
    assert response.status_code == 404


def test_students_still_see_both(client, login_as, positions):
    login_as("student")
    page = client.get("/positions").get_data(as_text=True)
    assert "Open Robotics Intern" in page and "Partner Only Intern" in page


def test_service_refuses_a_partner_only_position(db, request_ctx, positions):
    _open, partner = positions
    student = factories.external_talent()
    with pytest.raises(DomainError, match="partner universities only"):
        services.apply_to_position(student=student, position=partner, note=None,
                                   cv_stream=upload(pdf_bytes())[0], cv_filename="cv.pdf")
    assert db.session.scalar(select(Application.id)) is None


def test_the_whole_pipeline_works_for_external_talent(client, login_as, db, positions):
    open_, _partner = positions
    user = login_as("external")
    response = client.post(f"/positions/{open_.id}/apply",
                           data={"cv": upload(pdf_bytes()), "note": "Keen!"},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    application = db.session.scalar(select(Application))
    member = factories.CompanyMemberFactory(company=open_.company).user
    for to in ("shortlisted", "interview", "offered"):
        services.move_application(application=application, to=to, actor=member)
    db.session.commit()
    # The company sees the applicant's origin and visa need.
    login_as(member)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "Overseas" in page and "Needs a Hong Kong visa" in page and "Canada" in page
    login_as(user)
    assert client.post(f"/applications/{application.id}/move",
                       data={"to": "accepted"}).status_code == 302
    internship = db.session.scalar(select(Internship))
    assert internship.student_id == user.student.id and internship.status == "confirmed"
    assert client.get(f"/internships/{internship.id}").status_code == 200


def test_deans_never_see_external_talent(db, request_ctx):
    external = factories.external_talent()
    dean = factories.user_with_role("dean")
    partner = factories.StudentProfileFactory(faculty__university=dean.dean_assignment.university)
    db.session.commit()
    visible = set(db.session.scalars(scope_students(select(StudentProfile.id), dean)))
    assert visible == {partner.id}
    assert not can_record_outcome(dean, external) and not can_view_student(dean, external)
    # Admin dashboards (all universities) do not count them either: no cohort of theirs.
    everyone = set(db.session.scalars(select(StudentProfile.id).where(*Scope().where())))
    assert external.id not in everyone and partner.id in everyone
    assert external.cohort_year is None and external.expected_graduation == date(2026, 6, 30)


def test_dean_pages_do_not_list_external_talent(client, login_as, db):
    external = factories.external_talent(full_name="Zed External Person")
    db.session.commit()
    dean = login_as("dean")
    assert dean.role == "dean" and external.id
    for url in ("/outcomes/graduates", "/home"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Zed External Person" not in response.get_data(as_text=True)


def test_admins_see_external_talent_with_origin(client, login_as, db, positions):
    open_, _partner = positions
    external = factories.external_talent(country="CN", full_name="Wang Fang")
    factories.ApplicationFactory(student=external, position=open_)
    db.session.commit()
    login_as("admin")
    users = client.get("/admin/users?q=Wang").get_data(as_text=True)
    assert "Wang Fang" in users and "Mainland China" in users
    detail = client.get(f"/admin/users/{external.user_id}").get_data(as_text=True)
    assert "University of Toronto" in detail and "needs a Hong Kong visa" in detail
    assert client.get("/exports/users.csv").status_code == 200
    member = factories.CompanyMemberFactory(company=open_.company).user
    db.session.commit()
    login_as(member)
    csv_text = client.get("/exports/applicants.csv").get_data(as_text=True)
    assert "Mainland China" in csv_text and "University of Toronto" in csv_text


def test_the_admins_graduate_list_opens_with_external_talent_about(client, db, login_as):
    """External talent have no cohort: the staff list of graduates sorted None with years (500,
    found by the HTML checker's walk)."""
    factories.external_talent()
    factories.StudentProfileFactory()
    db.session.commit()
    login_as("admin")
    assert client.get("/outcomes/graduates").status_code == 200
