"""Every page each role can reach fits a 390 px phone: nothing makes the page wider than the
screen, and no button, link or field sits off-screen (in a table that scrolls sideways, say).
The pages come from `app.url_map` and the links on them (tests/browser/crawl.py), so pages added
later are walked too."""

from __future__ import annotations

import pytest

from foundry.seed.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_demo
from tests.browser.conftest import screenshot
from tests.browser.crawl import walk
from tests.second_factor import pass_second_factor

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 1}
WIDTH = PHONE["viewport"]["width"]

# Controls the user must be able to reach without scrolling the page sideways.
OFFSCREEN_JS = """(width) => {
  const wide = document.documentElement.scrollWidth;
  const off = [];
  const controls = 'main a, main button, main input, main select, main textarea';
  for (const el of document.querySelectorAll(controls)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('.modebar, .js-plotly-plot')) continue;  // plotly's own tools
    const name = (el.innerText || el.name || el.id || el.tagName).trim().slice(0, 30);
    if (r.right > width + 1 || r.left < -1) off.push(name);
  }
  return {wide, off: off.slice(0, 5)};
}"""


def demo_email(label: str) -> str:
    """The e-mail of a demo account ('student', 'graduate', 'company', 'dean', 'admin')."""
    return next(email for role, email, _n, _w in DEMO_ACCOUNTS if role == label)


def sign_in_demo(page, base: str, email: str) -> None:
    """Sign a page in as a demo account through the sign-in form."""
    page.goto(base + "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form:has(#password) button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


def each_demo_page_in_both_languages(app, base: str, browser, pages: dict):
    """For each demo account of `pages` (label → paths), one phone context signed in once (a
    second sign-in would ask for a code), then each path in English and in 繁體中文: yields
    (page, locale, path); the caller visits the path."""
    for label, paths in pages.items():
        context = browser.new_context(**PHONE)
        context.set_default_timeout(15_000)
        try:
            page = context.new_page()
            email = demo_email(label)
            sign_in_demo(page, base, email)
            if label in ("dean", "admin"):
                with app.app_context():
                    pass_second_factor(email)
            for locale in ("en", "zh_Hant"):
                context.add_cookies([{"name": "locale", "value": locale, "url": base}])
                for path in paths:
                    yield page, locale, path
        finally:
            context.close()


def _check_pages(app, browser, base, role, account, locale="en-GB"):
    context = browser.new_context(**PHONE, locale=locale)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    if account:
        sign_in_demo(page, base, account)
        if role in ("dean", "admin"):  # past the second factor, as entering a code would
            with app.app_context():
                pass_second_factor(account)
    problems, visited = [], []
    for url in walk(app, context.request, base, role):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        visited.append(url)
        result = page.evaluate(OFFSCREEN_JS, WIDTH)
        if result["wide"] > WIDTH or result["off"]:
            problems.append(f"{url.removeprefix(base)}: {result['wide']} px wide, "
                            f"off-screen {result['off']}")
            screenshot(page, "phone-" + url.removeprefix(base).strip("/").replace("/", "-")[:60])
    context.close()
    assert errors == [], errors
    return visited, problems


@pytest.mark.parametrize(("role", "label"), [(None, None), ("student", "student"),
                                             ("student", "graduate"), ("company", "company"),
                                             ("dean", "dean"), ("admin", "admin")])
def test_every_page_fits_a_phone(live_app, live_server, live_db, browser, role, label):
    with live_db():
        seed_demo()
    account = demo_email(label) if label else None
    visited, problems = _check_pages(live_app, browser, live_server, role, account)
    assert len(visited) >= (3 if role is None else 8), visited
    assert problems == [], (f"{len(problems)} of {len(visited)} pages overflow:\n"
                            + "\n".join(problems))
