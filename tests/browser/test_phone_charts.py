"""Dashboard charts on a 390 px phone: legends above the plot (never on it), category labels
inside the chart (not cut at its edge), and no "hover" instruction a touch screen cannot follow."""

from __future__ import annotations

import pytest

from foundry.seed.demo import seed_demo
from tests.browser.conftest import screenshot
from tests.browser.test_dashboards import ALL_DRAWN
from tests.browser.test_phone_width import PHONE, demo_email, sign_in_demo
from tests.second_factor import pass_second_factor

# For each drawn chart: does the legend overlap the plot area, and is any tick label cut?
LAYOUT_JS = """() => [...document.querySelectorAll('[data-drawn]')].map(chart => {
  const box = chart.getBoundingClientRect();
  const plot = chart.querySelector('.nsewdrag');
  const legend = chart.querySelector('.legend');
  const p = plot.getBoundingClientRect();
  const l = legend ? legend.getBoundingClientRect() : null;
  const overlaps = !!l && l.width > 0 && l.left < p.right && l.right > p.left
                   && l.top < p.bottom && l.bottom > p.top;
  const cut = [...chart.querySelectorAll('.xtick text, .ytick text')].filter(t => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
  }).map(t => t.textContent);
  return {url: chart.dataset.figureUrl, overlaps, cut};
})"""


@pytest.mark.parametrize(("label", "path"), [("dean", "/dashboards/dean"),
                                             ("admin", "/dashboards/admin"),
                                             ("company", "/dashboards/company")])
def test_charts_fit_a_phone(live_app, live_server, live_db, browser, label, path):
    with live_db():
        seed_demo()
    context = browser.new_context(**PHONE, locale="en-GB")
    page = context.new_page()
    sign_in_demo(page, live_server, demo_email(label))
    if label != "company":
        with live_app.app_context():
            pass_second_factor(demo_email(label))
    page.goto(live_server + path)
    page.wait_for_function(ALL_DRAWN, timeout=30_000)
    charts = page.evaluate(LAYOUT_JS)
    screenshot(page, f"phone-charts-{label}")
    context.close()
    assert charts, "no chart drawn"
    assert [c["url"] for c in charts if c["overlaps"]] == [], "legend on the plot"
    assert [(c["url"], c["cut"]) for c in charts if c["cut"]] == [], "tick labels cut"


def test_no_hover_instructions_on_dashboards(live_app, live_server, live_db, page):
    with live_db():
        seed_demo()
    sign_in_demo(page, live_server, demo_email("dean"))
    with live_app.app_context():
        pass_second_factor(demo_email("dean"))
    page.goto(live_server + "/dashboards/dean")
    assert "Hover" not in page.locator("main").inner_text()
    page.locator("details.tile-formula summary").first.click()  # a tap shows the formula
    assert page.locator("details.tile-formula[open]").first.is_visible()
