"""Helpers for mentoring tests: mentors with known skills, clusters and capacity."""

from __future__ import annotations

import pytest

from foundry.models import MentorCluster, MentorSkill, StudentCluster
from tests import factories


def make_mentor(*, skills=(), clusters=(), capacity=3, active=True, company=None, name=None,
                active_pairs=0):
    """A company member who mentors, with these skills and clusters and some active pairs."""
    member_kwargs = {"company": company} if company is not None else {}
    if name:
        member_kwargs["user__full_name"] = name
    member = factories.CompanyMemberFactory(can_mentor=active, **member_kwargs)
    mentor = factories.MentorProfileFactory(
        user=member.user, capacity=capacity, active=active,
        skills=[MentorSkill(skill_id=s.id) for s in skills],
        clusters=[MentorCluster(cluster=c) for c in clusters])
    for _ in range(active_pairs):
        factories.MentorshipFactory(mentor=mentor, status="active")
    return mentor


def make_mentee(*, skills=(), clusters=(), opt_in=True):
    """A student opted in as mentee with these self-assessed skills and followed clusters."""
    student = factories.StudentProfileFactory(
        mentee_opt_in=opt_in, followed_clusters=[StudentCluster(cluster=c) for c in clusters])
    for skill in skills:
        factories.StudentSkillFactory(student_id=student.id, skill=skill)
    return student


@pytest.fixture()
def mentor_factory(db):
    """make_mentor, inside the db fixture."""
    return make_mentor


@pytest.fixture()
def mentee_factory(db):
    """make_mentee, inside the db fixture."""
    return make_mentee
