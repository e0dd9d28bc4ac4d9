"""`flask seed demo`: logins work, every home page renders, the data respects the domain."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pyotp
import pytest
from sqlalchemy import func, select

from foundry.extensions import cache, limiter
from foundry.extensions import db as _db
from foundry.models import (
    Application,
    Company,
    Event,
    EventCompany,
    EventFeedback,
    EventRegistration,
    EventSession,
    GraduateOutcome,
    Internship,
    MentoringSession,
    MentorProfile,
    Mentorship,
    Notification,
    Position,
    SessionBooking,
    SkillFeedback,
    SkillRating,
    StudentProfile,
    StudentSkill,
    TalentProgramme,
    UniversityDomain,
    User,
)
from foundry.models.choices import (
    APPLICATION_STATUSES,
    CLUSTERS,
    INTERNSHIP_COUNTED,
    INTERNSHIP_STATUSES,
    cohort_year,
    label,
    values,
)
from foundry.seed import demo
from tests.dbutil import empty_all_tables

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def demo_app(app):
    """The session app with the demo data loaded once for this module; emptied afterwards."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed", "demo"])
        assert result.exit_code == 0, result.output
    yield app
    with app.app_context():
        empty_all_tables(_db)
        cache.clear()
    limiter.reset()


def scalar(stmt):
    """One value from the database."""
    return _db.session.scalar(stmt)


def user_id(email: str) -> int:
    return scalar(select(User.id).where(User.email == email))


