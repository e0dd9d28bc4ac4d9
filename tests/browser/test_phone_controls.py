"""Controls a thumb can hit on a 390 px phone (static/css/foundry.css), in English and 繁體中文:
buttons, menus, fields and a chart's "Data table" toggle at least 32 px tall (Bootstrap's small
ones are 31 px), a row's checkbox in a stacked card at least 24 px, a field's placeholder
("Note to the company (required)") shown whole rather than cut off at the field's edge, and a
dashboard figure broken only at its spaces ("240,000 港元", never "240,000 港" and "元" on the
next line), a tile's comparison value on one line ("85 %", never "85" and "%")."""

from __future__ import annotations

import re

import pytest

from foundry.seed.demo import seed_demo
from tests.browser.conftest import screenshot
from tests.browser.test_phone_width import each_demo_page_in_both_languages
from tests.i18n.conftest import ensure_catalogues_compiled

# A path, or (a page, a pattern): the first link on that page whose path matches.
EVENT = ("/events/", r"/events/\d+")
EVENT_EDIT = ("/events/admin", r"/events/\d+/edit")  # its pickers' chips have a × each
PAGES = {
    "student": ["/me/applications", "/positions", EVENT],
    "company": ["/company/positions", "/company/applicants"],
    "dean": ["/dashboards/dean", "/outcomes/graduates"],
    "admin": ["/admin/companies", "/events/admin", EVENT_EDIT],
}

CONTROLS_JS = r"""() => {
  const short = [], boxes = [], cut = [];
  const seen = el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
      && !el.closest('.modebar, .js-plotly-plot');
  };
  const name = el => (el.innerText || el.placeholder || el.getAttribute('aria-label') || el.name
    || el.tagName)
    .split('\n')[0].trim().slice(0, 30);
  const targets = 'main .btn, main .btn-close, main select, header .btn, main summary, '
    + 'main input:not([type=hidden], [type=checkbox], [type=radio], [type=file])';
  let count = 0;
  for (const el of document.querySelectorAll(targets)) {
    if (!seen(el)) continue;
    count += 1;
    const h = el.getBoundingClientRect().height;
    if (h < 32) short.push(`${name(el)}: ${Math.round(h)} px tall`);
  }
  const ticks = 'main tr input[type=checkbox], main tr input[type=radio]';
  for (const el of document.querySelectorAll(ticks)) {
    if (!seen(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.height < 24 || r.width < 24) boxes.push(`${name(el)}: a ${Math.round(r.width)} px box`);
  }
  const ctx = document.createElement('canvas').getContext('2d');
  for (const el of document.querySelectorAll('main input[placeholder]:not([type=hidden])')) {
    if (!seen(el) || el.value) continue;
    const s = getComputedStyle(el);
    ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    if (ctx.measureText(el.placeholder).width > room + 1) cut.push(`"${el.placeholder}" cut`);
  }
  const broken = [];  // a dashboard figure split inside a word ("240,000 港" / "元")
  for (const value of document.querySelectorAll('main .tile .value')) {
    const text = value.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    for (const word of text.data.matchAll(/\S+/g)) {
      const range = document.createRange();
      range.setStart(text, word.index);
      range.setEnd(text, word.index + word[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(`"${text.data.trim()}" broken inside "${word[0]}"`);
    }
  }
  // a tile's comparison ("All universities: 85 %") keeps its value on one line
  for (const el of document.querySelectorAll('main .tile .compare')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let start = null;
    while (walker.nextNode()) {
      const node = walker.currentNode;
      let i = Math.max(node.data.lastIndexOf(':'), node.data.lastIndexOf('\uff1a'));
      if (i < 0) continue;
      i += 1;
      while (i < node.data.length && node.data[i] === ' ') i += 1;
      start = [node, i];
    }
    if (!start || !el.lastChild) continue;
    const range = document.createRange();
    range.setStart(start[0], start[1]);
    range.setEndAfter(el.lastChild);
    const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
      .map(r => Math.round(r.top)));
    if (lines.size > 1) broken.push(`"${el.textContent.trim()}" split over lines`);
  }
  const few = list => [...new Set(list)].slice(0, 3);
  return {count, problems: [...few(short), ...few(boxes), ...few(cut), ...few(broken)]};
}"""


@pytest.fixture(autouse=True)
def _catalogues(live_app):
    ensure_catalogues_compiled(live_app)


def _first_link(page, base: str, listing: str, pattern: str) -> str:
    """The path of the first link on the listing page that matches the pattern."""
    page.goto(base + listing)
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.pathname)")
    return next(h for h in hrefs if re.fullmatch(pattern, h))


def test_controls_are_big_enough_for_a_thumb(live_app, live_server, live_db, browser):
    with live_db():
        seed_demo()
    failures, checked = [], 0
    for page, locale, path in each_demo_page_in_both_languages(live_app, live_server, browser,
                                                               PAGES):
        if isinstance(path, tuple):
            path = _first_link(page, live_server, *path)
        page.goto(live_server + path)
        page.wait_for_load_state("networkidle")
        result = page.evaluate(CONTROLS_JS)
        checked += result["count"]
        if result["problems"]:
            failures.append(f"{locale} {path}: " + "; ".join(result["problems"]))
            screenshot(page, f"controls-{locale}-" + path.strip("/").replace("/", "-"))
    assert checked > 200
    assert failures == [], "\n".join(failures)
