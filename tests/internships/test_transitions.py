"""The one transition table: every action × side × status, and what each move records."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from foundry.common.errors import DomainError
from foundry.internships import services
from foundry.models import AuditLog, Notification
from foundry.models.choices import INTERNSHIP_STATUSES, values
from tests import factories

pytestmark = pytest.mark.usefixtures("request_ctx")

SIDES = ("student", "company", "supervisor", "admin")
EXPECTED = {  # (action, side) → from-status → to-status
    ("confirm", s): ("pending", "confirmed") for s in ("company", "supervisor", "admin")
} | {
    ("dispute", s): ("pending", "disputed") for s in ("company", "supervisor", "admin")
} | {
    ("complete", s): ("confirmed", "completed") for s in ("student", "company", "admin")
} | {
    ("end_early", s): ("confirmed", "ended_early") for s in ("student", "company", "admin")
}


@pytest.mark.parametrize(("action", "side", "status"), list(itertools.product(
    services.TRANSITIONS, SIDES, values(INTERNSHIP_STATUSES))))
def test_every_transition_is_allowed_or_refused(db, action, side, status):
    internship = factories.InternshipFactory(status=status, supervisor_email="boss@x.example")
    actor = None if side == "supervisor" else factories.UserFactory(role="admin")
    rule = EXPECTED.get((action, side))
    if rule is not None and rule[0] == status:
        services.transition_internship(internship=internship, action=action, side=side,
                                       actor=actor, reason="Not our intern")
        assert internship.status == rule[1]
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == f"internship.{action}"))
        assert entry.details["from"] == status and entry.details["to"] == rule[1]
        assert entry.details["side"] == side
    else:
        with pytest.raises(DomainError):
            services.transition_internship(internship=internship, action=action, side=side,
                                           actor=actor, reason="Not our intern")
        assert internship.status == status


def test_table_matches_what_the_tests_expect():
    table = {(a, s): (rule.sources[0], rule.target)
             for a, rule in services.TRANSITIONS.items() for s in rule.sides}
    assert table == EXPECTED


def test_unknown_action_is_refused(db):
    internship = factories.InternshipFactory(status="pending")
    with pytest.raises(DomainError):
        services.transition_internship(internship=internship, action="delete", side="admin",
                                       actor=None)


def test_company_confirms_records_who_and_tells_the_student(db):
    member = factories.CompanyMemberFactory()
    internship = factories.InternshipFactory(status="pending", company=member.company)
    services.transition_internship(internship=internship, action="confirm", side="company",
                                   actor=member.user)
    assert internship.confirmed_by_id == member.user_id and internship.confirmed_at
    note = db.session.scalar(select(Notification).where(
        Notification.user_id == internship.student.user_id))
    assert "Confirmed" in note.message


def test_dispute_needs_a_reason_and_keeps_it(db):
    member = factories.CompanyMemberFactory()
    internship = factories.InternshipFactory(status="pending", company=member.company)
    with pytest.raises(DomainError) as error:
        services.transition_internship(internship=internship, action="dispute", side="company",
                                       actor=member.user, reason="   ")
    assert error.value.field == "reason" and internship.status == "pending"
    services.transition_internship(internship=internship, action="dispute", side="company",
                                   actor=member.user, reason="We never hired this student.")
    assert internship.dispute_reason == "We never hired this student."


@pytest.mark.parametrize("action", ["complete", "end_early"])
def test_finishing_asks_every_company_member_for_feedback(db, action):
    company = factories.CompanyFactory()
    members = factories.CompanyMemberFactory.create_batch(2, company=company)
    internship = factories.InternshipFactory(status="confirmed", company=company)
    services.transition_internship(internship=internship, action=action, side="student",
                                   actor=internship.student.user)
    assert internship.completed_at is not None
    for member in members:
        note = db.session.scalar(select(Notification).where(
            Notification.user_id == member.user_id))
        assert "feedback" in note.message
        assert note.link.endswith(f"/internships/{internship.id}/feedback")


def test_a_suspended_company_cannot_act(db):
    member = factories.CompanyMemberFactory(company__vetting_status="suspended")
    internship = factories.InternshipFactory(status="pending", company=member.company)
    with pytest.raises(DomainError, match="suspended"):
        services.transition_internship(internship=internship, action="confirm",
                                       side="company", actor=member.user)
    assert internship.status == "pending"


def test_allowed_actions_follow_the_table(db):
    internship = factories.InternshipFactory(status="pending")
    assert services.allowed_actions(internship, "company") == ["confirm", "dispute"]
    assert services.allowed_actions(internship, "student") == []
    internship.status = "confirmed"
    assert services.allowed_actions(internship, "student") == ["complete", "end_early"]
    assert services.allowed_actions(internship, None) == []


def test_admin_links_a_typed_company_name(db):
    member = factories.CompanyMemberFactory()
    internship = factories.InternshipFactory(status="pending", company=None,
                                             company_name="Typed Name Ltd")
    services.link_company(internship=internship, company=member.company)
    assert internship.company_id == member.company_id and internship.company_name is None
    entry = db.session.scalar(select(AuditLog).where(
        AuditLog.action == "internship.link_company"))
    assert entry.details["company_name"] == "Typed Name Ltd"
    assert db.session.scalar(select(Notification).where(Notification.user_id == member.user_id))
    with pytest.raises(DomainError):
        services.link_company(internship=internship, company=factories.CompanyFactory())
