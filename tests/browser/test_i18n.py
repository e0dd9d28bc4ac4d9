"""The language switch in Chromium: the navbar button turns the pages into HK Chinese and back."""

from __future__ import annotations

import pytest

from tests import factories
from tests.browser.conftest import assert_accessible, screenshot
from tests.i18n.conftest import ensure_catalogues_compiled

# The old document may be gone mid-navigation: wait until the new one has this language.
# A function, not a bare expression: Playwright re-evaluates an expression with eval() on every
# poll, which the app's CSP (script-src 'self') refuses once the first check comes out false.
LANG_IS = "() => document.documentElement && document.documentElement.lang === '%s'"


@pytest.fixture(autouse=True)
def _catalogues(live_app):
    ensure_catalogues_compiled(live_app)


def _fits_the_window(page) -> bool:
    """No horizontal scrolling: longer or shorter labels must not break the layout."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_language_wait_polls_under_the_apps_csp(live_server, page):
    """The wait above keeps polling until the language changes, on a page under the app's CSP.

    Each switch races the navigation: the first check may still see the old page. A bare
    expression would then be re-run through eval() and refused by ``script-src 'self'`` (a CI run
    failed so); here the first check is made to come out false on purpose.
    """
    page.goto(live_server + "/")
    page.evaluate("setTimeout(() => { document.documentElement.lang = 'zh-Hant'; }, 300)")
    page.wait_for_function(LANG_IS % "zh-Hant", timeout=5_000)


def test_visitor_switches_to_chinese_and_back(live_server, page):
    """The landing page in 繁體中文 (lang zh-Hant, accessible), then English again."""
    page.goto(live_server + "/")
    page.get_by_role("button", name="切換至繁體中文").click()
    page.wait_for_function(LANG_IS % "zh-Hant")
    page.wait_for_load_state()
    nav = page.get_by_role("navigation", name="主選單")
    assert nav.get_by_role("link", name="登入").is_visible()
    assert nav.get_by_role("link", name="學生註冊").is_visible()
    assert _fits_the_window(page)
    screenshot(page, "i18n-landing-zh")
    assert_accessible(page)

    page.get_by_role("button", name="Switch to English").click()
    page.wait_for_function(LANG_IS % "en")
    page.wait_for_load_state()
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Sign in").is_visible()


@pytest.mark.parametrize("role", ["student", "company", "dean", "admin"])
def test_signed_in_home_in_chinese(live_server, live_db, page, sign_in, role):
    """Each role's home page and navigation read in Chinese after the switch."""
    with live_db():
        email = factories.user_with_role(role).email
    sign_in(page, email)
    page.get_by_role("button", name="切換至繁體中文").click()
    page.wait_for_function(LANG_IS % "zh-Hant")
    page.wait_for_load_state()
    assert page.url.endswith("/home")
    nav = page.get_by_role("navigation", name="主選單")
    assert nav.get_by_role("link", name="主頁").is_visible()
    if role == "student":
        assert nav.get_by_role("link", name="人才庫").is_visible()
    assert _fits_the_window(page)
    screenshot(page, f"i18n-home-{role}-zh")
    assert_accessible(page)
