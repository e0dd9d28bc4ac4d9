"""One factory per model (factory_boy), flushing into the Flask-SQLAlchemy session.

Users get a password hash computed once, so creating hundreds of users stays fast.
Password for every factory user: tests.factories.PASSWORD.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

import factory
from werkzeug.security import generate_password_hash

from foundry.extensions import db
from foundry.models import (
    Application,
    Company,
    CompanyMember,
    DeanAssignment,
    Event,
    EventCompany,
    EventRegistration,
    EventSession,
    Faculty,
    GraduateOutcome,
    Internship,
    MentoringSession,
    MentorProfile,
    Mentorship,
    Position,
    PositionSkill,
    Programme,
    SessionBooking,
    Skill,
    SkillFeedback,
    SkillRating,
    StudentProfile,
    StudentSkill,
    University,
    UniversityDomain,
    User,
)
from foundry.models.base import utcnow
from foundry.models.choices import cohort_year
from foundry.models.programmes import (
    ProgrammeApplication,
    ProgrammePreference,
    ProgrammeReviewer,
    TalentProgramme,
)
from foundry.models.talent import ExternalProfile

PASSWORD = "correct-horse-battery-staple"


@cache
def password_hash() -> str:
    """The hash of PASSWORD, computed once per test run."""
    return generate_password_hash(PASSWORD, method="scrypt")


class Base(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class UniversityFactory(Base):
    class Meta:
        model = University

    code = factory.Sequence(lambda n: f"U{n}")
    name = factory.Sequence(lambda n: f"University {n}")
    domains = factory.LazyAttribute(lambda o: [UniversityDomain(domain=f"{o.code.lower()}.edu.hk")])


class FacultyFactory(Base):
    class Meta:
        model = Faculty

    university = factory.SubFactory(UniversityFactory)
    name = factory.Sequence(lambda n: f"Faculty of Engineering {n}")


class ProgrammeFactory(Base):
    class Meta:
        model = Programme

    faculty = factory.SubFactory(FacultyFactory)
    name = factory.Sequence(lambda n: f"BEng Computer Engineering {n}")
    degree_level = "bachelor"


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    role = "student"
    password_hash = factory.LazyFunction(password_hash)
    active = True
    email_verified_at = factory.LazyFunction(utcnow)


class StudentProfileFactory(Base):
    class Meta:
        model = StudentProfile

    user = factory.SubFactory(UserFactory, role="student")
    faculty = factory.SubFactory(FacultyFactory)
    university = factory.SelfAttribute("faculty.university")
    programme = None
    student_number = factory.Sequence(lambda n: f"S{n:07d}")
    expected_graduation = date(2025, 6, 30)
    actual_graduation = None
    cohort_year = factory.LazyAttribute(
        lambda o: cohort_year(o.actual_graduation or o.expected_graduation))


class CompanyFactory(Base):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n} Limited")
    cluster = "ai_robotics"
    site = "science_park"
    size_band = "11-50"
    is_startup = True
    vetting_status = "verified"


class CompanyMemberFactory(Base):
    class Meta:
        model = CompanyMember

    user = factory.SubFactory(UserFactory, role="company")
    company = factory.SubFactory(CompanyFactory)
    job_title = "Talent Lead"


class DeanAssignmentFactory(Base):
    class Meta:
        model = DeanAssignment

    user = factory.SubFactory(UserFactory, role="dean")
    university = factory.SubFactory(UniversityFactory)
    faculty = None
    title = "Associate Dean"


class SkillFactory(Base):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n}")
    kind = "technical"
    cluster = "ai_robotics"
    active = True


class StudentSkillFactory(Base):
    class Meta:
        model = StudentSkill

    student_id = factory.LazyAttribute(lambda o: StudentProfileFactory().id)
    skill = factory.SubFactory(SkillFactory)
    level = 3


class PositionFactory(Base):
    class Meta:
        model = Position

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Machine Learning Intern {n}")
    description = "Work with our team on real problems."
    kind = "internship"
    cluster = "ai_robotics"
    site = "science_park"
    mode = "onsite"
    paid = True
    pay_min = 12000
    pay_max = 16000
    pay_period = "month"
    openings = 2
    deadline = factory.LazyFunction(lambda: date.today() + timedelta(days=30))
    start_date = factory.LazyFunction(lambda: date.today() + timedelta(days=60))
    end_date = factory.LazyFunction(lambda: date.today() + timedelta(days=150))
    status = "open"


class PositionSkillFactory(Base):
    class Meta:
        model = PositionSkill

    position = factory.SubFactory(PositionFactory)
    skill = factory.SubFactory(SkillFactory)
    required_level = 3


class ApplicationFactory(Base):
    class Meta:
        model = Application

    student = factory.SubFactory(StudentProfileFactory)
    position = factory.SubFactory(PositionFactory)
    status = "submitted"
    note = "I would love to join."


class InternshipFactory(Base):
    class Meta:
        model = Internship

    student = factory.SubFactory(StudentProfileFactory)
    company = factory.SubFactory(CompanyFactory)
    title = "Data Science Intern"
    start_date = date(2024, 6, 1)
    end_date = date(2024, 8, 31)
    hours_per_week = 40
    paid = True
    stipend_monthly = 14000
    mode = "onsite"
    site = "science_park"
    status = "confirmed"
    source = "logged"


class SkillFeedbackFactory(Base):
    class Meta:
        model = SkillFeedback

    internship = factory.SubFactory(InternshipFactory, status="completed")
    overall_comment = "Solid contributor."
    return_offer = False


class SkillRatingFactory(Base):
    class Meta:
        model = SkillRating

    feedback = factory.SubFactory(SkillFeedbackFactory)
    skill = factory.SubFactory(SkillFactory)
    expected = 4
    observed = 3


class MentorProfileFactory(Base):
    class Meta:
        model = MentorProfile

    user = factory.SubFactory(UserFactory, role="company")
    expertise = "Machine learning in production"
    capacity = 3


class MentorshipFactory(Base):
    class Meta:
        model = Mentorship

    mentor = factory.SubFactory(MentorProfileFactory)
    student = factory.SubFactory(StudentProfileFactory)
    status = "active"
    goals = "Prepare for ML engineering interviews."
    started_at = factory.LazyFunction(datetime.now)


class MentoringSessionFactory(Base):
    class Meta:
        model = MentoringSession

    mentorship = factory.SubFactory(MentorshipFactory)
    held_on = factory.LazyFunction(date.today)
    minutes = 45
    mode = "video"
    topics = "CV review"


class GraduateOutcomeFactory(Base):
    class Meta:
        model = GraduateOutcome

    student = factory.SubFactory(StudentProfileFactory)
    category = "employed_full_time"
    employer_name = "Acme Robotics Limited"
    job_title = "Software Engineer"
    location = "hong_kong"
    annual_salary = 360000
    outcome_date = date(2025, 10, 1)
    source = "survey"
    is_current = True


class EventFactory(Base):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"AI in Action Career Day {n}")
    kind = "career_day"
    mode = "hybrid"
    starts_at = factory.LazyFunction(lambda: datetime.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=6))
    venue = "Hong Kong Science Park, Pak Shek Kok"
    capacity = 500


class EventRegistrationFactory(Base):
    class Meta:
        model = EventRegistration

    event = factory.SubFactory(EventFactory)
    student = factory.SubFactory(StudentProfileFactory)
    code = factory.Sequence(lambda n: f"REG{n:08d}")


class ExternalProfileFactory(Base):
    class Meta:
        model = ExternalProfile

    institution = "University of Toronto"
    country = "CA"
    degree_level = "master"
    field_of_study = "Computer Science"
    years_experience = None
    current_location = "Toronto, Canada"
    needs_visa = True


def external_talent(*, country: str = "CA", **kwargs) -> StudentProfile:
    """An external person's talent profile (no university, faculty or cohort)."""
    user = UserFactory(role="external", **kwargs)
    student = StudentProfile(user=user, university_id=None, faculty_id=None,
                             expected_graduation=date(2026, 6, 30), cohort_year=None)
    db.session.add(student)
    db.session.flush()
    ExternalProfileFactory(student=student, country=country)
    return student


