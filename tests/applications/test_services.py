"""The application services: applying, every transition of the table, bulk moves, internships."""

from __future__ import annotations

import io
import os
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from foundry.applications import services
from foundry.common.errors import DomainError
from foundry.models import Application, AuditLog, Internship, Notification, OutboxMail
from foundry.models.choices import APPLICATION_STATUSES, values
from tests import factories
from tests.applications.helpers import company_with_member, pdf_bytes

STATUSES = values(APPLICATION_STATUSES)


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture()
def setup(db, request_ctx):
    """A verified company with a member, an open internship position and a student."""
    company, member = company_with_member()
    position = factories.PositionFactory(company=company, kind="internship",
                                         start_date=date(2026, 6, 1), end_date=date(2026, 8, 31),
                                         pay_min=15000, pay_max=18000, mode="hybrid",
                                         site="innocentre")
    student = factories.StudentProfileFactory()
    return company, member, position, student


def _apply(student, position, data=None, name="cv.pdf"):
    return services.apply_to_position(student=student, position=position, note=" Hello ",
                                      cv_stream=io.BytesIO(pdf_bytes() if data is None else data),
                                      cv_filename=name)


def test_apply_stores_cv_under_a_random_name_outside_static(app, db, setup):
    _company, member, position, student = setup
    application, created = _apply(student, position, name="My CV (final).pdf")
    assert created and application.status == "submitted" and application.note == "Hello"
    assert application.cv_path.startswith("cv/") and "My" not in application.cv_path
    assert application.cv_filename == "My_CV_final.pdf"
    stored = os.path.join(app.config["UPLOAD_FOLDER"], application.cv_path)
    with open(stored, "rb") as handle:
        assert handle.read().startswith(b"%PDF-")
    assert "static" not in os.path.relpath(stored, app.root_path).split(os.sep)[:1]
    assert _count(db, Notification, Notification.user_id == member.id) == 1
    assert _count(db, OutboxMail, OutboxMail.recipient == member.email) == 1
    assert _count(db, AuditLog, AuditLog.action == "application.submitted") == 1


def test_double_submission_returns_the_live_application(app, db, setup):
    _company, _member, position, student = setup
    first, _ = _apply(student, position)
    files = os.listdir(os.path.join(app.config["UPLOAD_FOLDER"], "cv"))
    again, created = _apply(student, position)
    assert again.id == first.id and created is False
    assert _count(db, Application) == 1
    assert os.listdir(os.path.join(app.config["UPLOAD_FOLDER"], "cv")) == files


def test_a_closed_application_allows_a_new_one(db, setup):
    _company, _member, position, student = setup
    factories.ApplicationFactory(student=student, position=position, status="withdrawn")
    _application, created = _apply(student, position)
    assert created and _count(db, Application) == 2


@pytest.mark.parametrize(("data", "message"), [
    (b"MZ\x90\x00 this is an exe renamed to .pdf", "not a PDF"),
    (b"%PDF-1.4 truncated without an end marker", "not a PDF"),
    (b"", "empty"),
])
def test_cv_checked_by_content(db, setup, data, message):
    _company, _member, position, student = setup
    with pytest.raises(DomainError) as error:
        _apply(student, position, data=data, name="cv.pdf")
    assert error.value.field == "cv" and message in str(error.value)
    assert _count(db, Application) == 0


def test_cv_over_five_megabytes_refused(app, db, setup):
    _company, _member, position, student = setup
    with pytest.raises(DomainError, match="larger than 5 MB") as error:
        _apply(student, position, data=pdf_bytes(app.config["CV_MAX_BYTES"] + 10))
    assert error.value.field == "cv" and _count(db, Application) == 0


def test_cv_of_exactly_the_limit_accepted(app, db, setup):
    _company, _member, position, student = setup
    data = pdf_bytes(app.config["CV_MAX_BYTES"] - 100)
    assert len(data) <= app.config["CV_MAX_BYTES"]
    _application, created = _apply(student, position, data=data)
    assert created


@pytest.mark.parametrize("change", [
    {"status": "closed"}, {"status": "draft"}, {"company_status": "suspended"},
    {"company_status": "pending"}, {"deadline": date.today() - timedelta(days=1)},
])
def test_cannot_apply_to_unavailable_positions(db, setup, change):
    company, _member, position, student = setup
    if "company_status" in change:
        company.vetting_status = change["company_status"]
    if "status" in change:
        position.status = change["status"]
    if "deadline" in change:
        position.deadline = change["deadline"]
    with pytest.raises(DomainError):
        _apply(student, position)
    assert _count(db, Application) == 0


def _all_moves():
    for actor in ("company", "student"):
        for source in STATUSES:
            for target in STATUSES:
                if source != target:
                    yield pytest.param(actor, source, target, id=f"{actor}:{source}->{target}")


