"""The expanded navigation fits on one line for every role, from 1200 px (where it stops
collapsing) upwards, even with a long name: the language button once stacked its four
characters vertically and the company menu overflowed the window."""

from __future__ import annotations

import pytest

from tests import factories
from tests.browser.conftest import screenshot

LONG_NAME = "Michelle Lau Wing Yan"


@pytest.mark.parametrize("role", ["student", "company", "dean", "admin", "external",
                                  "reviewer"])
def test_navigation_fits_on_one_line(live_server, live_db, page, sign_in, role):
    with live_db():
        flat = role in ("admin", "external", "reviewer")  # the user itself takes the name
        user = factories.user_with_role(role, **({"full_name": LONG_NAME} if flat
                                                  else {"user__full_name": LONG_NAME}))
        email = user.email
    sign_in(page, email)
    for width in (1200, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server + "/home")
        nav_height = page.evaluate("document.querySelector('nav.navbar').offsetHeight")
        button_height = page.evaluate("document.querySelector('.lang-switch button').offsetHeight")
        assert nav_height <= 64, (role, width, nav_height)
        assert button_height <= 40, (role, width, button_height)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"navbar-{role}")


def test_role_is_named_in_the_user_menu(live_server, live_db, page, sign_in):
    with live_db():
        email = factories.user_with_role("company", user__full_name=LONG_NAME).email
    sign_in(page, email)
    page.get_by_role("button", name=LONG_NAME).or_(page.get_by_role("link", name=LONG_NAME)).click()
    assert page.get_by_text("Signed in as Company member").is_visible()
