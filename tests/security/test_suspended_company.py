"""Security finding 11: a suspended company still read and exported its applicants' personal
data. Suspension stops every page and API call that could show personal data; the company
keeps its own profile (read-only) and sees why it is suspended."""

from __future__ import annotations

import pytest

from foundry.account.tokens import create_api_token
from tests import factories


@pytest.fixture()
def suspended(db, login_as):
    """A member of a suspended company with an applicant, an intern and a mentee."""
    member = factories.CompanyMemberFactory(company__vetting_status="suspended",
                                            company__vetting_reason="Fake job adverts")
    company = member.company
    application = factories.ApplicationFactory(position__company=company,
                                               student__user__full_name="Wing Lam")
    internship = factories.InternshipFactory(company=company)
    mentorship = factories.MentorshipFactory(mentor__user=member.user)
    db.session.commit()
    login_as(member.user)
    return member, application, internship, mentorship


def test_every_personal_data_page_is_refused(client, suspended):
    _member, application, internship, mentorship = suspended
    urls = ["/company/applicants", f"/applications/{application.id}",
            f"/applications/{application.id}/cv", "/exports/applicants.csv",
            "/internships/company", f"/internships/{internship.id}",
            f"/internships/{internship.id}/feedback", f"/internships/{internship.id}/feedback/view",
            "/feedback/overdue", "/mentoring/", f"/mentoring/pairs/{mentorship.id}",
            "/dashboards/company", "/company/positions", "/notifications",
            f"/positions/{application.position_id}"]
    for url in urls:
        response = client.get(url)
        text = response.get_data(as_text=True)
        assert response.status_code == 403, url
        assert "Wing Lam" not in text and "Fake job adverts" in text, url
    moved = client.post(f"/applications/{application.id}/move", data={"status": "rejected"})
    assert moved.status_code == 403


def test_home_explains_and_the_own_profile_stays_readable(client, suspended):
    member, *_ = suspended
    home = client.get("/home")
    assert home.status_code == 200
    assert "suspended" in home.get_data(as_text=True) and "Fake job adverts" in home.get_data(
        as_text=True)
    assert "Wing Lam" not in home.get_data(as_text=True)
    assert client.get(f"/companies/{member.company_id}").status_code == 200
    assert client.get("/company/profile").status_code == 200
    assert client.post("/company/profile", data={"description": "x"}).status_code == 403
    assert client.get("/account/").status_code == 200


def test_the_api_refuses_too(app, client, db, suspended):
    member, *_ = suspended
    with app.test_request_context():
        _token, plaintext = create_api_token(user=member.user, name="t", scope="read", days=30)
    db.session.commit()
    headers = {"Authorization": f"Bearer {plaintext}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    refused = client.get("/api/v1/positions", headers=headers)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "company_suspended"


def test_lifting_the_suspension_restores_access(client, db, suspended):
    member, application, *_ = suspended
    member.company.vetting_status = "verified"
    db.session.commit()
    assert client.get(f"/applications/{application.id}").status_code == 200