def _enrol_through_the_page(client) -> None:
    """The demo dean or admin is sent to set up an authenticator app, and does."""
    home = client.get("/home")
    assert home.status_code == 302 and "/account/two-factor/setup" in home.location
    page = client.get("/account/two-factor/setup").get_data(as_text=True)
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7]{32})<', page).group(1)
    done = client.post("/account/two-factor/setup", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and "Your recovery codes" in done.get_data(as_text=True)


@pytest.mark.parametrize("label", ["student", "graduate", "company", "dean", "admin",
                                   "external", "reviewer"])
def test_every_demo_account_signs_in_and_sees_its_home_page(demo_app, label):
    email = next(e for lbl, e, _n, _w in demo.DEMO_ACCOUNTS if lbl == label)
    client = demo_app.test_client()
    response = client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/home")
    if label in ("dean", "admin"):  # two-factor sign-in is set up at the first sign-in
        _enrol_through_the_page(client)
    # A reviewer's home is their review queue.
    page = client.get("/home", follow_redirects=label == "reviewer")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    if label == "external":
        assert "Global Internship Programme" in text and "Submitted" in text
    if label == "reviewer":
        assert "Applications to review" in text and "Global Internship Programme" in text
    name = next(n for lbl, _e, n, _w in demo.DEMO_ACCOUNTS if lbl == label)
    if label != "dean":
        assert name.split()[0] in text or demo.DEMO_COMPANY in text
    if label == "company":
        assert demo.DEMO_COMPANY in text
        assert "1 internship is waiting for your confirmation" in text
    if label == "student":
        assert "Offered" in text and "Completed" in text
    limiter.reset()


def test_the_demo_student_has_rich_data(demo_app):
    with demo_app.app_context():
        student = scalar(select(StudentProfile).join(User).where(
            User.email == demo.STUDENT_EMAIL))
        assert student.cohort_year == 2027
        assert student.university.code == "HKUST"
        assert student.faculty.name == "School of Engineering"
        statuses = set(_db.session.scalars(select(Application.status).where(
            Application.student_id == student.id)))
        assert {"offered", "accepted", "interview", "submitted", "rejected"} <= statuses
        done = scalar(select(Internship).where(Internship.student_id == student.id,
                                               Internship.status == "completed"))
        assert done.feedback is not None and len(done.feedback.ratings) >= 10
        mentorship = scalar(select(Mentorship).where(Mentorship.student_id == student.id,
                                                     Mentorship.status == "active"))
        assert len(mentorship.sessions) >= 3
        assert scalar(select(func.count()).select_from(StudentSkill).where(
            StudentSkill.student_id == student.id)) >= 5
        assert scalar(select(func.count()).select_from(EventRegistration).where(
            EventRegistration.student_id == student.id)) >= 1


def test_the_demo_company_has_every_pipeline_stage_interns_and_a_mentor(demo_app):
    with demo_app.app_context():
        company = scalar(select(Company).where(Company.name == demo.DEMO_COMPANY))
        assert company.vetting_status == "verified" and company.cluster == "ai_robotics"
        statuses = set(_db.session.scalars(
            select(Application.status).join(Position).where(Position.company_id == company.id)))
        assert statuses == set(values(APPLICATION_STATUSES))
        assert scalar(select(func.count()).select_from(Position).where(
            Position.company_id == company.id, Position.status == "open")) >= 2
        interns = set(_db.session.scalars(select(Internship.status).where(
            Internship.company_id == company.id)))
        assert {"pending", "completed", "confirmed"} <= interns
        assert scalar(select(MentorProfile).where(
            MentorProfile.user_id == user_id(demo.COMPANY_EMAIL))) is not None


def test_the_demo_graduate_has_an_outcome_and_the_dean_sees_hkust(demo_app):
    with demo_app.app_context():
        graduate = scalar(select(StudentProfile).join(User).where(
            User.email == demo.GRADUATE_EMAIL))
        assert graduate.cohort_year == 2026 and graduate.actual_graduation is not None
        outcome = scalar(select(GraduateOutcome).where(GraduateOutcome.student_id == graduate.id,
                                                       GraduateOutcome.is_current.is_(True)))
        assert outcome.category == "employed_full_time"
        assert outcome.employer_company.name == demo.DEMO_COMPANY
        dean = scalar(select(User).where(User.email == demo.DEAN_EMAIL))
        assert dean.role == "dean" and dean.dean_assignment.university.code == "HKUST"
        assert dean.dean_assignment.faculty_id is None


def test_volumes_and_mix_look_like_a_real_programme(demo_app):
    with demo_app.app_context():
        def students(*cohorts):
            return scalar(select(func.count()).select_from(StudentProfile).where(
                StudentProfile.cohort_year.in_(cohorts)))
        assert 1400 <= students(2022, 2023, 2024, 2025, 2026) <= 1600
        assert 250 <= students(2027, 2028) <= 350
        assert 100 <= scalar(select(func.count()).select_from(Company)) <= 140
        assert set(_db.session.scalars(select(Internship.status).distinct())) == set(
            values(INTERNSHIP_STATUSES))
        assert set(_db.session.scalars(select(Mentorship.status).distinct())) >= {
            "requested", "active", "closed"}
        for cohort in (2022, 2024, 2026):
            interned = scalar(select(func.count(func.distinct(Internship.student_id)))
                              .join(StudentProfile).where(
                                  StudentProfile.cohort_year == cohort,
                                  Internship.status.in_(INTERNSHIP_COUNTED)))
            assert 0.4 <= interned / students(cohort) <= 0.6
        graduates = students(2022, 2023, 2024, 2025, 2026)
        current = select(GraduateOutcome.category, func.count()).where(
            GraduateOutcome.is_current.is_(True)).group_by(GraduateOutcome.category)
        mix = dict(_db.session.execute(current).all())
        known = sum(n for c, n in mix.items() if c != "no_information")
        assert 0.6 <= mix["employed_full_time"] / known <= 0.8
        assert 0.1 <= mix["further_study"] / known <= 0.22
        assert 0.15 <= 1 - known / graduates <= 0.25
        event = scalar(select(Event).where(Event.name == "AI in Action Career Day 2025"))
        assert event.mode == "hybrid" and event.starts_at.year == 2025
        assert scalar(select(func.count()).select_from(EventCompany).where(
            EventCompany.event_id == event.id)) >= 40
        registrations = scalar(select(func.count()).select_from(EventRegistration).where(
            EventRegistration.event_id == event.id))
        assert 550 <= registrations <= 650
        # The career day's positions belong to its programme and are open to everyone.
        assert scalar(select(func.count()).select_from(Position).join(Position.programme).where(
            Position.event_id == event.id, Position.audience == "open",
            TalentProgramme.name == "AI in Action Career Day")) >= 40
        kinds = dict(_db.session.execute(select(EventSession.kind, func.count()).where(
            EventSession.event_id == event.id).group_by(EventSession.kind)).all())
        assert kinds["workshop"] == 2 and kinds["insight"] == 3 and kinds["one_to_one"] >= 60
        assert kinds["booth"] >= 40 and kinds["group"] >= 10
        attended = scalar(select(func.count()).select_from(SessionBooking).where(
            SessionBooking.checked_in_at.is_not(None)))
        online = scalar(select(func.count()).select_from(SessionBooking).where(
            SessionBooking.joined_online_at.is_not(None)))
        assert attended > 50 and online > 50
        assert scalar(select(func.count()).select_from(EventFeedback)) > 50


def test_data_respects_the_domain(demo_app):
    with demo_app.app_context():
        today = date.today()
        # no outcome for students who have not graduated
        assert scalar(select(func.count()).select_from(GraduateOutcome).join(StudentProfile)
                      .where(StudentProfile.cohort_year > 2026)) == 0
        # feedback only on completed internships
        assert scalar(select(func.count()).select_from(SkillFeedback).join(Internship)
                      .where(Internship.status != "completed")) == 0
        assert scalar(select(func.count()).select_from(SkillFeedback).join(Internship)
                      .where(SkillFeedback.submitted_at < Internship.completed_at)) == 0
        assert scalar(select(func.count()).select_from(SkillRating).where(
            (SkillRating.expected < 1) | (SkillRating.observed > 5))) == 0
        # internships from offers point at the accepted application of the same student
        for internship in _db.session.scalars(select(Internship).where(
                Internship.source == "offer")):
            application = _db.session.get(Application, internship.application_id)
            assert application.status == "accepted"
            assert application.student_id == internship.student_id
            assert application.position_id == internship.position_id
            if internship.confirmed_at:
                assert internship.confirmed_at >= application.accepted_at
        # cohort year is the academic year of graduation; e-mails on the university's domain
        # (external talent, issue 8, have neither university nor cohort)
        partner = StudentProfile.university_id.is_not(None)
        for student in _db.session.scalars(select(StudentProfile).where(partner)):
            assert student.cohort_year == cohort_year(student.graduation_date)
        assert scalar(select(func.count()).select_from(StudentProfile).where(
            ~partner, StudentProfile.cohort_year.is_not(None))) == 0
        domains = {d.domain: d.university_id for d in _db.session.scalars(
            select(UniversityDomain))}
        for email, university_id in _db.session.execute(
                select(User.email, StudentProfile.university_id).join(StudentProfile)
                .where(partner)):
            assert domains[email.split("@")[1]] == university_id
        # transition times in order and never in the future
        for a in _db.session.scalars(select(Application)):
            times = [t for t in (a.submitted_at, a.shortlisted_at, a.interview_at,
                                 a.offered_at, a.accepted_at or a.declined_at) if t]
            assert times == sorted(times)
            assert a.updated_at.date() <= today
        assert scalar(select(func.max(MentoringSession.held_on))) <= today
        # some active pairs have gone quiet for more than 60 days
        last = (select(MentoringSession.mentorship_id,
                       func.max(MentoringSession.held_on).label("last"))
                .group_by(MentoringSession.mentorship_id).subquery())
        quiet = scalar(select(func.count()).select_from(Mentorship).join(
            last, last.c.mentorship_id == Mentorship.id).where(
            Mentorship.status == "active", last.c.last < today - timedelta(days=60)))
        assert quiet >= 3


def test_the_demo_student_is_a_mentee_following_clusters(demo_app):
    with demo_app.app_context():
        student = scalar(select(StudentProfile).join(User).where(
            User.email == demo.STUDENT_EMAIL))
        assert student.mentee_opt_in and student.mentee_goals
        assert label(CLUSTERS, "ai_robotics") in student.mentee_interests
        assert {c.cluster for c in student.followed_clusters} == {"ai_robotics",
                                                                   "microelectronics"}


@pytest.mark.parametrize("email", [demo.STUDENT_EMAIL, demo.COMPANY_EMAIL])
def test_demo_inboxes_have_read_and_unread_notifications_whose_links_open(demo_app, email):
    with demo_app.app_context():
        notes = list(_db.session.scalars(select(Notification).where(
            Notification.user_id == user_id(email))))
        links = [n.link for n in notes]
        assert len(notes) >= 3 and any(n.read_at is None for n in notes)
        assert any(n.read_at is not None for n in notes)
        assert all(n.created_at.date() <= date.today() for n in notes)
        if email == demo.STUDENT_EMAIL:
            assert any("offer" in n.message for n in notes)
            assert any("interview" in n.message for n in notes)
            assert any("feedback" in n.message for n in notes)
    client = demo_app.test_client()
    client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD})
    for link in links:
        assert client.get(link).status_code == 200, link
    limiter.reset()


