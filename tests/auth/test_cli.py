"""`flask users create-admin` and `flask users invite`, through the CLI runner."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import CompanyMember, Invitation, User
from tests import factories
from tests.auth.helpers import STRONG, actions, count, last_mail


def test_create_admin_with_password_option(runner, db):
    result = runner.invoke(args=["users", "create-admin", "Ops@HKSTP.org", "--name",
                                 "Ops Team", "--password", STRONG])
    assert result.exit_code == 0, result.output
    assert "Admin ops@hkstp.org created." in result.output
    user = db.session.scalar(select(User))
    assert user.role == "admin" and user.full_name == "Ops Team" and user.check_password(STRONG)
    assert "auth.admin_created" in actions()


def test_create_admin_prompts_for_the_password(runner, db):
    result = runner.invoke(args=["users", "create-admin", "ops@hkstp.org", "--name", "Ops"],
                           input=f"{STRONG}\n{STRONG}\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User)).check_password(STRONG)


def test_create_admin_refuses_weak_password_and_duplicates(runner, db):
    weak = runner.invoke(args=["users", "create-admin", "ops@hkstp.org", "--name", "Ops",
                               "--password", "password"])
    assert weak.exit_code == 1 and "at least 12" in weak.output
    factories.UserFactory(email="taken@hkstp.org")
    db.session.commit()
    dup = runner.invoke(args=["users", "create-admin", "TAKEN@hkstp.org", "--name", "Ops",
                              "--password", STRONG])
    assert dup.exit_code == 1 and "already exists" in dup.output
    assert count(User) == 1


def test_invite_company_member_prints_the_link(runner, db, app):
    company = factories.CompanyFactory(name="Lion Rock Fintech Limited")
    db.session.commit()
    result = runner.invoke(args=["users", "invite", "Hr@LionRock.hk", "--role", "company",
                                 "--company", "lion rock fintech limited"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5000/invitations/accept/" in result.output
    invitation = db.session.scalar(select(Invitation))
    assert invitation.email == "hr@lionrock.hk" and invitation.company_id == company.id
    assert last_mail("hr@lionrock.hk") is not None
    # The printed link works in the web app.
    path = "/" + result.output.strip().splitlines()[-1].split("/", 3)[3]
    response = app.test_client().post(path, data={"full_name": "HR", "password": STRONG,
                                                  "confirm": STRONG})
    assert response.status_code == 302
    assert db.session.scalar(select(CompanyMember.company_id)) == company.id


def test_invite_dean_with_faculty_and_admin(runner, db, app, monkeypatch):
    faculty = factories.FacultyFactory(name="Faculty of Engineering",
                                       university__code="PolyU")
    db.session.commit()
    monkeypatch.setitem(app.config, "BASE_URL", "https://foundry.example.hk/")
    result = runner.invoke(args=["users", "invite", "dean@polyu.edu.hk", "--role", "dean",
                                 "--university", "polyu", "--faculty", "Faculty of Engineering"])
    assert result.exit_code == 0, result.output
    assert "https://foundry.example.hk/invitations/accept/" in result.output
    dean = db.session.scalar(select(Invitation).where(Invitation.role == "dean"))
    assert dean.faculty_id == faculty.id and dean.university_id == faculty.university_id
    admin = runner.invoke(args=["users", "invite", "boss@hkstp.org", "--role", "admin"])
    assert admin.exit_code == 0 and count(Invitation) == 2


def test_invite_bad_input(runner, db):
    cases = [
        (["--role", "company", "--company", "Nope Ltd"], "No company called"),
        (["--role", "company"], "Choose the company"),
        (["--role", "dean", "--university", "XYZ"], "No university called"),
        (["--role", "dean"], "Choose the dean"),
        (["--role", "dean", "--faculty", "Faculty of Art"], "--faculty needs --university"),
        (["--role", "student"], "Invalid value for '--role'"),
    ]
    for args, message in cases:
        result = runner.invoke(args=["users", "invite", "x@example.com", *args])
        assert result.exit_code != 0 and message in result.output, (args, result.output)
    assert count(Invitation) == 0
