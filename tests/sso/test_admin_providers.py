"""Admins connect a university's provider; the client secret is encrypted and never shown or
audited."""

from __future__ import annotations

import json

from sqlalchemy import select

from foundry.models import AuditLog, IdentityProvider
from foundry.sso.providers import client_secret_of
from tests import factories

SECRET = "very-secret-client-value-123"


def _form(university_id, **changes):
    data = {"name": "HKU", "university_id": str(university_id),
            "discovery_url": "https://login.microsoftonline.com/tenant-id/v2.0",
            "client_id": "abc-123", "client_secret": SECRET, "email_claim": "email",
            "student_number_claim": "", "staff_domains": "hku.hk", "passwords_allowed": "y",
            "enabled": "y"}
    data.update(changes)
    return data


def test_an_admin_connects_a_provider_and_the_secret_stays_secret(app, client, db, login_as):
    login_as("admin")
    university = factories.UniversityFactory()
    db.session.commit()
    response = client.post("/admin/identity-providers/new", data=_form(university.id))
    assert response.status_code == 302
    provider = db.session.scalar(select(IdentityProvider))
    assert provider.discovery_url == ("https://login.microsoftonline.com/tenant-id/v2.0"
                                      "/.well-known/openid-configuration")
    assert SECRET not in (provider.client_secret_encrypted or "")
    assert client_secret_of(provider) == SECRET
    audit = db.session.scalars(select(AuditLog)).all()
    assert all(SECRET not in json.dumps(row.details) for row in audit)
    page = client.get(f"/admin/identity-providers/{provider.id}")
    assert SECRET.encode() not in page.data and b"abc-123" in page.data
    # Saving without a secret keeps the stored one.
    assert client.post(f"/admin/identity-providers/{provider.id}",
                       data=_form(university.id, client_secret="", name="HKU SSO")) \
        .status_code == 302
    db.session.refresh(provider)
    assert provider.name == "HKU SSO" and client_secret_of(provider) == SECRET


def test_bad_settings_come_back_with_messages(client, db, login_as):
    login_as("admin")
    university = factories.UniversityFactory()
    db.session.commit()
    response = client.post("/admin/identity-providers/new", data=_form(
        university.id, discovery_url="http://idp.example.com", staff_domains="not a domain!"))
    assert response.status_code == 422
    assert b"https://" in response.data
    assert db.session.scalar(select(IdentityProvider)) is None
    response = client.post("/admin/identity-providers/new", data=_form(
        "", staff_domains=""))
    assert response.status_code == 422 and b"at least one staff e-mail domain" in response.data


def test_only_admins_manage_providers(client, db, login_as):
    login_as("dean")
    assert client.get("/admin/identity-providers").status_code == 403


def test_every_bad_setting_is_reported_beside_its_field_at_once(client, db, login_as):
    """Issue 14: an http address, a bad claim name and a bad domain used to come back one
    submit at a time."""
    from tests.errors_by_field import error_beside

    login_as("admin")
    university = factories.UniversityFactory()
    db.session.commit()
    response = client.post("/admin/identity-providers/new", data=_form(
        university.id, discovery_url="http://idp.example.com", email_claim="e mail",
        staff_domains="not a domain!"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "https://" in error_beside(page, "discovery_url")
    assert "letters, digits" in error_beside(page, "email_claim")
    assert "not e-mail domains" in error_beside(page, "staff_domains")
    assert db.session.scalar(select(IdentityProvider)) is None
