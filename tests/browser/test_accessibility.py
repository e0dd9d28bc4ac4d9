"""axe-core finds no WCAG 2 A/AA violation on the public pages and each role's home page."""

from __future__ import annotations

import pytest

from tests import factories
from tests.browser.conftest import assert_accessible


@pytest.mark.parametrize("path", ["/", "/login"])
def test_public_pages_are_accessible(live_server, page, path):
    page.goto(live_server + path)
    assert_accessible(page)


@pytest.mark.parametrize("role", ["student", "company", "dean", "admin"])
def test_home_pages_are_accessible(live_server, live_db, page, sign_in, role):
    with live_db():
        user = factories.user_with_role(role)
        if role == "student":
            factories.ApplicationFactory(student=user.student)
        email = user.email
    sign_in(page, email)
    assert_accessible(page)


def test_keyboard_focus_is_visible(live_server, page):
    """Tabbing to the first control shows a visible focus outline (not colour alone)."""
    page.goto(live_server + "/login")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
