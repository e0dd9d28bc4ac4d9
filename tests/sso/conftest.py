"""Fixtures for single sign-on: a real OIDC provider on loopback, a university connected to it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from foundry.extensions import db as _db
from foundry.sso.providers import save_provider
from tests import factories


@pytest.fixture()
def university_sso(app, db, oidc):
    """A university (students on uni.edu.hk, staff on staff.uni.edu.hk) signing in through the
    provider, and one of its faculties."""
    oidc.tamper.clear()
    faculty = factories.FacultyFactory(university=factories.UniversityFactory(
        code="UNI", name="Test University", domains=[]))
    from foundry.models import UniversityDomain

    faculty.university.domains.append(UniversityDomain(domain="uni.edu.hk"))
    admin = factories.UserFactory(role="admin")
    _db.session.flush()
    with app.test_request_context():
        provider = save_provider(
            provider=None, by=admin, name="Test University", university_id=faculty.university_id,
            discovery_url=oidc.discovery_url, client_id="talent-foundry",
            client_secret="s3cret-client-value", email_claim="email",
            student_number_claim="student_id", passwords_allowed=True,
            staff_domains="staff.uni.edu.hk", enabled=True)
    _db.session.commit()
    yield provider, faculty
    oidc.tamper.clear()


@pytest.fixture()
def sso_sign_in(client, oidc):
    """Run the whole flow in the test client: start, sign in at the provider as `sub`, come
    back. Returns the callback response (and its URL, to replay it)."""

    def _run(provider, sub, **claims):
        if claims:
            oidc.set_user(sub, **claims)
        start = client.get(f"/sso/{provider.id}/start")
        assert start.status_code == 302, start.data[:300]
        back = oidc.authorize(start.location, sub)
        parts = urlsplit(back)
        callback = f"{parts.path}?{parts.query}"
        return client.get(callback), callback

    return _run
