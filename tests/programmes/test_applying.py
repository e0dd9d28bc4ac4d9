"""One programme application per person: ranked preferences, window, eligibility, locking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from foundry.models import ProgrammeApplication, ProgrammeStageChange, StudentSkill
from tests import factories
from tests.programmes.conftest import apply_with


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(ProgrammeApplication))


def test_external_applies_with_three_ranked_preferences_and_sees_the_stage(client, login_as,
                                                                           db, gip):
    user = login_as("external")
    db.session.add(StudentSkill(student_id=user.student.id, skill_id=gip.positions[0].skills[0]
                                .skill_id, level=4))
    db.session.commit()
    assert gip.programme.name in client.get("/programmes").get_data(as_text=True)
    response = apply_with(client, gip, 3, 1, 2)
    assert response.status_code == 302
    application = db.session.scalar(select(ProgrammeApplication))
    assert [p.position_id for p in application.preferences] == [
        gip.positions[2].id, gip.positions[0].id, gip.positions[1].id]
    assert [p.match_score for p in application.preferences] == [100, 100, 100]
    assert application.best_match == 100 and application.stage == "submitted"
    assert db.session.scalar(select(ProgrammeStageChange.to_stage)) == "submitted"
    page = client.get(f"/programmes/{gip.programme.id}/application").get_data(as_text=True)
    assert "Submitted" in page and "Save my application" in page


def test_editing_keeps_one_application(client, login_as, db, gip):
    login_as("student")
    apply_with(client, gip, 1, 2)
    response = apply_with(client, gip, 4, statement="Changed my mind.", cv="")
    assert response.status_code == 302
    assert _count(db) == 1
    application = db.session.scalar(select(ProgrammeApplication))
    assert [p.position_id for p in application.preferences] == [gip.positions[3].id]
    assert application.statement == "Changed my mind." and application.cv_path


def test_two_programme_applications_by_one_person_are_refused_by_the_database(db, gip):
    student = factories.StudentProfileFactory()
    factories.ProgrammeApplicationFactory(programme=gip.programme, student=student)
    db.session.commit()
    with pytest.raises(IntegrityError):
        factories.ProgrammeApplicationFactory(programme=gip.programme, student=student)
    db.session.rollback()


@pytest.mark.parametrize(("ranks", "changes", "message"), [
    ((1, 2, 3, 4), {"preferences-3": None}, "Choose at most 3 positions."),
    ((1, 1), {}, "Each position may be chosen only once."),
    ((), {}, "Choose at least one position."),
    ((1,), {"cv": ""}, "Attach your CV as a PDF."),
    ((1,), {"statement": ""}, "This field is required."),
])
def test_bad_applications_change_nothing(client, login_as, db, gip, ranks, changes, message):
    login_as("student")
    data = dict(changes)
    if data.get("preferences-3", "") is None:  # a fourth choice beyond the three allowed
        data["preferences-3"] = str(gip.positions[3].id)
    response = apply_with(client, gip, *ranks, **data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _count(db) == 0


def test_external_cannot_choose_a_partner_only_position(client, login_as, db, gip):
    gip.positions[1].audience = "partner"
    db.session.commit()
    login_as("external")
    response = apply_with(client, gip, 2)
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(
        as_text=True)
    assert _count(db) == 0


def test_position_of_another_programme_is_refused(client, login_as, db, gip):
    other = factories.PositionFactory(audience="open")
    db.session.commit()
    login_as("student")
    response = client.post(f"/programmes/{gip.programme.id}/application", data={
        "statement": "x", "available_from": "2027-06-01", "available_to": "2027-08-31",
        "preferences-0": str(other.id)})
    assert response.status_code == 200 and _count(db) == 0


def test_outside_the_window_nothing_is_accepted_and_the_application_is_locked(client, login_as,
                                                                              db, gip):
    login_as("external")
    apply_with(client, gip, 1)
    gip.programme.opens_on = date.today() - timedelta(days=60)
    gip.programme.closes_on = date.today() - timedelta(days=1)
    db.session.commit()
    page = client.get(f"/programmes/{gip.programme.id}/application").get_data(as_text=True)
    assert "Your application is locked" in page and "Save my application" not in page
    response = apply_with(client, gip, 2, statement="Too late")
    assert "nothing can be submitted or changed now" in response.get_data(as_text=True)
    db.session.expire_all()
    application = db.session.scalar(select(ProgrammeApplication))
    assert application.statement != "Too late"
    assert [p.position_id for p in application.preferences] == [gip.positions[0].id]


def test_application_under_review_is_locked(client, login_as, db, gip):
    login_as("student")
    apply_with(client, gip, 1)
    application = db.session.scalar(select(ProgrammeApplication))
    application.stage = "screened"
    db.session.commit()
    response = apply_with(client, gip, 2, statement="Sneaky edit")
    assert "can no longer be changed" in response.get_data(as_text=True)


def test_eligibility_partner_only_programme_refuses_external_talent(client, login_as, db, gip):
    gip.programme.eligibility = "partner"
    db.session.commit()
    login_as("external")
    assert gip.programme.name not in client.get("/programmes").get_data(as_text=True)
    response = apply_with(client, gip, 1)
    assert response.status_code == 200 and _count(db) == 0


def test_hostile_programme_id_is_404(client, login_as):
    login_as("external")
    assert client.get("/programmes/999999/application").status_code == 404


def test_skills_match_follows_a_changed_self_assessment(client, login_as, db, gip):
    user = login_as("external")
    apply_with(client, gip, 1, 2)
    application = db.session.scalar(select(ProgrammeApplication))
    assert application.best_match == 0
    skill_id = gip.positions[0].skills[0].skill_id
    assert client.post("/me/skills", data={f"skill-{skill_id}": "2"}).status_code == 302
    db.session.refresh(application)
    assert application.best_match == 50  # below the required 3: half a point
    assert user.student.id == application.student_id


def test_reviewers_are_invited_like_other_staff(db, request_ctx):
    from foundry.auth import invitations

    invitation, _link = invitations.create_invitation(email="rev@hkstp.example",
                                                      role="reviewer", invited_by=None)
    user = invitations.accept_invitation(invitation=invitation, full_name="New Reviewer",
                                         password="violet-harbour-lantern-42")
    db.session.refresh(invitation)
    assert user.role == "reviewer" and invitation.used_at is not None
