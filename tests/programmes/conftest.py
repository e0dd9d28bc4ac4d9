"""A small GIP: four open positions at two companies, skills, reviewers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from foundry.models import Position, TalentProgramme, User
from tests import factories


@dataclass
class Gip:
    programme: TalentProgramme
    positions: list[Position]
    members: list[User]
    reviewers: list[User]


@pytest.fixture()
def gip(db) -> Gip:
    programme = factories.TalentProgrammeFactory(name="Global Internship Programme 2027")
    python = factories.SkillFactory(name="Python")
    companies = [factories.CompanyFactory(name="Harbour AI Limited"),
                 factories.CompanyFactory(name="Pearl Bio Limited", cluster="healthtech")]
    members = [factories.CompanyMemberFactory(company=c).user for c in companies]
    positions = []
    for i, (company, cluster) in enumerate(((companies[0], "ai_robotics"),
                                            (companies[0], "fintech"),
                                            (companies[1], "healthtech"),
                                            (companies[1], "healthtech"))):
        position = factories.PositionFactory(company=company, cluster=cluster, audience="open",
                                             programme=programme, title=f"GIP Intern {i + 1}")
        factories.PositionSkillFactory(position=position, skill=python, required_level=3)
        positions.append(position)
    reviewers = [factories.UserFactory(role="reviewer", full_name="Rita Reviewer"),
                 factories.UserFactory(role="admin", full_name="Adam Admin")]
    for user in reviewers:
        factories.ProgrammeReviewerFactory(programme=programme, user=user)
    db.session.commit()
    return Gip(programme, positions, members, reviewers)


def apply_with(client, gip: Gip, *ranks: int, **changes):
    """Post a programme application choosing these positions (1-based) in this order."""
    from tests.applications.helpers import pdf_bytes, upload

    data = {"statement": "I want to build AI for health.", "available_from": "2027-06-01",
            "available_to": "2027-08-31", "cv": upload(pdf_bytes())}
    for i, rank in enumerate(ranks):
        data[f"preferences-{i}"] = str(gip.positions[rank - 1].id)
    data.update(changes)
    return client.post(f"/programmes/{gip.programme.id}/application", data=data,
                       content_type="multipart/form-data")