@pytest.mark.parametrize(("actor_role", "source", "target"), list(_all_moves()))
def test_every_transition_allowed_or_refused(db, setup, actor_role, source, target):
    """Each pair of statuses, for each actor: the table decides, and allowed moves are
    time-stamped, audited and notified to the other side."""
    _company, member, position, student = setup
    position.kind = "graduate"  # internships are checked separately
    application = factories.ApplicationFactory(student=student, position=position,
                                               status=source)
    actor = member if actor_role == "company" else student.user
    other = student.user if actor_role == "company" else member
    allowed = target in services.TRANSITIONS[actor_role].get(source, ())
    if not allowed:
        with pytest.raises(DomainError, match="cannot be moved"):
            services.move_application(application=application, to=target, actor=actor)
        assert application.status == source
        return
    reason = "skills" if target == "rejected" else None  # a company's rejection names why
    assert services.move_application(application=application, to=target, actor=actor,
                                     reason=reason)
    assert application.status == target
    assert getattr(application, f"{target}_at") is not None
    assert _count(db, AuditLog, AuditLog.action == f"application.{target}",
                  AuditLog.actor_id == actor.id) == 1
    assert _count(db, Notification, Notification.user_id == other.id) == 1
    assert _count(db, OutboxMail, OutboxMail.recipient == other.email) == 1
    assert _count(db, Notification, Notification.user_id == actor.id) == 0


def test_the_table_matches_the_pipeline():
    company, student = services.TRANSITIONS["company"], services.TRANSITIONS["student"]
    assert company["submitted"] == {"shortlisted", "rejected"}
    assert company["shortlisted"] == {"interview", "rejected"}
    assert company["interview"] == {"offered", "rejected"}
    for step in services.OPEN_STEPS:
        assert "rejected" in company[step] and "withdrawn" in student[step]
    assert student["offered"] == {"accepted", "declined", "withdrawn"}
    for final in ("accepted", "declined", "rejected", "withdrawn"):
        assert final not in company and final not in student


def test_repeated_move_is_idempotent(db, setup):
    _company, member, position, student = setup
    application = factories.ApplicationFactory(student=student, position=position,
                                               status="shortlisted")
    assert services.move_application(application=application, to="shortlisted",
                                     actor=member) is False
    assert _count(db, AuditLog) == 0 and _count(db, Notification) == 0


@pytest.mark.parametrize("status", ["suspended", "pending"])
def test_unverified_company_cannot_move_applicants(db, setup, status):
    company, member, position, student = setup
    application = factories.ApplicationFactory(student=student, position=position)
    company.vetting_status = status
    company.vetting_reason = "Licence under review" if status == "suspended" else None
    with pytest.raises(DomainError) as error:
        services.move_application(application=application, to="shortlisted", actor=member)
    assert ("suspended" in str(error.value)) == (status == "suspended")
    assert application.status == "submitted"


def test_student_still_withdraws_from_a_suspended_company(db, setup):
    company, _member, position, student = setup
    application = factories.ApplicationFactory(student=student, position=position)
    company.vetting_status = "suspended"
    assert services.move_application(application=application, to="withdrawn",
                                     actor=student.user)


def test_accepting_an_internship_offer_creates_a_confirmed_internship(db, setup):
    company, _member, position, student = setup
    application = factories.ApplicationFactory(student=student, position=position,
                                               status="offered")
    services.move_application(application=application, to="accepted", actor=student.user)
    internship = db.session.scalar(select(Internship))
    assert internship.status == "confirmed" and internship.source == "offer"
    assert internship.application_id == application.id
    assert internship.position_id == position.id and internship.company_id == company.id
    assert (internship.start_date, internship.end_date) == (date(2026, 6, 1), date(2026, 8, 31))
    assert internship.stipend_monthly == 15000 and internship.paid
    assert (internship.mode, internship.site) == ("hybrid", "innocentre")
    assert internship.confirmed_at is not None and internship.student_id == student.id
    # a second call never makes a second internship
    assert services.create_internship_from_offer(application=application).id == internship.id
    assert _count(db, Internship) == 1


def test_accepting_a_graduate_offer_creates_no_internship(db, setup):
    _company, _member, position, student = setup
    position.kind = "graduate"
    application = factories.ApplicationFactory(student=student, position=position,
                                               status="offered")
    services.move_application(application=application, to="accepted", actor=student.user)
    assert _count(db, Internship) == 0


def test_cannot_withdraw_after_accepting(db, setup):
    _company, _member, position, student = setup
    application = factories.ApplicationFactory(student=student, position=position,
                                               status="accepted")
    with pytest.raises(DomainError):
        services.move_application(application=application, to="withdrawn", actor=student.user)


def test_bulk_shortlist_moves_all(db, setup):
    _company, member, position, _student = setup
    apps = [factories.ApplicationFactory(position=position) for _ in range(3)]
    assert services.bulk_move(applications=apps, to="shortlisted", actor=member) == 3
    assert {a.status for a in apps} == {"shortlisted"}


def test_bulk_is_all_or_nothing(db, setup):
    _company, member, position, _student = setup
    ok = factories.ApplicationFactory(position=position)
    stuck = factories.ApplicationFactory(position=position, status="withdrawn")
    with pytest.raises(DomainError, match="Nothing was changed") as error:
        services.bulk_move(applications=[ok, stuck], to="shortlisted", actor=member)
    assert stuck.student.user.full_name in str(error.value)
    assert ok.status == "submitted" and _count(db, AuditLog) == 0


def test_bulk_only_shortlist_or_reject(db, setup):
    _company, member, position, _student = setup
    app_ = factories.ApplicationFactory(position=position, status="interview")
    with pytest.raises(DomainError):
        services.bulk_move(applications=[app_], to="offered", actor=member)
