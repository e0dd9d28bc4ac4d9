"""The selection cycle: screening filters, bulk actions, stages, forwarding into the companies'
pipelines, offers becoming internships, notifications in the applicant's language."""

from __future__ import annotations

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from foundry.applications import services as pipeline
from foundry.models import (
    Application,
    Internship,
    Notification,
    OutboxMail,
    ProgrammeApplication,
    ProgrammeStageChange,
)
from foundry.programmes import stages
from tests import factories


def _apps(gip, n_partner=2, n_external=2):
    """Submitted applications: partner students (HKUST-like) and external talent (CN, GB)."""
    made = []
    for i in range(n_partner):
        student = factories.StudentProfileFactory(user__full_name=f"Partner Person {i}")
        made.append(student)
    for i, country in zip(range(n_external), ("CN", "GB", "US", "IN"), strict=False):
        made.append(factories.external_talent(country=country,
                                              full_name=f"External Person {i}"))
    applications = []
    for k, student in enumerate(made):
        application = factories.ProgrammeApplicationFactory(programme=gip.programme,
                                                            student=student, best_match=10 * k)
        for rank, position in enumerate(gip.positions[:2] if k % 2 else gip.positions[2:],
                                        start=1):
            factories.ProgrammePreferenceFactory(application=application, rank=rank,
                                                 position=position)
        applications.append(application)
    return applications


def _screen(client, gip, query=""):
    return client.get(f"/admin/programmes/{gip.programme.id}/screening{query}").get_data(
        as_text=True)


def test_screening_filters_and_sort(client, login_as, db, gip):
    _apps(gip)
    db.session.commit()
    login_as("admin")
    page = _screen(client, gip)
    assert "4 applications match" in page
    cases = {"?origin=partner": {"Partner Person 0", "Partner Person 1"},
             "?origin=mainland": {"External Person 0"}, "?country=GB": {"External Person 1"},
             "?visa=yes": {"External Person 0", "External Person 1"},
             "?cluster=fintech": {"Partner Person 1", "External Person 1"},
             f"?preference={gip.positions[2].id}": {"Partner Person 0", "External Person 0"},
             "?degree=master": {"External Person 0", "External Person 1"},
             "?stage=screened": set(), "?q=external+person+1": {"External Person 1"},
             "?reviews=needed": {"Partner Person 0", "Partner Person 1", "External Person 0",
                                 "External Person 1"}}
    everyone = {"Partner Person 0", "Partner Person 1", "External Person 0", "External Person 1"}
    for query, expected in cases.items():
        page = _screen(client, gip, query)
        assert {n for n in everyone if n in page} == expected, query
    page = _screen(client, gip, "?sort=match")
    assert page.index("External Person 1") < page.index("Partner Person 0")
    assert "Origin" in page and "Best match" in page


def test_bulk_longlist_is_idempotent_and_notifies_in_the_applicants_language(client, login_as,
                                                                             db, gip):
    applications = _apps(gip)
    applications[2].student.user.locale = "zh_Hant"
    db.session.commit()
    login_as("admin")
    data = {"to": "screened", "scope": "selected", "ids": [str(a.id) for a in applications]}
    url = f"/admin/programmes/{gip.programme.id}/screening/bulk"
    assert client.post(url, data=data).status_code == 302
    assert client.post(url, data=data).status_code == 302  # a double click
    stages_now = set(db.session.scalars(select(ProgrammeApplication.stage)))
    assert stages_now == {"screened"}
    assert db.session.scalar(select(func.count()).select_from(ProgrammeStageChange)) == 4
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 4
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 4
    # Back to "submitted" for one: its label exists in Chinese, so the language shows.
    application = applications[2]
    stages.move_stage(application=application, to="submitted", actor=gip.reviewers[1])
    db.session.commit()
    latest = db.session.scalars(select(Notification).where(
        Notification.user_id == application.student.user_id)
        .order_by(Notification.id.desc())).first()
    with force_locale("zh_Hant"):
        chinese = gettext("Submitted")
    assert chinese != "Submitted" and chinese in latest.message


def test_bulk_is_all_or_nothing(client, login_as, db, gip):
    applications = _apps(gip)
    applications[0].stage = "rejected"
    db.session.commit()
    login_as("admin")
    response = client.post(f"/admin/programmes/{gip.programme.id}/screening/bulk", data={
        "to": "screened", "scope": "selected", "ids": [str(a.id) for a in applications]},
        follow_redirects=True)
    assert "Nothing was changed" in response.get_data(as_text=True)
    assert set(db.session.scalars(select(ProgrammeApplication.stage))) == {"rejected",
                                                                           "submitted"}


