"""A weak password is named in the same round as the other mistakes: it used to be reported only
once every other field was right, so a student retyped both passwords once more for nothing."""

from __future__ import annotations

import re

from foundry.models import User
from tests.auth.helpers import count
from tests.auth.test_signup import campus, form  # noqa: F401  (fixture and form builder)


def _error_by(field: str, html: str) -> str:
    """The text of the error block the field macro renders for this field."""
    match = re.search(rf'id="{field}-error"[^>]*>(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip() if match else ""


def test_short_password_is_reported_with_the_other_errors(client, campus):  # noqa: F811
    html = client.post("/signup", data=form(campus, email="not-an-email", password="short",
                                            confirm="short")).get_data(as_text=True)
    assert "Invalid email address." in html
    assert "Use at least 12 characters." in _error_by("password", html)
    assert count(User) == 0


def test_common_password_is_reported_with_a_missing_faculty(client, campus):  # noqa: F811
    html = client.post("/signup", data=form(campus, faculty_id="", password="qwerty123456",
                                            confirm="qwerty123456")).get_data(as_text=True)
    assert "one of the most common passwords" in _error_by("password", html)
    assert count(User) == 0


def test_change_password_names_a_short_new_password_by_its_field(client, login_as):
    login_as("student")
    html = client.post("/password", data={"current_password": "wrong", "password": "short",
                                           "confirm": "short"}).get_data(as_text=True)
    assert "Use at least 12 characters." in _error_by("password", html)
