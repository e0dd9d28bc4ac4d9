"""A small world for campaign tests: one university, two faculties, graduates of one cohort."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from foundry.campaigns import services
from foundry.models import OutboxMail, StudentProfile, SurveyCampaign, User
from tests import factories

TODAY = date.today()


@dataclass
class World:
    university: object
    engineering: object
    science: object
    graduates: list
    others: list
    dean: User


def make_campaign(world, *, actor=None, faculty=None, **overrides) -> SurveyCampaign:
    """A campaign open from 30 days ago to 30 days ahead (not yet sent)."""
    faculty = world.engineering if faculty is None else faculty
    data = dict(name="Survey", university_id=world.university.id,
                faculty_id=faculty.id if faculty else None,
                cohort_year=world.graduates[0].cohort_year,
                opens_on=TODAY - timedelta(days=30), closes_on=TODAY + timedelta(days=30),
                message_en="Tell us where you are.", message_zh="告訴我們你的去向。",
                reminder_days="7, 21, 45")
    data.update(overrides)
    return services.create_campaign(actor=actor or world.dean,
                                    data=services.CampaignInput(**data))


@pytest.fixture()
def world(db):
    """Four engineering graduates (one in Chinese, one without a password) and two in science."""
    university = factories.UniversityFactory(code="HKUST", name="HKUST")
    engineering = factories.FacultyFactory(university=university, name="School of Engineering")
    science = factories.FacultyFactory(university=university, name="School of Science")
    programme = factories.ProgrammeFactory(faculty=engineering, name="BEng Computer Engineering")
    graduated = TODAY - timedelta(days=60)
    graduates = [factories.StudentProfileFactory(faculty=engineering, programme=programme,
                                                 expected_graduation=graduated)
                 for _ in range(4)]
    graduates[1].user.locale = "zh_Hant"
    graduates[2].user.password_hash = None  # imported by the registrar, never signed in
    others = [factories.StudentProfileFactory(faculty=science, expected_graduation=graduated)
              for _ in range(2)]
    dean = factories.DeanAssignmentFactory(university=university).user
    db.session.commit()
    return World(university, engineering, science, graduates, others, dean)


def mails_to(db, email: str) -> list[OutboxMail]:
    """Outbox mails to one address, oldest first."""
    return db.session.scalars(select(OutboxMail).where(OutboxMail.recipient == email)
                              .order_by(OutboxMail.id)).all()


def link_in(mail: OutboxMail, kind: str = "survey") -> str:
    """The path of the personal (or opt-out) link in a mail."""
    urls = re.findall(r"https?://\S+", mail.body)
    answer = [u for u in urls if "/opt-out" not in u]
    chosen = answer[0] if kind == "survey" else next(u for u in urls if "/opt-out" in u)
    return "/" + chosen.split("/", 3)[3]


def student(db, sid: int) -> StudentProfile:
    return db.session.get(StudentProfile, sid)