def test_bulk_reject_needs_a_reason_and_records_it(client, login_as, db, gip):
    applications = _apps(gip)
    db.session.commit()
    login_as("admin")
    url = f"/admin/programmes/{gip.programme.id}/screening/bulk"
    ids = [str(applications[0].id)]
    page = client.post(url, data={"to": "rejected", "ids": ids, "scope": "selected"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Choose the reason for the rejection." in page
    client.post(url, data={"to": "rejected", "reason": "skills", "ids": ids,
                           "scope": "selected"})
    db.session.refresh(applications[0])
    assert (applications[0].stage, applications[0].rejection_reason) == ("rejected", "skills")


def test_bulk_matching_filters_and_foreign_ids(client, login_as, db, gip):
    _apps(gip)
    other = factories.ProgrammeApplicationFactory()
    db.session.commit()
    login_as("admin")
    url = f"/admin/programmes/{gip.programme.id}/screening/bulk"
    page = client.post(url, data={"to": "screened", "scope": "selected",
                                  "ids": [str(other.id)]},
                       follow_redirects=True).get_data(as_text=True)
    assert "not of this programme" in page and other.stage == "submitted"
    client.post(url + "?origin=partner", data={"to": "screened", "scope": "matching"})
    counts = dict(db.session.execute(select(ProgrammeApplication.stage, func.count())
                                     .where(ProgrammeApplication.programme_id
                                            == gip.programme.id)
                                     .group_by(ProgrammeApplication.stage)).all())
    assert counts == {"screened": 2, "submitted": 2}


def test_a_stage_change_not_allowed_is_refused(client, login_as, db, gip):
    application = _apps(gip, 1, 0)[0]
    db.session.commit()
    login_as("admin")
    page = client.post(f"/admin/programmes/{gip.programme.id}/applications/{application.id}"
                       "/stage", data={"to": "forwarded"},
                       follow_redirects=True).get_data(as_text=True)
    assert "cannot be moved" in page
    db.session.refresh(application)
    assert application.stage == "submitted"
    assert db.session.scalar(select(Application.id)) is None


def test_forwarding_offer_and_acceptance_make_an_internship(client, login_as, db, gip):
    application = _apps(gip, 0, 1)[0]  # external, preferences: positions 3 and 4 (company 2)
    admin = gip.reviewers[1]
    stages.bulk_move(applications=[application], to="screened", actor=admin)
    stages.bulk_move(applications=[application], to="forwarded", actor=admin)
    db.session.commit()
    forwarded = list(db.session.scalars(select(Application)))
    assert {a.position_id for a in forwarded} == {gip.positions[2].id, gip.positions[3].id}
    assert all(a.programme_application_id == application.id for a in forwarded)
    # The preferred company sees it, tagged with the programme; the other company does not.
    login_as(gip.members[1])
    pipeline_page = client.get("/company/applicants").get_data(as_text=True)
    assert "External Person 0" in pipeline_page and gip.programme.name in pipeline_page
    login_as(gip.members[0])
    assert "External Person 0" not in client.get("/company/applicants").get_data(as_text=True)
    assert client.get(f"/applications/{forwarded[0].id}").status_code == 403
    # The company interviews and offers: the programme application follows.
    first = forwarded[0]
    for to, stage in (("shortlisted", "forwarded"), ("interview", "interviewing"),
                      ("offered", "offered")):
        pipeline.move_application(application=first, to=to, actor=gip.members[1])
        assert application.stage == stage
    # The applicant accepts: placed, and the internship exists.
    pipeline.move_application(application=first, to="accepted",
                              actor=application.student.user)
    db.session.commit()
    assert application.stage == "accepted"
    assert db.session.scalar(select(Internship.application_id)) == first.id


def test_all_forwarded_applications_rejected_ends_the_programme_application(db, gip):
    application = _apps(gip, 1, 0)[0]
    admin = gip.reviewers[1]
    stages.move_stage(application=application, to="screened", actor=admin)
    stages.move_stage(application=application, to="forwarded", actor=admin)
    for forwarded in db.session.scalars(select(Application)).all():
        pipeline.move_application(application=forwarded, to="rejected",
                                  actor=forwarded.position.company.members[0].user,
                                  reason="position_filled")
    assert (application.stage, application.rejection_reason) == ("rejected", "company")


@pytest.mark.parametrize("role", ["student", "external", "company", "dean", "reviewer"])
def test_only_admins_screen(client, login_as, gip, role):
    login_as(role)
    assert client.get(f"/admin/programmes/{gip.programme.id}/screening").status_code == 403
