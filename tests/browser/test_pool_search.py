"""Talent Pool search in Chromium: several words, any field, best match first, on a desktop
and a phone, in English and 繁體中文."""

from __future__ import annotations

from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible, screenshot


def _data(live_db):
    with live_db():
        skill = factories.SkillFactory(name="Machine learning", name_zh="機器學習")
        best = factories.PositionFactory(title="Machine Learning Engineer",
                                         company__name="Harbour Vision Limited")
        factories.PositionSkillFactory(position=best, skill=skill)
        factories.PositionFactory(title="Data Analyst", company__name="Machine Works Limited",
                                  description="Learning analytics for our clients.")
        factories.PositionFactory(title="Robot Arm Intern")
        return factories.StudentProfileFactory().user.email


def test_search_several_words_best_match_first(live_server, live_db, page, sign_in, browser):
    email = _data(live_db)
    sign_in(page, email)
    page.goto(live_server + "/positions")
    page.get_by_label("Search title, company, skills or description").fill("learning machine")
    page.get_by_role("button", name="Show positions").click()
    expect(page.get_by_role("heading", name="2 positions")).to_be_visible()
    expect(page.locator("main h3")).to_have_text(
        ["Machine Learning Engineer", "Data Analyst"])  # both words in the title
    expect(page.get_by_label("Sort by")).to_have_value("relevance")
    screenshot(page, "pool-search-1280-en")
    assert_accessible(page)
    page.context.add_cookies([{"name": "locale", "value": "zh_Hant", "url": live_server}])
    page.goto(live_server + "/positions?q=機器學習")
    expect(page.locator("main h3")).to_have_text(["Machine Learning Engineer"])
    screenshot(page, "pool-search-1280-zh")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True)
    small = phone.new_page()
    sign_in(small, email)
    for lang in ("en", "zh_Hant"):
        phone.add_cookies([{"name": "locale", "value": lang, "url": live_server}])
        small.goto(live_server + "/positions?q=learning+machine")
        expect(small.locator("main h3")).to_have_count(2)
        assert small.evaluate("document.documentElement.scrollWidth <= innerWidth")
        screenshot(small, f"pool-search-390-{lang}")
    phone.close()
