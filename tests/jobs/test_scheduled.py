"""Scheduled jobs: each does its work once, audits its counts, and reruns without doubling."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from foundry.jobs.schedule import JOBS, beat_schedule, run_job
from foundry.models import (
    AuditLog,
    EventRegistration,
    Notification,
    OutboxMail,
    Position,
    StudentProfile,
    User,
)
from tests import factories

NOW = datetime(2026, 3, 10, 2, 0)  # 10:00 in Hong Kong, a Tuesday


def count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def audited(db, name: str) -> list[dict]:
    return list(db.session.scalars(select(AuditLog.details).where(AuditLog.action == f"jobs.{name}")
                                   .order_by(AuditLog.id)))


def test_every_job_is_on_the_beat_schedule_and_the_cli_lists_it(runner):
    assert set(beat_schedule()) == set(JOBS)
    assert all(entry["task"] == "foundry.jobs.tasks.run_scheduled"
               for entry in beat_schedule().values())
    listed = runner.invoke(args=["jobs", "list"]).output
    assert all(name in listed for name in JOBS)
    assert runner.invoke(args=["jobs", "run", "no-such-job"]).exit_code == 2


def test_close_expired_positions(db, runner):
    past = factories.PositionFactory(status="open", deadline=date(2026, 3, 9))
    today = factories.PositionFactory(status="open", deadline=date(2026, 3, 10))
    draft = factories.PositionFactory(status="draft", deadline=date(2026, 3, 1))
    db.session.commit()
    assert run_job("close-expired-positions", now=NOW) == {"closed": 1}
    assert [p.status for p in (past, today, draft)] == ["closed", "open", "draft"]
    assert run_job("close-expired-positions", now=NOW) == {"closed": 0}
    assert audited(db, "close-expired-positions") == [{"closed": 1}, {"closed": 0}]
    result = runner.invoke(args=["jobs", "run", "close-expired-positions"])
    assert result.exit_code == 0 and "closed 1" in result.output  # today's deadline, later on
    assert count(db, Position, Position.status == "open") == 0


def _registration(starts_at: datetime, **user) -> EventRegistration:
    event = factories.EventFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=6))
    student = factories.StudentProfileFactory(**{f"user__{k}": v for k, v in user.items()})
    return factories.EventRegistrationFactory(event=event, student=student)


def test_remind_registrants_the_day_before_once(db):
    tomorrow = _registration(datetime(2026, 3, 11, 1, 30), locale="zh_Hant")  # 09:30 HK
    _registration(datetime(2026, 3, 12, 1, 30))  # the day after tomorrow: not yet
    _registration(datetime(2026, 3, 10, 17, 0))  # 01:00 on the 11th in Hong Kong: tomorrow too
    db.session.commit()
    assert run_job("remind-event-registrants", now=NOW) == {"reminded": 2}
    assert run_job("remind-event-registrants", now=NOW) == {"reminded": 0}
    mail = db.session.scalars(select(OutboxMail).where(
        OutboxMail.recipient == tomorrow.student.user.email)).one()
    assert "提醒" in mail.subject + mail.body  # in the registrant's language (zh_Hant)
    assert f"/events/{tomorrow.event_id}/agenda" in mail.body
    assert mail.body.count("http") == 1 and "http://127.0.0.1:5000/events/" in mail.body


def test_a_job_killed_half_way_reruns_without_doubling(db, monkeypatch):
    for hour, minute in ((0, 0), (1, 0), (1, 30)):  # all within a day of NOW
        _registration(datetime(2026, 3, 11, hour, minute))
    db.session.commit()
    import foundry.events.reminders as events

    real_notify, calls = events.notify, []

    def dies_on_the_second(**kwargs):
        calls.append(kwargs["user"].id)
        if len(calls) == 2:
            raise SystemExit("worker killed")
        return real_notify(**kwargs)

    monkeypatch.setattr(events, "notify", dies_on_the_second)
    with pytest.raises(SystemExit):
        run_job("remind-event-registrants", now=NOW)
    assert count(db, Notification) == count(db, OutboxMail) == 0
    monkeypatch.setattr(events, "notify", real_notify)
    assert run_job("remind-event-registrants", now=NOW)["reminded"] == 3
    assert run_job("remind-event-registrants", now=NOW)["reminded"] == 0
    assert count(db, Notification) == count(db, OutboxMail) == 3


def test_remind_overdue_feedback_once_a_week(db):
    member = factories.CompanyMemberFactory()
    factories.InternshipFactory(company=member.company, status="completed",
                                completed_at=NOW - timedelta(days=20))
    factories.InternshipFactory(company=member.company, status="completed",
                                completed_at=NOW - timedelta(days=3))  # not overdue yet
    db.session.commit()
    assert run_job("remind-overdue-feedback", now=NOW) == {"companies": 1, "reminders": 1}
    assert run_job("remind-overdue-feedback", now=NOW + timedelta(days=2))["reminders"] == 0
    assert run_job("remind-overdue-feedback", now=NOW + timedelta(days=14))["reminders"] == 1
    notes = db.session.scalars(select(Notification.message)
                               .where(Notification.user_id == member.user_id)).all()
    assert notes[0].startswith("Skills feedback is overdue for 1 of your interns")
    assert notes[1].startswith("Skills feedback is overdue for 2 of your interns")


def test_nudge_inactive_pairs_once_per_quiet_spell(db):
    quiet = factories.MentorshipFactory(started_at=NOW - timedelta(days=90))
    factories.MentorshipFactory(started_at=NOW - timedelta(days=10))  # young: not inactive
    db.session.commit()
    assert run_job("nudge-inactive-pairs", now=NOW) == {"pairs": 1, "notified": 2}
    assert run_job("nudge-inactive-pairs", now=NOW) == {"pairs": 0, "notified": 0}
    factories.MentoringSessionFactory(mentorship=quiet, held_on=date(2026, 3, 12))
    db.session.commit()
    later = NOW + timedelta(days=70)
    assert run_job("nudge-inactive-pairs", now=later)["pairs"] == 2  # a new spell; the other pair
    assert count(db, Notification, Notification.user_id == quiet.mentor.user_id) == 2


def test_delete_unverified_signups_after_the_link_expired(db, app):
    old = NOW - timedelta(seconds=app.config["EMAIL_VERIFY_MAX_AGE"] + 60)

    def signup(email, created, **extra):
        return factories.StudentProfileFactory(
            user__email=email, user__active=False, user__email_verified_at=None,
            user__created_at=created, **extra).user

    expired = signup("expired@connect.ust.hk", old)
    fresh = signup("fresh@connect.ust.hk", NOW - timedelta(hours=1))
    imported = signup("imported@connect.ust.hk", old, user__password_hash=None)
    verified = factories.StudentProfileFactory(user__created_at=old).user
    db.session.commit()
    expired_id = expired.id
    assert run_job("delete-unverified-signups", now=NOW) == {"deleted": 1}
    db.session.expire_all()
    assert db.session.get(User, expired_id) is None
    assert count(db, StudentProfile, StudentProfile.user_id.is_(None)) == 0  # profile gone too
    assert all(db.session.get(User, u.id) for u in (fresh, imported, verified))
    assert run_job("delete-unverified-signups", now=NOW) == {"deleted": 0}


def test_every_scheduled_job_resolves_and_survey_campaigns_are_scheduled():
    from werkzeug.utils import import_string

    from foundry.jobs.schedule import JOBS

    assert {"campaign-invitations", "campaign-reminders"} <= set(JOBS)
    for job in JOBS.values():
        assert callable(import_string(job.target))


def test_campaign_jobs_run_through_run_job(db):
    assert run_job("campaign-invitations", now=NOW) == {"invited": 0}
    assert run_job("campaign-reminders", now=NOW) == {"reminded": 0}
