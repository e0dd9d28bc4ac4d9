"""Fixtures for feedback tests: the eight competencies and a finished internship."""

from __future__ import annotations

import pytest

from foundry.models.base import utcnow
from tests import factories

COMPETENCIES = ("Career & Self-Development", "Communication", "Critical Thinking",
                "Equity & Inclusion", "Leadership", "Professionalism", "Teamwork", "Technology")


@pytest.fixture()
def competencies(db):
    """The eight career-readiness competencies (plus a retired one that must not show)."""
    skills = [factories.SkillFactory(name=name, kind="competency", cluster=None)
              for name in COMPETENCIES]
    factories.SkillFactory(name="Retired Competency", kind="competency", cluster=None,
                           active=False)
    return skills


@pytest.fixture()
def finished(db, competencies):
    """A completed internship from a position that required Python, with its company member."""
    member = factories.CompanyMemberFactory(user__full_name="Ada Member")
    python = factories.SkillFactory(name="Python")
    position = factories.PositionFactory(company=member.company)
    factories.PositionSkillFactory(position=position, skill=python, required_level=4)
    internship = factories.InternshipFactory(
        company=member.company, position=position, status="completed",
        completed_at=utcnow(), student__user__full_name="Kit Tsang")
    return internship, member, python
