"""Users: list, role and scope changes, deactivation — with their audit entries."""

from __future__ import annotations

from sqlalchemy import select

from foundry.models import AuditLog, CompanyMember, DeanAssignment
from tests import factories


def test_list_search_filter_sort_paginate(db, client, login_as):
    """Search by name or e-mail, filter by role, sort, and page through."""
    admin = login_as("admin", full_name="Ada Admin")
    for n in range(30):
        factories.UserFactory(full_name=f"Student {n:02d}", email=f"s{n:02d}@example.com")
    dean = factories.user_with_role("dean")
    db.session.commit()
    page = client.get("/admin/users?role=dean").get_data(as_text=True)
    assert dean.email in page and "Student 0" not in page
    assert f'/admin/users/{admin.id}"' not in page
    page = client.get("/admin/users?q=s07%40").get_data(as_text=True)
    assert "Student 07" in page and "Student 08" not in page
    first = client.get("/admin/users?sort=-name").get_data(as_text=True)
    assert "Student 29" in first and "Page 1 of 2" in first
    second = client.get("/admin/users?sort=-name&page=2").get_data(as_text=True)
    assert f'/admin/users/{admin.id}"' in second


def test_make_company_member_a_dean_with_faculty(db, client, login_as):
    """Changing role moves the scope: the membership goes, a dean assignment comes; audited."""
    login_as("admin")
    member = factories.user_with_role("company")
    faculty = factories.FacultyFactory()
    db.session.commit()
    response = client.post(f"/admin/users/{member.id}", data={
        "role": "dean", "university": str(faculty.university_id), "faculty": str(faculty.id)})
    assert response.status_code == 302
    db.session.refresh(member)
    assert member.role == "dean" and member.membership is None
    assignment = db.session.scalar(select(DeanAssignment).where(
        DeanAssignment.user_id == member.id))
    assert assignment.faculty_id == faculty.id
    assert db.session.scalar(select(CompanyMember)) is None
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action ==
                                                     "admin.user_role_changed"))
    assert entry.details["before"]["role"] == "company"
    assert entry.details["after"] == {"role": "dean", "company_id": None,
                                      "university_id": faculty.university_id,
                                      "faculty_id": faculty.id}


def test_change_company_scope(db, client, login_as):
    """A member moved to another company."""
    login_as("admin")
    member = factories.user_with_role("company")
    other = factories.CompanyFactory()
    db.session.commit()
    client.post(f"/admin/users/{member.id}", data={"role": "company", "company": str(other.id)})
    db.session.refresh(member)
    assert member.membership.company_id == other.id


def test_role_change_rules(db, client, login_as):
    """A scope is required; faculty must match; students and oneself cannot change role."""
    admin = login_as("admin")
    member = factories.user_with_role("company")
    student = factories.user_with_role("student")
    faculty = factories.FacultyFactory()
    other_university = factories.UniversityFactory()
    db.session.commit()
    no_scope = client.post(f"/admin/users/{member.id}", data={"role": "dean"})
    assert no_scope.status_code == 422
    assert "Choose the dean" in no_scope.get_data(as_text=True)
    mismatch = client.post(f"/admin/users/{member.id}", data={
        "role": "dean", "university": str(other_university.id), "faculty": str(faculty.id)})
    assert "belongs to another university" in mismatch.get_data(as_text=True)
    own = client.post(f"/admin/users/{admin.id}", data={
        "role": "company", "company": str(member.membership.company_id)})
    assert "your own role" in own.get_data(as_text=True)
    client.post(f"/admin/users/{student.id}", data={"role": "admin"})
    db.session.refresh(student)
    db.session.refresh(member)
    assert student.role == "student" and member.role == "company"
    assert db.session.scalar(select(AuditLog)) is None


def test_deactivate_and_reactivate(db, client, login_as):
    """Deactivated accounts cannot sign in; both steps are audited; not oneself."""
    admin = login_as("admin")
    member = factories.user_with_role("company")
    db.session.commit()
    client.post(f"/admin/users/{member.id}/deactivate")
    db.session.refresh(member)
    assert member.active is False and member.is_active is False
    client.post(f"/admin/users/{member.id}/reactivate")
    db.session.refresh(member)
    assert member.active is True
    response = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "cannot deactivate your own account" in response.get_data(as_text=True)
    actions = db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions == ["admin.user_deactivated", "admin.user_reactivated"]


def test_invite_link_shown_when_auth_offers_it(db, client, login_as, app):
    """The users page links to the invitations page of the auth feature."""
    login_as("admin")
    page = client.get("/admin/users").get_data(as_text=True)
    if "auth.invitations" in app.view_functions:
        assert "/invitations" in page


def test_unknown_user_is_404(db, client, login_as):
    """An unknown id answers 404."""
    login_as("admin")
    assert client.get("/admin/users/999999").status_code == 404
