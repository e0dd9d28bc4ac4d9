"""Review findings on shared helpers: redirects stay on the site, mail headers stay one line."""

from __future__ import annotations

import pytest

from foundry.common.mail import queue_mail
from foundry.utils import safe_next_url


@pytest.mark.parametrize("target", ["/\\evil.example", "/\\/evil.example", "/\\\\evil.example",
                                    "/ok\r\nSet-Cookie: x=1", "/\x00/evil.example"])
def test_next_url_refuses_backslash_and_control_characters(target):
    """Browsers read `/\\host` as `//host`: such a `next` would leave the site."""
    assert safe_next_url(target) is None


def test_next_url_keeps_ordinary_paths():
    """Plain paths with a query survive."""
    assert safe_next_url("/positions?q=ai&page=2") == "/positions?q=ai&page=2"


def test_login_does_not_redirect_off_site(client, db):
    """A signed-in user sent to /auth/login?next=/\\evil.example lands at home."""
    from tests import factories
    from tests.conftest import DEMO_PASSWORD

    user = factories.user_with_role("student")
    user.set_password(DEMO_PASSWORD)
    db.session.commit()
    response = client.post("/login?next=/%5Cevil.example",
                           data={"email": user.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_mail_subject_is_one_line_and_fits_the_column(db):
    """User text in a subject (a company name) cannot add headers or overflow String(200)."""
    mail = queue_mail(to="a@example.com", subject="Hello\r\nBcc: victim@example.com " + "x" * 400,
                      body="b")
    db.session.flush()
    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert len(mail.subject) <= 200
