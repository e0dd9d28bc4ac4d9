"""Student sign-up: domain → university, faculty and programme, consent, every bad input."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from foundry.models import Consent, StudentProfile, User
from tests import factories
from tests.auth.helpers import STRONG, actions, count, last_mail


@pytest.fixture()
def campus(db):
    """A university with the domain link.cuhk.edu.hk, a faculty with a programme, and a
    second university with its own faculty."""
    university = factories.UniversityFactory(code="CUHK", name="The Chinese University of HK")
    university.domains[0].domain = "link.cuhk.edu.hk"
    faculty = factories.FacultyFactory(university=university, name="Faculty of Engineering")
    programme = factories.ProgrammeFactory(faculty=faculty, name="BEng Computer Engineering")
    other_faculty = factories.FacultyFactory(name="Faculty of Science")
    other_programme = factories.ProgrammeFactory(name="BSc Physics")
    db.session.commit()
    return {"university": university, "faculty": faculty, "programme": programme,
            "other_faculty": other_faculty, "other_programme": other_programme}


def form(campus, **changes):
    """A valid sign-up form, with some fields changed."""
    data = {"full_name": "Chan Tai Man", "email": "taiman.chan@link.cuhk.edu.hk",
            "password": STRONG, "confirm": STRONG, "faculty_id": str(campus["faculty"].id),
            "programme_id": str(campus["programme"].id), "expected_graduation": "2026-06-30",
            "student_number": "1155123456", "consent": "y"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_signup_page_shows_the_notice_and_every_faculty(client, campus):
    page = client.get("/signup").get_data(as_text=True)
    assert "Personal data notice" in page and "Version 2026-12" in page
    assert "Faculty of Engineering" in page and "Faculty of Science" in page
    assert 'optgroup label="The Chinese University of HK"' in page
    assert "js/signup.js" in page and "<script>" not in page


def test_student_signs_up_and_is_asked_to_confirm_the_email(client, campus, db, app):
    response = client.post("/signup", data=form(campus, email="TaiMan.Chan@Link.CUHK.edu.hk"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/signup/check-inbox")
    user = db.session.scalar(select(User).where(User.email == "taiman.chan@link.cuhk.edu.hk"))
    assert user.role == "student" and user.check_password(STRONG)
    assert not user.active and user.last_login_at is None  # inactive until the link is opened
    assert user.password_hash.startswith("scrypt:")
    profile = user.student
    assert profile.university_id == campus["university"].id
    assert profile.faculty_id == campus["faculty"].id
    assert profile.programme_id == campus["programme"].id
    assert profile.expected_graduation == date(2026, 6, 30) and profile.cohort_year == 2026
    assert profile.student_number == "1155123456"
    consent = db.session.scalar(select(Consent).where(Consent.user_id == user.id))
    assert consent.notice_version == app.config["CONSENT_NOTICE_VERSION"]
    assert consent.given_at is not None
    assert "auth.signup" in actions() and "auth.consent_given" in actions()
    assert "auth.verification_sent" in actions()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Check your inbox" in page and 'value="taiman.chan@link.cuhk.edu.hk"' in page
    assert client.get("/home").status_code == 302  # not signed in
    mail = last_mail("taiman.chan@link.cuhk.edu.hk")
    assert "confirm your e-mail" in mail.subject and "/verify/" in mail.body


def test_programme_and_student_number_are_optional(client, campus, db):
    response = client.post("/signup", data=form(campus, programme_id="", student_number=""))
    assert response.status_code == 302
    profile = db.session.scalar(select(StudentProfile))
    assert profile.programme_id is None and profile.student_number is None
    assert profile.cohort_year == 2026


def test_cohort_follows_the_academic_year(client, campus, db):
    client.post("/signup", data=form(campus, expected_graduation="2026-08-15"))
    assert db.session.scalar(select(StudentProfile.cohort_year)) == 2027


def _rejected(client, data, field_message):
    """Post a bad form: 200 with the message by the field, typed values kept, nothing written."""
    before = (count(User), count(StudentProfile), count(Consent))
    response = client.post("/signup", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_message in page, page
    assert 'aria-invalid="true"' in page
    assert f'value="{data["full_name"]}"' in page
    assert (count(User), count(StudentProfile), count(Consent)) == before
    return page


@pytest.mark.parametrize("email", ["taiman@gmail.com", "taiman@cuhk.edu.hk",
                                   "taiman@sub.link.cuhk.edu.hk", "taiman@link.cuhk.edu.hk.evil"])
def test_unknown_domain_is_refused(client, campus, email):
    page = _rejected(client, form(campus, email=email), "Use your student e-mail address")
    assert f'value="{email}"' in page
    assert 'id="email-error"' in page


def test_existing_email_in_any_letter_case_answers_like_a_new_sign_up(client, campus, db):
    """Security finding 9: sign-up no longer tells which e-mails have an account. The answer
    is the same as for a new address; nothing changes; the owner is mailed."""
    owner = factories.UserFactory(email="taiman.chan@link.cuhk.edu.hk", full_name="Owner")
    db.session.commit()
    before = (count(User), count(StudentProfile), count(Consent), owner.password_hash)
    known = client.post("/signup", data=form(campus, email="TAIMAN.Chan@link.cuhk.edu.hk"))
    fresh = client.post("/signup", data=form(campus, email="someone.new@link.cuhk.edu.hk"))
    assert (known.status_code, known.headers["Location"]) == \
        (fresh.status_code, fresh.headers["Location"])
    db.session.expire_all()
    assert (count(User) - 1, count(StudentProfile) - 1, count(Consent) - 1,
            db.session.get(User, owner.id).password_hash) == before
    mail = last_mail("taiman.chan@link.cuhk.edu.hk")
    assert "already has one" in mail.body and "/forgot" in mail.body


@pytest.mark.parametrize(("password", "message"), [
    ("short-pass1", "Use at least 12 characters."),
    ("qwerty123456", "one of the most common passwords"),
    ("QWERTY123456", "one of the most common passwords"),
    ("taiman.chan@link.cuhk.edu.hk", "Do not use your e-mail address"),
    ("x" * 201, "Field cannot be longer than 200 characters."),
])
def test_weak_password_is_refused(client, campus, password, message):
    page = _rejected(client, form(campus, password=password, confirm=password), message)
    assert 'id="password-error"' in page
    assert password not in page.replace('value="taiman.chan@link.cuhk.edu.hk"', "")


def test_passwords_must_match(client, campus):
    page = _rejected(client, form(campus, confirm=STRONG + "x"), "The two passwords are not")
    assert 'id="confirm-error"' in page


def test_over_long_fields_are_refused(client, campus):
    page = _rejected(client, form(campus, full_name="N" * 121, student_number="9" * 33),
                     "Field cannot be longer than 120 characters.")
    assert "Field cannot be longer than 32 characters." in page
    assert 'value="taiman.chan@link.cuhk.edu.hk"' in page
    client.post("/signup", data=form(campus, email="a" * 250 + "@link.cuhk.edu.hk"))
    assert count(User) == 0


def test_faculty_of_another_university_is_refused(client, campus):
    page = _rejected(client, form(campus, faculty_id=str(campus["other_faculty"].id),
                                  programme_id=""), "Choose a faculty of The Chinese University")
    assert 'id="faculty_id-error"' in page


def test_programme_of_another_faculty_is_refused(client, campus):
    page = _rejected(client, form(campus, programme_id=str(campus["other_programme"].id)),
                     "Choose a programme of the faculty you chose.")
    assert 'id="programme_id-error"' in page


def test_faculty_is_required_and_must_exist(client, campus):
    _rejected(client, form(campus, faculty_id=""), "Choose your faculty.")
    _rejected(client, form(campus, faculty_id="999999"), "Not a valid choice")


def test_student_number_is_unique_per_university(client, campus, db):
    factories.StudentProfileFactory(faculty=campus["faculty"], student_number="1155123456")
    factories.StudentProfileFactory(faculty=campus["other_faculty"], student_number="77")
    db.session.commit()
    page = _rejected(client, form(campus), "This student number is already registered")
    assert 'id="student_number-error"' in page
    # The same number at another university is fine.
    assert client.post("/signup", data=form(campus, student_number="77")).status_code == 302


def test_consent_is_required(client, campus):
    page = _rejected(client, form(campus, consent=None), "Please accept the personal data")
    assert 'id="consent-error"' in page


@pytest.mark.parametrize("when", ["1980-06-30", "2099-06-30", "not-a-date"])
def test_implausible_graduation_date_is_refused(client, campus, when):
    page = _rejected(client, form(campus, expected_graduation=when), "")
    assert 'id="expected_graduation-error"' in page


def test_signed_in_user_is_sent_home(client, login_as, campus):
    login_as("student")
    assert client.get("/signup").headers["Location"].endswith("/home")


def test_privacy_page_is_public(client, db):
    page = client.get("/privacy").get_data(as_text=True)
    assert "What we collect" in page and "Why we collect it" in page
