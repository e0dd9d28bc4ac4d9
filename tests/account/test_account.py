"""API tokens on the account page; students' data download and deletion (PDPO)."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from foundry.account import tokens
from foundry.models import ApiToken, Application, AuditLog, StudentProfile, User
from tests import factories


def test_create_token_shows_it_once_and_stores_only_a_hash(client, login_as, db):
    user = login_as("company")
    page = client.post("/account/tokens", data={"name": "ERP sync", "scope": "read",
                                                "days": 30}).get_data(as_text=True)
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert token is not None and token.scope == "read"
    shown = page.split('data-testid="new-token">')[1].split("<")[0]
    assert shown.startswith("tf_") and tokens.hash_token(shown) == token.token_hash
    assert shown not in client.get("/account/").get_data(as_text=True)


def test_token_form_errors_by_field_and_nothing_created(client, login_as, db):
    login_as("student")
    page = client.post("/account/tokens", data={"name": "", "scope": "read", "days": 9999})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "This field is required" in text and "between 1 and 365" in text
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0


def test_revoke_own_token_only(client, login_as, db):
    user = login_as("student")
    mine, _ = tokens.create_api_token(user=user, name="mine", scope="read", days=5)
    other_user = factories.user_with_role("student")
    theirs, _ = tokens.create_api_token(user=other_user, name="theirs", scope="read", days=5)
    db.session.commit()
    assert client.post(f"/account/tokens/{theirs.id}/revoke").status_code == 403
    assert client.post(f"/account/tokens/{mine.id}/revoke").status_code == 302
    db.session.refresh(mine)
    db.session.refresh(theirs)
    assert mine.revoked_at is not None and theirs.revoked_at is None


def test_student_downloads_all_their_data(client, login_as, db):
    user = login_as("student")
    factories.ApplicationFactory(student=user.student, note="Keen on robotics")
    internship = factories.InternshipFactory(student=user.student, status="completed")
    feedback = factories.SkillFeedbackFactory(internship=internship)
    factories.SkillRatingFactory(feedback=feedback, expected=4, observed=2)
    factories.GraduateOutcomeFactory(student=user.student)
    factories.ApplicationFactory(note="somebody else's note")
    db.session.commit()
    response = client.get("/account/my-data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["profile"]["email"] == user.email
    assert [a["note"] for a in data["applications"]] == ["Keen on robotics"]
    assert data["internships"][0]["feedback"]["ratings"][0]["observed"] == 2
    assert data["outcomes"][0]["category"] == "employed_full_time"
    assert db.session.scalar(select(func.count(AuditLog.id))
                             .where(AuditLog.action == "student.data_exported")) == 1


def test_only_students_download_data(client, login_as):
    login_as("dean")
    assert client.get("/account/my-data.json").status_code == 403


def test_deletion_needs_the_phrase_and_password(client, login_as, db):
    user = login_as("student")
    response = client.post("/account/delete", data={"confirm": "delete", "password": "nope"})
    assert response.status_code == 400
    assert "Type the word DELETE" in response.get_data(as_text=True)
    response = client.post("/account/delete", data={"confirm": "DELETE", "password": "nope"})
    assert "The password is not right." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.deleted_at is None and user.is_active


def test_deletion_removes_identity_keeps_aggregates_and_blocks_sign_in(client, login_as, db, app):
    user = login_as("student")
    student_id = user.student.id
    email = user.email
    cv_dir = app.config["UPLOAD_FOLDER"] + "/cv"
    import os

    os.makedirs(cv_dir, exist_ok=True)
    with open(f"{cv_dir}/abc123.pdf", "wb") as handle:
        handle.write(b"%PDF-1.4\n%%EOF")
    factories.ApplicationFactory(student=user.student, note="private", cv_path="cv/abc123.pdf",
                                 cv_filename="Chan Tai Man CV.pdf", status="rejected")
    factories.InternshipFactory(student=user.student, supervisor_email="boss@example.com")
    factories.GraduateOutcomeFactory(student=user.student, annual_salary=400000)
    db.session.commit()
    before = (db.session.scalar(select(func.count(StudentProfile.id))),
              db.session.scalar(select(func.count(Application.id))))

    response = client.post("/account/delete", data={"confirm": "DELETE",
                                                     "password": factories.PASSWORD})
    assert response.status_code == 302
    db.session.expire_all()
    deleted = db.session.get(User, user.id)
    assert deleted.full_name == "Deleted student" and email not in deleted.email
    assert deleted.password_hash is None and not deleted.is_active
    student = db.session.get(StudentProfile, student_id)
    assert student.student_number is None and student.cohort_year == 2025
    application = db.session.scalar(select(Application).where(Application.student_id == student_id))
    assert application.note is None and application.cv_path is None
    assert application.status == "rejected"
    assert not os.path.exists(f"{cv_dir}/abc123.pdf")
    assert before == (db.session.scalar(select(func.count(StudentProfile.id))),
                      db.session.scalar(select(func.count(Application.id))))
    # The account can no longer sign in.
    client.post("/logout")
    login = client.post("/login", data={"email": email, "password": factories.PASSWORD})
    assert login.status_code == 200 and "not right" in login.get_data(as_text=True)