def test_seeded_texts_use_display_names(demo_app):
    with demo_app.app_context():
        expertise = list(_db.session.scalars(select(MentorProfile.expertise)))
        assert all("_" not in e and "careers in ai " not in e for e in expertise)
        assert any(f"careers in {label(CLUSTERS, 'ai_robotics')}." in e for e in expertise)
        for text in _db.session.scalars(select(Position.description)):
            for raw in (" iot ", " r&d", " nlp ", " ai ", " pcb ", " fpga ", " gmp ", " bim "):
                assert raw not in text, (raw, text)


def test_the_demo_has_a_running_campaign_whose_mailed_links_open(demo_app):
    """A running HKUST engineering campaign: invitations in the outbox, some answers in."""
    import re

    from foundry.campaigns.queries import progress
    from foundry.models import OutboxMail, SurveyCampaign

    with demo_app.app_context():
        campaign = scalar(select(SurveyCampaign))
        assert campaign is not None and campaign.is_open(date.today())
        assert campaign.faculty.name == "School of Engineering"
        _rows, total = progress(campaign)
        assert total.graduates > 20 and total.invited == total.graduates - total.no_address
        assert 0 < total.answered < total.invited
        mail = scalar(select(OutboxMail).where(OutboxMail.subject.contains("graduate survey"))
                      .limit(1))
        path = "/" + re.search(r"https?://\S+/(survey/\S+)", mail.body).group(1)
        assert demo_app.test_client().get(path).status_code == 200


