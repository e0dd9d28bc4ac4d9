"""External talent sign up with any e-mail, are verified by the mailed link like students, accept
their own notice, and keep the same data rights."""

from __future__ import annotations

import json

from sqlalchemy import select

from foundry.account import data_rights
from foundry.models import Consent, ExternalProfile, StudentProfile, User
from tests import factories
from tests.auth.helpers import STRONG, last_mail, link_in

EMAIL = "li.wei@tsinghua-mail.example.cn"


def form(**changes) -> dict:
    """A valid external sign-up form."""
    data = {"full_name": "Li Wei", "email": EMAIL, "password": STRONG, "confirm": STRONG,
            "institution": "Tsinghua University", "country": "CN", "degree_level": "master",
            "field_of_study": "Electronic Engineering", "graduation_date": "2027-06-30",
            "years_experience": "", "current_location": "Beijing, China", "needs_visa": "yes",
            "consent": "y"}
    data.update(changes)
    return data


def _user(db) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == EMAIL))


def test_sign_up_verify_and_sign_in(client, db, app):
    response = client.post("/signup/talent", data=form())
    assert response.status_code == 302 and response.headers["Location"].endswith("/check-inbox")
    user = _user(db)
    assert user.role == "external" and not user.active
    student = user.student
    assert student.university_id is None and student.faculty_id is None
    assert student.cohort_year is None
    assert (student.external.country, student.external.origin) == ("CN", "mainland")
    assert student.external.needs_visa is True
    consent = db.session.scalar(select(Consent).where(Consent.user_id == user.id))
    assert consent.notice_version == app.config["EXTERNAL_NOTICE_VERSION"]
    # The same mailed link as students: it activates and signs in, once.
    assert client.post("/login", data={"email": EMAIL, "password": STRONG}).status_code == 200
    link = link_in(last_mail(EMAIL))
    assert client.get(link).status_code == 200 and not _user(db).active
    response = client.post(link, data={"password": STRONG, "confirm": STRONG})
    assert response.status_code == 302 and _user(db).active
    home = client.get("/home").get_data(as_text=True)
    assert "Tsinghua University" in home and "Programmes open now" in home


def test_bad_input_is_named_by_field_and_nothing_is_created(client, db):
    page = client.post("/signup/talent", data=form(
        institution="", country="XX", graduation_date="", years_experience="",
        needs_visa="", consent="")).get_data(as_text=True)
    for field in ("institution", "country", "graduation_date", "needs_visa", "consent"):
        assert f'id="{field}-error"' in page, field
    assert 'value="Li Wei"' in page
    assert _user(db) is None
    assert db.session.scalar(select(ExternalProfile.id)) is None


def test_experience_instead_of_a_graduation_date(client, db):
    client.post("/signup/talent", data=form(graduation_date="", years_experience="3",
                                            country="GB", needs_visa="no"))
    student = _user(db).student
    assert student.expected_graduation is None
    assert (student.external.years_experience, student.external.origin) == (3, "overseas")


def test_an_existing_account_is_not_revealed_nor_changed(client, db):
    """The students' rule, through the same code: the same answer, the owner is mailed."""
    owner = factories.UserFactory(email=EMAIL, full_name="Owner Person")
    db.session.commit()
    old_hash = owner.password_hash
    response = client.post("/signup/talent", data=form())
    assert response.status_code == 302 and response.headers["Location"].endswith("/check-inbox")
    db.session.expire_all()
    assert db.session.scalar(select(ExternalProfile.id)) is None
    assert _user(db).password_hash == old_hash and _user(db).role == "student"
    assert "already has one" in last_mail(EMAIL).body


def test_own_notice_page(client):
    page = client.get("/privacy/talent").get_data(as_text=True)
    assert "Personal data notice for external talent" in page
    assert "The partner universities never see your data." in page


def test_profile_edit(client, login_as, db):
    user = login_as("external")
    response = client.post("/me/talent-profile", data={
        "institution": "Imperial College London", "country": "GB", "degree_level": "phd",
        "field_of_study": "Bioengineering", "graduation_date": "2026-09-30",
        "years_experience": "", "current_location": "London", "needs_visa": "no"})
    assert response.status_code == 302
    db.session.expire_all()
    external = db.session.get(User, user.id).student.external
    assert (external.institution, external.needs_visa) == ("Imperial College London", False)
    assert client.get("/me/talent-profile").status_code == 200
    bad = client.post("/me/talent-profile", data={"institution": "", "country": "GB"})
    assert bad.status_code == 200 and 'id="institution-error"' in bad.get_data(as_text=True)


def test_download_and_delete_my_data(client, login_as, db):
    user = login_as("external")
    programme_application = factories.ProgrammeApplicationFactory(
        student=user.student, statement="My reasons")
    db.session.commit()
    payload = json.loads(client.get("/account/my-data.json").get_data(as_text=True))
    assert payload["profile"]["external"]["institution"] == "University of Toronto"
    assert payload["profile"]["university"] is None
    assert payload["programme_applications"][0]["statement"] == "My reasons"
    data_rights.delete_student_identity(student=user.student, actor=user)
    db.session.commit()
    db.session.expire_all()
    student = db.session.get(StudentProfile, user.student.id)
    assert student.user.deleted_at is not None and student.external.institution == "—"
    assert student.external.country == "CA"  # kept for the reports by origin
    assert db.session.get(type(programme_application), programme_application.id).statement == ""
