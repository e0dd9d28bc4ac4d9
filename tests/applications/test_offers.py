"""Offer terms: made with pay, start and reply-by (every error at once), shown to the student
and the company, refused after reply-by, and lapsed by the scheduled job."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from foundry.jobs.schedule import run_job
from foundry.models import AuditLog, Notification, OutboxMail
from tests import factories
from tests.applications.helpers import offer_terms

NOW = datetime(2026, 3, 10, 2, 0)  # 10:00 in Hong Kong


def _interviewing(**kwargs):
    application = factories.ApplicationFactory(status="interview", **kwargs)
    member = factories.CompanyMemberFactory(company=application.position.company)
    return application, member.user


def _offered(reply_by: date, **kwargs):
    application, member = _interviewing(**kwargs)
    application.status = "offered"
    application.offered_at = NOW - timedelta(days=7)
    application.offer_pay_kind, application.offer_amount = "stipend", 12000
    application.offer_pay_period = "month"
    application.offer_start_date = reply_by + timedelta(days=20)
    application.offer_reply_by = reply_by
    return application, member


def test_offer_form_reports_every_error_by_its_field(client, login_as, db):
    application, member = _interviewing()
    login_as(member)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = client.post(f"/applications/{application.id}/offer", data=offer_terms(
        amount="3600000", start_date=date.today().isoformat(), reply_by=yesterday))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and application.status == "interview"
    assert 'id="reply_by-error"' in page and "cannot be in the past" in page
    assert 'id="start_date-error"' in page and "must be after today" in page
    assert 'id="amount-error"' in page and "is unusual" in page
    assert "Yes, this amount is right" in page  # the way to confirm it
    assert 'value="3600000"' in page  # what was typed is kept
    empty = client.post(f"/applications/{application.id}/offer", data={"pay_kind": "salary",
                                                                       "pay_period": "month"})
    page = empty.get_data(as_text=True)
    for name in ("amount", "start_date", "reply_by"):
        assert f'id="{name}-error"' in page
    later = (date.today() + timedelta(days=40)).isoformat()
    response = client.post(f"/applications/{application.id}/offer",
                           data=offer_terms(reply_by=later))
    assert "on or before the start date" in response.get_data(as_text=True)
    assert application.status == "interview"


def test_unusual_amount_is_sent_once_confirmed_and_terms_reach_the_student(client, login_as,
                                                                           db):
    application, member = _interviewing()
    login_as(member)
    response = client.post(f"/applications/{application.id}/offer",
                           data=offer_terms(amount="300000", amount_confirmed="y"))
    assert response.status_code == 302 and application.status == "offered"
    assert (application.offer_amount, application.offer_pay_kind) == (300000, "salary")
    notice = db.session.scalar(select(Notification).where(
        Notification.user_id == application.student.user_id))
    assert "HKD 300,000 per month" in notice.message and "reply by" in notice.message
    mail = db.session.scalar(select(OutboxMail).where(
        OutboxMail.recipient == application.student.user.email))
    assert "HKD 300,000" in mail.body
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "application.offered"))
    assert audit is not None
    pipeline = client.get("/company/applicants").get_data(as_text=True)
    assert "HKD 300,000" in pipeline and "reply by" in pipeline
    login_as(application.student.user)
    mine = client.get("/me/applications").get_data(as_text=True)
    assert "HKD 300,000" in mine and "reply by" in mine and "Accept offer" in mine


def test_bare_move_to_offered_is_refused(client, login_as, db):
    application, member = _interviewing()
    login_as(member)
    response = client.post(f"/applications/{application.id}/move", data={"to": "offered"},
                           follow_redirects=True)
    assert "Make the offer with its terms" in response.get_data(as_text=True)
    assert application.status == "interview"


def test_offer_route_hostile_and_foreign_ids(client, login_as, db):
    application, _member = _interviewing()
    login_as(factories.CompanyMemberFactory().user)
    assert client.post(f"/applications/{application.id}/offer",
                       data=offer_terms()).status_code in (403, 404)
    assert client.post("/applications/99999999999/offer", data=offer_terms()).status_code == 404
    assert application.status == "interview"
    login_as(application.student.user)
    assert client.post(f"/applications/{application.id}/offer",
                       data=offer_terms()).status_code == 403


def test_accepting_after_reply_by_is_refused(client, login_as, db):
    application, _member = _offered(reply_by=date.today() - timedelta(days=2))
    login_as(application.student.user)
    response = client.post(f"/applications/{application.id}/move", data={"to": "accepted"},
                           follow_redirects=True)
    assert "This offer lapsed" in response.get_data(as_text=True)
    assert application.status == "offered"


def test_accepting_by_the_reply_by_date_works(client, login_as, db):
    application, _member = _offered(reply_by=date.today() + timedelta(days=1))
    login_as(application.student.user)
    client.post(f"/applications/{application.id}/move", data={"to": "accepted"})
    assert application.status == "accepted"


def test_lapse_job_declines_expired_offers_and_tells_both_sides(db):
    expired, member = _offered(reply_by=date(2026, 3, 9))
    expired.student.user.locale = "zh_Hant"
    due_today, _other = _offered(reply_by=date(2026, 3, 10))
    db.session.commit()
    assert run_job("lapse-expired-offers", now=NOW) == {"lapsed": 1}
    assert expired.status == "declined" and expired.offer_lapsed_at == NOW
    assert due_today.status == "offered"
    audit = db.session.scalar(select(AuditLog).where(
        AuditLog.action == "application.offer_lapsed"))
    assert audit.details["reply_by"] == "2026-03-09"
    told = {n.user_id: n.message for n in db.session.scalars(select(Notification))}
    assert expired.student.user_id in told and member.id in told
    assert "lapsed" in told[member.id]
    assert run_job("lapse-expired-offers", now=NOW) == {"lapsed": 0}


def test_a_lapsed_forwarded_offer_moves_the_programme_application(db):
    application, _member = _offered(reply_by=date(2026, 3, 9))
    programme_application = factories.ProgrammeApplicationFactory(
        student=application.student, stage="offered")
    factories.ProgrammePreferenceFactory(application=programme_application,
                                         position=application.position,
                                         forwarded=application)
    application.programme_application_id = programme_application.id
    db.session.commit()
    assert run_job("lapse-expired-offers", now=NOW) == {"lapsed": 1}
    assert programme_application.stage == "declined"


def test_accepting_creates_the_internship_on_the_offers_terms(client, login_as, db):
    from foundry.models import Internship

    reply_by = date.today() + timedelta(days=3)
    application, _member = _offered(reply_by=reply_by,
                                    position__start_date=date.today() + timedelta(days=90))
    login_as(application.student.user)
    client.post(f"/applications/{application.id}/move", data={"to": "accepted"})
    internship = db.session.scalar(select(Internship))
    assert internship.start_date == reply_by + timedelta(days=20)  # the offer's start
    assert internship.stipend_monthly == 12000 and internship.paid