def test_the_demo_has_offers_with_terms_and_a_cv_library(demo_app):
    """Issue 14's comforts show in the demo: two offers with pay, start and reply-by (not yet
    lapsed), and the demo student's two library CVs, one sent with their offered application."""
    from foundry.applications import cv
    from foundry.models import CvFile

    with demo_app.app_context():
        today = date.today()
        offers = _db.session.scalars(select(Application).where(
            Application.status == "offered", Application.offer_reply_by.is_not(None))).all()
        assert len(offers) >= 2
        assert {a.offer_pay_kind for a in offers} == {"salary", "stipend"}
        for offer in offers:
            assert offer.offer_amount > 0 and offer.offer_pay_period == "month"
            assert today <= offer.offer_reply_by <= offer.offer_start_date
            assert offer.offer_lapsed_at is None
        student = scalar(select(StudentProfile).join(User).where(
            User.email == demo.STUDENT_EMAIL))
        library = _db.session.scalars(select(CvFile).where(CvFile.student_id == student.id)
                                      .order_by(CvFile.uploaded_at)).all()
        assert [c.label for c in library] == ["Embedded AI roles", "Robot perception roles"]
        assert all(cv.read_cv(c.storage_key).startswith(b"%PDF-") for c in library)
        mine = next(a for a in offers if a.student_id == student.id)
        assert mine.offer_pay_kind == "salary" and mine.cv_file_id == library[0].id
        assert mine.cv_path == library[0].storage_key
