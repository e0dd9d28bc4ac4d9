"""Issue 14: an admin rejects a pending company with a reason category and a note; its members
are told (notification and mail), see the reason when they sign in, cannot act; an admin can
reopen the review."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from foundry.common.errors import DomainError
from foundry.companies import services
from foundry.models import AuditLog, Notification, OutboxMail
from tests import factories


def _reject(client, company, **data):
    return client.post(f"/admin/companies/{company.id}/vetting",
                       data={"status": "rejected"} | data, follow_redirects=True)


def test_rejecting_needs_a_category_and_a_note_and_says_both_at_once(db, request_ctx):
    company = factories.CompanyFactory(vetting_status="pending")
    admin = factories.user_with_role("admin")
    with pytest.raises(DomainError) as error:
        services.set_vetting_status(company=company, status="rejected", reason=" ",
                                    category="", actor=admin)
    assert "reason category" in str(error.value) and "note" in str(error.value)
    with pytest.raises(DomainError):
        services.set_vetting_status(company=company, status="rejected", reason="x",
                                    category="made_up", actor=admin)
    assert company.vetting_status == "pending"


@pytest.mark.parametrize("source", ["verified", "suspended"])
def test_only_a_pending_company_can_be_rejected(db, request_ctx, source):
    company = factories.CompanyFactory(vetting_status=source)
    with pytest.raises(DomainError):
        services.set_vetting_status(company=company, status="rejected", reason="x",
                                    category="other", actor=factories.user_with_role("admin"))


def test_admin_rejects_members_are_told_and_audited(client, login_as, db):
    member = factories.CompanyMemberFactory(company__vetting_status="pending",
                                            company__name="Shell Holdings Limited")
    company = member.company
    login_as("admin")
    page = client.get("/admin/companies?status=pending").get_data(as_text=True)
    assert "Reject" in page and "Not a Science Park company" in page
    refused = _reject(client, company, category="", reason="")
    assert "reason category" in refused.get_data(as_text=True)
    assert company.vetting_status == "pending"
    _reject(client, company, category="not_park_company", reason="No tenancy agreement found.")
    db.session.refresh(company)
    assert company.vetting_status == "rejected" and company.vetting_category == "not_park_company"
    note = db.session.scalar(select(Notification).where(Notification.user_id == member.user_id))
    assert "Not a Science Park company" in note.message and "No tenancy" in note.message
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.recipient == member.user.email))
    assert "No tenancy agreement found." in mail.body
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "company.vetting"))
    assert audit.details["to"] == "rejected" and audit.details["category"] == "not_park_company"
    listed = client.get("/admin/companies?status=rejected").get_data(as_text=True)
    assert "Shell Holdings" in listed and "Reopen" in listed


def test_a_rejected_member_sees_the_reason_and_cannot_act(client, login_as, db):
    member = factories.CompanyMemberFactory(company__vetting_status="rejected",
                                            company__vetting_category="duplicate",
                                            company__vetting_reason="Use the HarbourMind account.")
    login_as(member.user)
    home = client.get("/home")
    text = home.get_data(as_text=True)
    assert home.status_code == 200
    assert "not accepted" in text and "Already registered under another account" in text
    assert "Use the HarbourMind account." in text
    for url in ("/company/positions", "/company/positions/new", "/company/applicants",
                "/mentoring/"):
        assert client.get(url).status_code == 403, url
    assert client.post("/company/profile", data={"description": "x"}).status_code == 403
    assert client.get("/company/profile").status_code == 200
    with pytest.raises(DomainError, match="not accepted"):
        services.ensure_company_can_act(member.company)


def test_admin_reopens_a_rejected_company(client, login_as, db):
    member = factories.CompanyMemberFactory(company__vetting_status="rejected",
                                            company__vetting_category="incomplete",
                                            company__vetting_reason="No website.")
    company = member.company
    login_as("admin")
    client.post(f"/admin/companies/{company.id}/vetting", data={"status": "pending"})
    db.session.refresh(company)
    assert company.vetting_status == "pending" and company.vetting_category is None
    note = db.session.scalar(select(Notification).where(Notification.user_id == member.user_id))
    assert "review queue" in note.message
    client.post(f"/admin/companies/{company.id}/vetting", data={"status": "verified"})
    assert company.vetting_status == "verified"
