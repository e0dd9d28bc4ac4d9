"""Application pages per role: apply, CV rules and downloads, the pipeline, moves and bulk."""

from __future__ import annotations

import io

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from foundry.models import Application, Internship
from tests import factories
from tests.applications.helpers import company_with_member, offer_terms, pdf_bytes


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _position(**kwargs):
    company, member = company_with_member()
    return factories.PositionFactory(company=company, **kwargs), member


def _post_apply(client, position, data=None, name="cv.pdf", note="Keen to join"):
    # Encoded here in memory: Werkzeug's test client spools large bodies to a temporary file
    # it never closes, which filterwarnings=error would report as a ResourceWarning.
    body, _length, boundary = stream_encode_multipart(
        {"note": note, "cv": FileStorage(io.BytesIO(pdf_bytes() if data is None else data),
                                         filename=name, content_type="application/pdf")},
        threshold=64 * 1024 * 1024)
    return client.post(f"/positions/{position.id}/apply", data=body.read(),
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_student_applies_with_a_pdf(client, login_as, db):
    position, _member = _position()
    student = login_as("student")
    response = _post_apply(client, position)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/me/applications")
    application = db.session.scalar(select(Application))
    assert application.student_id == student.student.id and application.note == "Keen to join"
    page = client.get("/me/applications").get_data(as_text=True)
    assert position.title in page and "Submitted" in page
    assert "Withdraw" in page


def test_double_submission_keeps_one_application(client, login_as, db):
    position, _member = _position()
    login_as("student")
    _post_apply(client, position)
    response = _post_apply(client, position)
    assert response.status_code == 302
    assert _count(db, Application) == 1
    page = client.get("/me/applications").get_data(as_text=True)
    assert "already applied" in page


def test_non_pdf_renamed_pdf_refused_by_the_field(client, login_as, db):
    position, _member = _position()
    login_as("student")
    response = _post_apply(client, position, data=b"PK\x03\x04 a zip file", name="cv.pdf",
                           note="My typed note")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "must be a PDF document" in page and 'id="cv-error"' in page
    assert "My typed note" in page  # the typed note is kept
    assert _count(db, Application) == 0


def test_cv_over_five_megabytes_refused(app, client, login_as, db):
    position, _member = _position()
    login_as("student")
    response = _post_apply(client, position, data=pdf_bytes(app.config["CV_MAX_BYTES"] + 1024))
    assert response.status_code == 200
    assert "larger than 5 MB" in response.get_data(as_text=True)
    assert _count(db, Application) == 0


def test_missing_cv_refused(client, login_as, db):
    position, _member = _position()
    login_as("student")
    response = client.post(f"/positions/{position.id}/apply", data={"note": "x"},
                           content_type="multipart/form-data")
    assert response.status_code == 200 and "Attach your CV" in response.get_data(as_text=True)


def test_cannot_apply_to_a_suspended_company(client, login_as, db):
    position, _member = _position()
    position.company.vetting_status = "suspended"
    login_as("student")
    assert _post_apply(client, position).status_code == 404
    assert _count(db, Application) == 0


def test_student_cannot_see_another_students_application(client, login_as, db):
    application = factories.ApplicationFactory(cv_path=None)
    login_as("student")
    assert client.get(f"/applications/{application.id}").status_code == 403
    assert client.get(f"/applications/{application.id}/cv").status_code == 403
    response = client.post(f"/applications/{application.id}/move", data={"to": "withdrawn"})
    assert response.status_code == 403
    assert application.status == "submitted"


def _applied(client, login_as, db):
    """A student applies through the page; returns (application, student user, member)."""
    position, member = _position()
    student = login_as("student")
    _post_apply(client, position, name="Résumé.pdf")
    return db.session.scalar(select(Application)), student, member


def test_cv_download_permissions(client, login_as, db):
    application, _student, member = _applied(client, login_as, db)
    url = f"/applications/{application.id}/cv"
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.data.startswith(b"%PDF-")
    assert "no-store" in response.headers["Cache-Control"]
    response.close()
    for who, status in ((member, 200), ("admin", 200), ("company", 403), ("student", 403),
                        ("dean", 403)):
        login_as(who)
        response = client.get(url)
        assert response.status_code == status, who
        response.close()


def test_pipeline_never_shows_another_companys_applicants(client, login_as, db):
    mine = factories.ApplicationFactory()
    other = factories.ApplicationFactory()
    member = factories.CompanyMemberFactory(company=mine.position.company).user
    login_as(member)
    page = client.get("/company/applicants").get_data(as_text=True)
    assert mine.student.user.full_name in page
    assert other.student.user.full_name not in page
    assert client.get(f"/applications/{other.id}").status_code == 403
    # filtering by another company's position shows nothing of it either
    page = client.get(f"/company/applicants?position={other.position_id}").get_data(as_text=True)
    assert other.student.user.full_name not in page


def test_pipeline_filters_by_status(client, login_as, db):
    company, member = company_with_member()
    position = factories.PositionFactory(company=company)
    submitted = factories.ApplicationFactory(position=position)
    rejected = factories.ApplicationFactory(position=position, status="rejected")
    login_as(member)
    page = client.get("/company/applicants?status=rejected").get_data(as_text=True)
    assert rejected.student.user.full_name in page
    assert submitted.student.user.full_name not in page


def test_company_moves_and_student_accepts(client, login_as, db):
    application, student, member = _applied(client, login_as, db)
    login_as(member)
    for step in ("shortlisted", "interview"):
        response = client.post(f"/applications/{application.id}/move", data={"to": step})
        assert response.status_code == 302
        assert application.status == step
    response = client.post(f"/applications/{application.id}/offer", data=offer_terms())
    assert response.status_code == 302 and application.status == "offered"
    login_as(student)
    assert "1" in client.get("/home").get_data(as_text=True)  # unread notifications badge
    client.post(f"/applications/{application.id}/move", data={"to": "accepted"})
    assert application.status == "accepted"
    internship = db.session.scalar(select(Internship))
    assert internship.status == "confirmed" and internship.application_id == application.id
    page = client.get("/me/applications").get_data(as_text=True)
    assert "Accepted" in page and "Confirmed" in page and "Withdraw" not in page


def test_wrong_transition_refused_with_a_message(client, login_as, db):
    application = factories.ApplicationFactory()
    login_as(factories.CompanyMemberFactory(company=application.position.company).user)
    response = client.post(f"/applications/{application.id}/move", data={"to": "interview"},
                           follow_redirects=True)
    assert "cannot be moved to Interview" in response.get_data(as_text=True)
    assert application.status == "submitted"
    # a company can never accept on the student's behalf
    client.post(f"/applications/{application.id}/move", data={"to": "accepted"})
    assert application.status == "submitted"


def test_suspended_company_refused_with_a_message(client, login_as, db):
    application = factories.ApplicationFactory()
    company = application.position.company
    company.vetting_status = "suspended"
    company.vetting_reason = "Documents expired"
    login_as(factories.CompanyMemberFactory(company=company).user)
    response = client.post(f"/applications/{application.id}/move", data={"to": "shortlisted"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "suspended" in page and "Documents expired" in page
    assert application.status == "submitted"
    response = client.post("/company/applicants/bulk",
                           data={"ids": [application.id], "to": "shortlisted"},
                           follow_redirects=True)
    assert "suspended" in response.get_data(as_text=True)
    assert application.status == "submitted"


def test_bulk_shortlist_all_or_nothing(client, login_as, db):
    company, member = company_with_member()
    position = factories.PositionFactory(company=company)
    a, b = (factories.ApplicationFactory(position=position) for _ in range(2))
    withdrawn = factories.ApplicationFactory(position=position, status="withdrawn")
    login_as(member)
    response = client.post("/company/applicants/bulk",
                           data={"ids": [a.id, b.id, withdrawn.id], "to": "shortlisted"},
                           follow_redirects=True)
    assert "Nothing was changed" in response.get_data(as_text=True)
    db.session.expire_all()
    assert {a.status, b.status} == {"submitted"}
    response = client.post("/company/applicants/bulk",
                           data={"ids": [a.id, b.id], "to": "shortlisted"},
                           follow_redirects=True)
    assert "2 applicant(s) moved" in response.get_data(as_text=True)
    db.session.expire_all()
    assert {a.status, b.status} == {"shortlisted"}


def test_bulk_with_another_companys_application_changes_nothing(client, login_as, db):
    company, member = company_with_member()
    mine = factories.ApplicationFactory(position=factories.PositionFactory(company=company))
    other = factories.ApplicationFactory()
    login_as(member)
    response = client.post("/company/applicants/bulk",
                           data={"ids": [mine.id, other.id], "to": "rejected"},
                           follow_redirects=True)
    assert "Nothing was changed" in response.get_data(as_text=True)
    db.session.expire_all()
    assert mine.status == "submitted" and other.status == "submitted"


def test_student_withdraws(client, login_as, db):
    application, _student, _member = _applied(client, login_as, db)
    client.post(f"/applications/{application.id}/move", data={"to": "withdrawn"})
    assert application.status == "withdrawn" and application.withdrawn_at is not None


def test_application_detail_for_company_shows_note_cv_and_skills(client, login_as, db):
    application, student, member = _applied(client, login_as, db)
    skill = factories.SkillFactory(name="PyTorch")
    factories.PositionSkillFactory(position=application.position, skill=skill, required_level=4)
    factories.StudentSkillFactory(student_id=student.student.id, skill=skill, level=2)
    login_as(member)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "Keen to join" in page and "Download CV" in page and "Resume.pdf" in page
    assert "PyTorch" in page and "Below by 2" in page
    assert "Shortlist" in page and "Reject" in page