class TalentProgrammeFactory(Base):
    class Meta:
        model = TalentProgramme

    name = factory.Sequence(lambda n: f"Global Internship Programme {n}")
    kind = "internship"
    description = "Summer internships at Science Park companies."
    themes = ["ai_robotics", "fintech"]
    eligibility = "both"
    opens_on = factory.LazyFunction(lambda: date.today() - timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: date.today() + timedelta(days=20))
    target_places = 30
    max_preferences = 3
    reviews_needed = 2
    rubric = ["Academic record", "Motivation", "Skills fit"]


class ProgrammeApplicationFactory(Base):
    class Meta:
        model = ProgrammeApplication

    programme = factory.SubFactory(TalentProgrammeFactory)
    student = factory.SubFactory(StudentProfileFactory)
    statement = "I want to build things in Hong Kong."
    stage = "submitted"


class ProgrammePreferenceFactory(Base):
    class Meta:
        model = ProgrammePreference

    application = factory.SubFactory(ProgrammeApplicationFactory)
    rank = 1
    position = factory.SubFactory(PositionFactory, audience="open")


class ProgrammeReviewerFactory(Base):
    class Meta:
        model = ProgrammeReviewer

    programme = factory.SubFactory(TalentProgrammeFactory)
    user = factory.SubFactory(UserFactory, role="reviewer")


class EventSessionFactory(Base):
    class Meta:
        model = EventSession

    event = factory.SubFactory(EventFactory)
    kind = "workshop"
    title = factory.Sequence(lambda n: f"Personal Branding Workshop {n}")
    mode = "onsite"
    room = "Room 1"
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at + timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    capacity = 30


class EventCompanyFactory(Base):
    class Meta:
        model = EventCompany
        exclude = ("event",)

    event = factory.SubFactory(EventFactory)
    event_id = factory.SelfAttribute("event.id")
    company = factory.SubFactory(CompanyFactory)
    status = "approved"


class SessionBookingFactory(Base):
    class Meta:
        model = SessionBooking

    session = factory.SubFactory(EventSessionFactory)
    registration = factory.SubFactory(EventRegistrationFactory,
                                      event=factory.SelfAttribute("..session.event"))
    status = "booked"


def user_with_role(role: str, **kwargs) -> User:
    """A user of a role with the profile the role needs (student profile, company, dean scope)."""
    if role == "student":
        return StudentProfileFactory(**kwargs).user
    if role == "external":
        return external_talent(**kwargs).user
    if role == "reviewer":
        return UserFactory(role="reviewer", **kwargs)
    if role == "company":
        return CompanyMemberFactory(**kwargs).user
    if role == "dean":
        return DeanAssignmentFactory(**kwargs).user
    if role == "admin":
        return UserFactory(role="admin", **kwargs)
    raise ValueError(role)
