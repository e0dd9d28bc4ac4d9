"""Single sign-on end to end against a real OIDC provider on loopback."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import AuditLog, Consent, IdentityProvider, SsoIdentity, User
from tests import factories
from tests.oidc_provider import query_of
from tests.twofactor.helpers import code, enrol


def _refusals(db) -> list[str]:
    return [row.details["reason"] for row in db.session.scalars(
        select(AuditLog).where(AuditLog.action == "sso.login_refused").order_by(AuditLog.id))]


def test_the_redirect_carries_state_nonce_and_pkce(client, university_sso):
    provider, _faculty = university_sso
    response = client.get(f"/sso/{provider.id}/start")
    params = query_of(response.location)
    assert params["client_id"] == "talent-foundry" and params["response_type"] == "code"
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) >= 43
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
    assert "openid" in params["scope"].split()


def test_a_new_student_signs_in_and_gives_only_what_is_missing(client, db, university_sso,
                                                               sso_sign_in):
    provider, faculty = university_sso
    response, _url = sso_sign_in(provider, "new-student", email="mei.chan@uni.edu.hk",
                                 email_verified=True, name="Mei Chan", student_id="20231234")
    assert response.status_code == 302 and response.location.endswith("/sso/complete")
    page = client.get("/sso/complete")
    assert b"Mei Chan" in page.data and b"20231234" in page.data
    assert b"Password" not in page.data
    missing = client.post("/sso/complete", data={"full_name": "Mei Chan"})
    assert missing.status_code == 422 and b"Choose your faculty" in missing.data
    done = client.post("/sso/complete", data={
        "full_name": "Mei Chan", "faculty_id": str(faculty.id),
        "expected_graduation": "2027-06-30", "consent": "y"})
    assert done.status_code == 302 and done.location.endswith("/home")
    assert client.get("/home").status_code == 200
    user = db.session.scalar(select(User).where(User.email == "mei.chan@uni.edu.hk"))
    assert user.active and user.password_hash is None
    assert user.student.student_number == "20231234"
    assert user.student.university_id == faculty.university_id
    assert db.session.scalar(select(Consent).where(Consent.user_id == user.id)) is not None
    assert db.session.scalar(select(SsoIdentity.subject)) == "new-student"


def test_every_broken_rule_of_the_first_sign_in_is_reported_at_once(client, db,
                                                                     university_sso, sso_sign_in):
    """An address taken meanwhile and a programme of another faculty: both in one round."""
    provider, faculty = university_sso
    other = factories.ProgrammeFactory(faculty=factories.FacultyFactory(
        university=faculty.university, name="School of Science"), name="BSc Physics")
    sso_sign_in(provider, "late-student", email="lee.wong@uni.edu.hk", email_verified=True,
                name="Lee Wong")
    factories.UserFactory(email="lee.wong@uni.edu.hk")  # signed up with a password meanwhile
    db.session.commit()
    page = client.post("/sso/complete", data={
        "full_name": "Lee Wong", "faculty_id": str(faculty.id), "programme_id": str(other.id),
        "expected_graduation": "2027-06-30", "consent": "y"})
    text = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "An account with this e-mail already exists" in text
    assert "Choose a programme of the faculty you chose." in text
    assert db.session.scalar(select(SsoIdentity.subject)) is None


def test_an_existing_student_is_linked_by_their_university_email(client, db, university_sso,
                                                                 sso_sign_in):
    provider, faculty = university_sso
    student = factories.StudentProfileFactory(
        faculty=faculty, user=factories.UserFactory(role="student", email="ka.ho@uni.edu.hk"))
    db.session.commit()
    response, _url = sso_sign_in(provider, "kaho", email="ka.ho@uni.edu.hk", email_verified=True)
    assert response.status_code == 302 and response.location.endswith("/home")
    assert client.get("/home").status_code == 200
    link = db.session.scalar(select(SsoIdentity))
    assert link.user_id == student.user_id
    actions = db.session.scalars(select(AuditLog.action)).all()
    assert "sso.linked" in actions


def test_a_dean_may_use_sso_by_staff_domain_and_still_types_their_code(app, client, db,
                                                                       university_sso,
                                                                       sso_sign_in):
    provider, faculty = university_sso
    dean = factories.DeanAssignmentFactory(
        university=faculty.university,
        user=factories.UserFactory(role="dean", email="dean@staff.uni.edu.hk")).user
    db.session.commit()
    secret, _codes = enrol(app, dean)
    response, _url = sso_sign_in(provider, "dean-sub", email="dean@staff.uni.edu.hk")
    assert response.status_code == 302 and "/login/code" in response.location
    assert client.post("/login/code", data={"code": code(secret)}).status_code == 302
    assert client.get("/home").status_code == 200


def test_an_admin_account_is_never_signed_in_by_a_university(client, db, university_sso,
                                                             sso_sign_in):
    provider, _faculty = university_sso
    factories.UserFactory(role="admin", email="boss@staff.uni.edu.hk")
    db.session.commit()
    response, _url = sso_sign_in(provider, "boss", email="boss@staff.uni.edu.hk")
    assert response.status_code == 403
    assert _refusals(db) == ["role_not_allowed"]


def test_a_token_for_another_audience_is_refused(client, db, oidc, university_sso, sso_sign_in):
    provider, _faculty = university_sso
    oidc.tamper["aud"] = "some-other-app"
    response, _url = sso_sign_in(provider, "aud-test", email="a@uni.edu.hk")
    assert response.status_code == 403
    assert b"issued to another application" in response.data
    assert _refusals(db) == ["wrong_audience"]
    assert client.get("/home").status_code == 302


def test_an_expired_token_is_refused(client, db, oidc, university_sso, sso_sign_in):
    provider, _faculty = university_sso
    oidc.tamper["expired"] = True
    response, _url = sso_sign_in(provider, "exp-test", email="b@uni.edu.hk")
    assert response.status_code == 403 and b"has expired" in response.data
    assert _refusals(db) == ["token_expired"]


def test_a_token_signed_with_another_key_is_refused(client, db, oidc, university_sso,
                                                    sso_sign_in):
    provider, _faculty = university_sso
    oidc.tamper["foreign_key"] = True
    response, _url = sso_sign_in(provider, "sig-test", email="c@uni.edu.hk")
    assert response.status_code == 403 and b"signature is not valid" in response.data
    assert _refusals(db) in (["bad_signature"], ["bad_token"])


def test_a_replayed_state_is_refused(client, db, university_sso, sso_sign_in):
    provider, faculty = university_sso
    factories.StudentProfileFactory(
        faculty=faculty, user=factories.UserFactory(role="student", email="d@uni.edu.hk"))
    db.session.commit()
    response, callback = sso_sign_in(provider, "replay", email="d@uni.edu.hk")
    assert response.status_code == 302
    client.post("/logout")
    again = client.get(callback)
    assert again.status_code == 403 and b"already used" in again.data
    assert _refusals(db) == ["state_mismatch"]
    assert client.get("/home").status_code == 302


def test_an_email_outside_the_universitys_domains_is_refused(client, db, university_sso,
                                                             sso_sign_in):
    provider, _faculty = university_sso
    response, _url = sso_sign_in(provider, "outsider", email="someone@gmail.com")
    assert response.status_code == 403
    assert b"is not an address of Test University" in response.data
    assert _refusals(db) == ["email_outside_domains"]
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "sso.login_refused"))
    assert entry.details["email"] == "someone@gmail.com"
    assert db.session.scalar(select(User).where(User.email == "someone@gmail.com")) is None


def test_an_unverified_email_is_refused(client, db, university_sso, sso_sign_in):
    provider, _faculty = university_sso
    response, _url = sso_sign_in(provider, "unverified", email="e@uni.edu.hk",
                                 email_verified=False)
    assert response.status_code == 403 and _refusals(db) == ["email_not_verified"]


def test_a_university_can_turn_student_passwords_off(client, db, university_sso):
    provider, faculty = university_sso
    student = factories.StudentProfileFactory(faculty=faculty).user
    provider = db.session.get(IdentityProvider, provider.id)
    provider.passwords_allowed = False
    db.session.commit()
    from tests.factories import PASSWORD

    response = client.post("/login", data={"email": student.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "signs its students in: use “Sign in with Test University”".encode() in response.data


def test_the_chooser_finds_the_university_by_email(client, university_sso):
    page = client.get("/sso/?email=x@uni.edu.hk")
    assert b"Your address belongs to Test University" in page.data
    none = client.get("/sso/?email=x@nowhere.example")
    assert b"No university signs in" in none.data
    assert b"Sign in with Test University" in client.get("/login").data
