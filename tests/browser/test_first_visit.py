"""The dean's first visit in Chromium: every chart is drawn from the figures embedded in the
page (no request per figure), plotly.js is deferred from the head, and the page still
explains what it withholds, on a desktop and a phone, in English and 繁體中文 (issues 12, 14).
Screenshots go to /tmp/shots/firstvisit (never into the repository)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests import factories
from tests.browser.test_dashboards import ALL_DRAWN, more_graduates
from tests.dashboards.cohort import build_cohort

SHOTS = Path(tempfile.gettempdir()) / "shots" / "firstvisit"
SIZES = {"desktop": {"viewport": {"width": 1280, "height": 800}},
         "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True,
                   "has_touch": True}}


@pytest.fixture()
def dean_email(live_db):
    with live_db():
        data = build_cohort()
        more_graduates(data)
        return factories.DeanAssignmentFactory(university=data["university"]).user.email


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("locale", ["en", "zh_Hant"])
def test_dean_dashboard_draws_from_the_page(live_server, browser, sign_in, dean_email, size,
                                            locale):
    context = browser.new_context(**SIZES[size], locale="en-GB")
    page = context.new_page()
    sign_in(page, dean_email)
    page.context.add_cookies([{"name": "locale", "value": locale, "url": live_server}])
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(live_server + "/dashboards/dean?cohort=2025")
    page.wait_for_function(ALL_DRAWN, timeout=30_000)
    assert page.locator(".chart .alert").count() == 0
    assert page.locator(".chart svg.main-svg").count() >= 9
    assert not [url for url in asked if "/figures/" in url]  # all figures came with the page
    # plotly.js is deferred from the head: it never blocks the page from rendering
    assert page.locator("head script[defer][src*='plotly']").count() == 1
    assert page.locator("body script[src*='plotly']").count() == 0
    # what is withheld is still said in words under the charts
    assert page.locator(".withheld-notes li").count() >= 1
    assert page.locator(".privacy-note").count() == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"dean-{size}-{locale}.png"), full_page=True)
    page.screenshot(path=str(SHOTS / f"dean-{size}-{locale}-screen.png"))  # the first screen
    page.locator("section[aria-labelledby='h-outcomes']").screenshot(
        path=str(SHOTS / f"dean-{size}-{locale}-outcomes.png"))
    if size == "desktop":
        page.emulate_media(media="print")
        page.wait_for_function("() => [...document.querySelectorAll('[data-drawn]')].every("
                               "e => e.dataset.printLayout === 'true')", timeout=30_000)
        page.screenshot(path=str(SHOTS / f"dean-print-{locale}.png"), full_page=True)
    context.close()


def test_a_chart_missing_from_the_page_is_fetched(live_server, page, sign_in, dean_email):
    """An older page (or a block that cannot be read) falls back to the figure's URL."""
    sign_in(page, dean_email)

    def strip(route):  # one fetch: the page's headers and its body, without the figures
        response = route.fetch()
        route.fulfill(response=response,
                      body=response.text().replace('class="figure-data"', 'class="gone"'))

    page.route("**/dashboards/dean?cohort=2025", strip)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(live_server + "/dashboards/dean?cohort=2025")
    page.wait_for_function(ALL_DRAWN, timeout=30_000)
    assert page.locator(".chart .alert").count() == 0
    assert len([url for url in asked if "/figures/" in url]) >= 9
