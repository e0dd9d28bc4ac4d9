"""Reviewers score on the rubric (not after a declared conflict); the admin manages programmes
and reads the programme report (page and CSV) with the funnel by origin."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from foundry.models import AuditLog, ProgrammeReview, TalentProgramme
from foundry.programmes import reviews, stages
from tests import factories


def _application(gip, **kwargs):
    application = factories.ProgrammeApplicationFactory(programme=gip.programme, **kwargs)
    factories.ProgrammePreferenceFactory(application=application, position=gip.positions[0])
    return application


def _url(gip, application, tail=""):
    return f"/programmes/{gip.programme.id}/applications/{application.id}{tail}"


def test_two_reviewers_score_and_the_list_shows_mean_spread_and_count(client, login_as, db,
                                                                      gip):
    application = _application(gip)
    db.session.commit()
    rita, adam = gip.reviewers
    login_as(rita)
    assert application.student.user.full_name in client.get("/reviews").get_data(as_text=True)
    page = client.get(_url(gip, application)).get_data(as_text=True)
    assert "Academic record" in page and "Skills fit" in page
    response = client.post(_url(gip, application, "/review"), data={
        "scores-0": "4", "scores-1": "5", "scores-2": "3", "comment": "Strong"})
    assert response.status_code == 302
    login_as(adam)
    client.post(_url(gip, application, "/review"), data={
        "scores-0": "2", "scores-1": "2", "scores-2": "2"})
    db.session.refresh(application)
    assert application.review_count == 2
    assert application.mean_score == 3.0 and application.score_spread == 2.0
    screening = client.get(f"/admin/programmes/{gip.programme.id}/screening").get_data(
        as_text=True)
    assert "3.00" in screening and "2/2" in screening
    overview = client.get(f"/admin/programmes/{gip.programme.id}").get_data(as_text=True)
    assert "0 applications still need reviews" in overview


def test_bad_scores_are_refused(client, login_as, db, gip):
    application = _application(gip)
    db.session.commit()
    login_as(gip.reviewers[0])
    response = client.post(_url(gip, application, "/review"), data={"scores-0": "9"})
    assert response.status_code == 400
    assert db.session.scalar(select(ProgrammeReview.id)) is None


def test_a_declared_conflict_blocks_scoring(client, login_as, db, gip):
    application = _application(gip)
    db.session.commit()
    rita = login_as(gip.reviewers[0])
    client.post(_url(gip, application, "/review"), data={
        "scores-0": "5", "scores-1": "5", "scores-2": "5"})
    client.post(_url(gip, application, "/conflict"))
    db.session.refresh(application)
    assert application.review_count == 0 and application.mean_score is None
    page = client.post(_url(gip, application, "/review"), data={
        "scores-0": "5", "scores-1": "5", "scores-2": "5"},
        follow_redirects=True).get_data(as_text=True)
    assert "declared a conflict" in page
    review = reviews.review_of(application, rita)
    assert review.conflict and review.total is None
    assert application.student.user.full_name not in client.get("/reviews").get_data(
        as_text=True)


def test_reviewer_of_another_programme_gets_403(client, login_as, db, gip):
    application = _application(gip)
    db.session.commit()
    login_as("reviewer")
    assert client.get(_url(gip, application)).status_code == 403
    assert client.post(_url(gip, application, "/review"),
                       data={"scores-0": "3"}).status_code == 403
    assert client.get(f"/programmes/{gip.programme.id}/applications/999999").status_code == 404
    other = factories.TalentProgrammeFactory()
    db.session.commit()
    assert client.get(f"/programmes/{other.id}/applications/{application.id}"
                      ).status_code == 404


def test_admin_creates_a_programme_and_sees_errors_by_field(client, login_as, db):
    login_as("admin")
    page = client.post("/admin/programmes/new", data={
        "name": "Fintech Drive 2027", "kind": "drive", "eligibility": "partner",
        "opens_on": "2027-03-01", "closes_on": "2027-02-01", "max_preferences": "3",
        "reviews_needed": "2"}).get_data(as_text=True)
    assert 'id="closes_on-error"' in page and 'value="Fintech Drive 2027"' in page
    response = client.post("/admin/programmes/new", data={
        "name": "Fintech Drive 2027", "kind": "drive", "eligibility": "partner",
        "themes": ["fintech"], "opens_on": "2027-01-01", "closes_on": "2027-02-01",
        "target_places": "12", "max_preferences": "2", "reviews_needed": "1",
        "rubric": "Motivation\nSkills\n\n"})
    assert response.status_code == 302
    programme = db.session.scalar(select(TalentProgramme))
    assert programme.rubric == ["Motivation", "Skills"] and programme.themes == ["fintech"]
    assert client.get(f"/admin/programmes/{programme.id}/edit").status_code == 200


def test_reviewers_are_added_by_e_mail(client, login_as, db, gip):
    login_as("admin")
    student = factories.StudentProfileFactory().user
    db.session.commit()
    url = f"/admin/programmes/{gip.programme.id}/reviewers"
    page = client.post(url, data={"email": student.email},
                       follow_redirects=True).get_data(as_text=True)
    assert "No active admin or programme reviewer" in page
    new = factories.UserFactory(role="reviewer")
    db.session.commit()
    client.post(url, data={"email": new.email.upper()})
    db.session.refresh(gip.programme)
    assert new.id in {r.user_id for r in gip.programme.reviewers}


def test_report_funnel_by_origin_and_csv(client, login_as, db, gip):
    admin = gip.reviewers[1]
    partner = _application(gip)
    external = _application(gip, student=factories.external_talent(country="CN"))
    db.session.flush()
    for application in (partner, external):
        stages.record_stage(application=application, from_stage=None, to="submitted",
                            actor=None)
    stages.bulk_move(applications=[partner, external], to="screened", actor=admin)
    stages.move_stage(application=external, to="rejected", actor=admin, reason="capacity")
    db.session.commit()
    login_as(admin)
    page = client.get(f"/admin/programmes/{gip.programme.id}/report").get_data(as_text=True)
    assert "By origin" in page and "Mainland China" in page and "Partner university" in page
    assert "0 / 30" in page
    response = client.get(f"/admin/programmes/{gip.programme.id}/report.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    header = rows[0]
    funnel = dict(zip(header, rows[1], strict=False))
    assert (funnel["submitted"], funnel["screened"], funnel["rejected"]) == ("2", "2", "1")
    origin = {r[1]: dict(zip(header, r, strict=False)) for r in rows if r[0] == "origin"}
    assert origin["Mainland China"]["rejected"] == "1"
    assert origin["Partner university"]["screened"] == "1"
    assert db.session.scalar(select(AuditLog.id).where(
        AuditLog.action == "export.programme_report")) is not None
