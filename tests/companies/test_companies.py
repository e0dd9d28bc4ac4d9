"""Companies: vetting service and admin list, the member's profile, the students' directory."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from foundry.common.errors import DomainError
from foundry.companies import services
from foundry.models import AuditLog, Notification, OutboxMail
from tests import factories


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.parametrize(("source", "target", "allowed"), [
    ("pending", "verified", True), ("pending", "suspended", True),
    ("verified", "suspended", True), ("suspended", "verified", True),
    ("verified", "pending", False), ("suspended", "pending", False),
    ("pending", "bogus", False),
])
def test_vetting_moves(db, request_ctx, source, target, allowed):
    member = factories.CompanyMemberFactory(company__vetting_status=source)
    admin = factories.UserFactory(role="admin")
    company = member.company
    if not allowed:
        with pytest.raises(DomainError):
            services.set_vetting_status(company=company, status=target, reason="x", actor=admin)
        assert company.vetting_status == source
        return
    services.set_vetting_status(company=company, status=target, reason="Checked licence",
                                actor=admin)
    assert company.vetting_status == target
    assert _count(db, AuditLog, AuditLog.action == "company.vetting",
                  AuditLog.actor_id == admin.id) == 1
    assert _count(db, Notification, Notification.user_id == member.user_id) == 1
    assert _count(db, OutboxMail, OutboxMail.recipient == member.user.email) == 1


def test_suspending_needs_a_reason(db, request_ctx):
    company = factories.CompanyFactory(vetting_status="verified")
    admin = factories.UserFactory(role="admin")
    with pytest.raises(DomainError) as error:
        services.set_vetting_status(company=company, status="suspended", reason="  ",
                                    actor=admin)
    assert error.value.field == "reason" and company.vetting_status == "verified"


def test_same_status_is_a_no_op(db, request_ctx):
    company = factories.CompanyFactory(vetting_status="verified")
    services.set_vetting_status(company=company, status="verified", reason=None,
                                actor=factories.UserFactory(role="admin"))
    assert _count(db, AuditLog) == 0


def test_admin_list_search_filter_and_vetting(client, login_as, db):
    pending = factories.CompanyFactory(name="Quantum Pending Limited", vetting_status="pending")
    factories.CompanyFactory(name="Verified Widgets Limited")
    login_as("admin")
    page = client.get("/admin/companies?status=pending").get_data(as_text=True)
    assert "Quantum Pending" in page and "Verified Widgets" not in page
    page = client.get("/admin/companies?q=widgets").get_data(as_text=True)
    assert "Quantum Pending" not in page and "Verified Widgets" in page
    response = client.post(f"/admin/companies/{pending.id}/vetting",
                           data={"status": "suspended", "reason": ""}, follow_redirects=True)
    assert "Give a reason" in response.get_data(as_text=True)
    assert pending.vetting_status == "pending"
    client.post(f"/admin/companies/{pending.id}/vetting", data={"status": "verified"})
    assert pending.vetting_status == "verified"
    client.post(f"/admin/companies/{pending.id}/vetting",
                data={"status": "suspended", "reason": "Fake documents"})
    assert pending.vetting_status == "suspended" and pending.vetting_reason == "Fake documents"


def test_admin_menu_links_to_companies(client, login_as, db):
    login_as("admin")
    assert 'href="/admin/companies"' in client.get("/home").get_data(as_text=True)


@pytest.mark.parametrize("role", ["student", "company", "dean"])
def test_only_admins_vet(client, login_as, db, role):
    company = factories.CompanyFactory(vetting_status="pending")
    login_as(role)
    assert client.get("/admin/companies").status_code == 403
    assert client.post(f"/admin/companies/{company.id}/vetting",
                       data={"status": "verified"}).status_code == 403
    assert company.vetting_status == "pending"


def test_member_edits_profile(client, login_as, db):
    member = login_as("company")
    company = member.membership.company
    response = client.post("/company/profile", data={
        "description": "We build robots.", "website": "https://robots.example.com",
        "cluster": "smart_city", "site": "innopark_tko", "size_band": "51-200"})
    assert response.status_code == 302
    assert company.description == "We build robots." and company.cluster == "smart_city"
    assert company.is_startup is False
    page = client.post("/company/profile", data={
        "website": "not a url", "cluster": "smart_city", "site": "innopark_tko",
        "size_band": "51-200", "description": "Typed text"}).get_data(as_text=True)
    assert 'id="website-error"' in page and "Typed text" in page
    assert company.website == "https://robots.example.com"


def test_directory_lists_verified_only(client, login_as, db):
    shown = factories.CompanyFactory(name="Shown Bio Limited")
    factories.PositionFactory(company=shown)
    hidden = factories.CompanyFactory(name="Hidden Pending Limited", vetting_status="pending")
    suspended = factories.CompanyFactory(name="Hidden Suspended Limited",
                                         vetting_status="suspended")
    login_as("student")
    page = client.get("/companies").get_data(as_text=True)
    assert "Shown Bio" in page and "Hidden" not in page
    assert client.get(f"/companies/{shown.id}").status_code == 200
    for company in (hidden, suspended):
        assert client.get(f"/companies/{company.id}").status_code == 404
    assert "Shown Bio" in client.get("/companies?q=bio").get_data(as_text=True)
    assert "Shown Bio" not in client.get("/companies?cluster=fintech").get_data(as_text=True)


def test_member_sees_own_unverified_company_page(client, login_as, db):
    member = login_as("company", company__vetting_status="pending")
    assert client.get(f"/companies/{member.membership.company_id}").status_code == 200
