"""Issue 11 in Chromium: the dean's dashboard says its privacy rules and why each figure is
withheld, prints without clipped legends, and the sign-up notice says who sees what.
Screenshots (desktop 1280 px and phone 390 px, English and 繁體中文) go to /tmp/shots-privacy."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests import factories
from tests.browser.conftest import assert_accessible
from tests.browser.test_dashboards import ALL_DRAWN, more_graduates
from tests.dashboards.cohort import build_cohort

SHOTS = Path(tempfile.gettempdir()) / "shots-privacy"  # never into the repository
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_dean_dashboard_explains_protection_and_prints_legends_below(live_server, live_db,
                                                                     page, sign_in):
    with live_db():
        data = build_cohort()
        more_graduates(data)
        email = factories.DeanAssignmentFactory(university=data["university"]).user.email
    sign_in(page, email)
    page.goto(live_server + "/dashboards/dean?cohort=2025")
    page.wait_for_function(ALL_DRAWN, timeout=30_000)
    note = page.locator(".privacy-note")
    assert "every count is rounded to a multiple of 5" in note.inner_text()
    # one university only: the pooled tiles are withheld and the reason is written beside them
    assert page.get_by_text("a figure pooling other universities is shown only when").count()
    assert_accessible(page)
    shoot(page, "dean-desktop-en")
    page.emulate_media(media="print")
    page.wait_for_function("() => [...document.querySelectorAll('[data-drawn]')].every("
                           "e => e.dataset.printLayout === 'true'"
                           " && (e.layout.legend || {}).orientation === 'h')", timeout=30_000)
    shoot(page, "dean-print-en")
    for name in ("outcomes", "trend", "skills"):
        page.locator(f"section[aria-labelledby='h-{name}']").screenshot(
            path=str(SHOTS / f"dean-print-{name}.png"))
    page.emulate_media(media="screen")
    page.wait_for_function("() => [...document.querySelectorAll('[data-drawn]')].every("
                           "e => e.dataset.printLayout === 'false')", timeout=30_000)
    assert page.evaluate("() => [...document.querySelectorAll('[data-drawn]')].some("
                         "e => (e.layout.legend || {}).orientation !== 'h')")


def test_dean_dashboard_on_a_phone_in_chinese(live_server, live_db, browser, sign_in):
    with live_db():
        data = build_cohort()
        more_graduates(data)
        email = factories.DeanAssignmentFactory(university=data["university"]).user.email
    context = browser.new_context(**PHONE, locale="en-GB")  # signs in in English
    page = context.new_page()
    sign_in(page, email)
    page.context.add_cookies([{"name": "locale", "value": "zh_Hant", "url": live_server}])
    page.goto(live_server + "/dashboards/dean?cohort=2025")
    page.wait_for_function(ALL_DRAWN, timeout=30_000)
    assert page.locator(".privacy-note").count() == 1
    shoot(page, "dean-phone-zh")
    context.close()


def test_signup_notice_says_who_sees_what(live_server, page, browser):
    page.goto(live_server + "/signup")
    notice = page.locator(".who-sees-what")
    assert "not your salary" in notice.inner_text()
    shoot(page, "signup-desktop-en")
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    phone.context.add_cookies([{"name": "locale", "value": "zh_Hant", "url": live_server}])
    phone.goto(live_server + "/signup")
    assert phone.locator(".who-sees-what li").count() == 5
    shoot(phone, "signup-phone-zh")
    context.close()
