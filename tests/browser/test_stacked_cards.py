"""Data tables on a 390 px phone are stacked cards, each cell a "heading: value" line
(static/css/foundry.css, static/js/tables.js). A heading that wraps onto two or three lines
("Student number", "Applicants (active / all)", most 繁體中文 headings) must make its line
taller, never run over the next line of the card: in English and in 繁體中文, on the real pages
of the demo data."""

from __future__ import annotations

import pytest

from foundry.seed.demo import seed_demo
from tests.browser.conftest import screenshot
from tests.browser.test_phone_width import each_demo_page_in_both_languages
from tests.i18n.conftest import ensure_catalogues_compiled

# Pages with stacked-card tables, by demo account.
PAGES = {
    "student": ["/me/applications", "/me/skills"],  # skills: grouped under full-width rows
    "company": ["/company/applicants", "/company/positions"],
    "dean": ["/dashboards/dean"],  # its data tables, with a totals row in <tfoot>
    "admin": ["/admin/companies", "/outcomes/graduates", "/events/admin"],
}

# For every card: each visible cell holds all of its content (heading included), starts below
# the end of the cell before it, and has its column's heading when the column has one (a row's
# single cell across all columns is a group's heading, with none).
CARDS_JS = """() => {
  document.querySelectorAll('main details').forEach(d => { d.open = true; });  // data tables
  const problems = [];
  let cells = 0, labelled = 0;
  const stacked = 'main table.table:not(.table-keep) > :is(tbody, tfoot) > tr';
  for (const row of document.querySelectorAll(stacked)) {
    if (getComputedStyle(row).display !== 'block') continue;  // not stacked: not a phone layout
    const shown = [...row.cells].filter(c => c.getBoundingClientRect().height > 0);
    shown.forEach((cell, i) => {
      cells += 1;
      const label = cell.dataset.label || '';
      if (label && getComputedStyle(cell, '::before').content.includes(label)) labelled += 1;
      const name = `${label}: ${cell.textContent.trim().slice(0, 25)}`;
      const head = row.closest('table').tHead;
      const headings = head ? [...head.rows[head.rows.length - 1].cells] : [];
      const heading = headings.length === row.cells.length ? headings[cell.cellIndex] : null;
      if (!label && heading && heading.textContent.trim()) {
        problems.push(`${name} has no heading (${heading.textContent.trim()})`);
      }
      if (label && headings.length > 1 && cell.colSpan >= headings.length) {
        problems.push(`${name} is a group's heading labelled as a column's value`);
      }
      if (cell.scrollHeight > cell.clientHeight + 1) {
        problems.push(`${name} needs ${cell.scrollHeight} px, has ${cell.clientHeight}`);
      }
      const next = shown[i + 1];
      if (next && cell.getBoundingClientRect().bottom > next.getBoundingClientRect().top + 1) {
        problems.push(`${name} overlaps the next line (${next.dataset.label || ''})`);
      }
    });
  }
  return {cells, labelled, problems: problems.slice(0, 8)};
}"""


@pytest.fixture(autouse=True)
def _catalogues(live_app):
    ensure_catalogues_compiled(live_app)


def test_card_headings_never_overlap_the_next_line(live_app, live_server, live_db, browser):
    with live_db():
        seed_demo()
    failures, checked = [], 0
    for page, locale, path in each_demo_page_in_both_languages(live_app, live_server, browser,
                                                               PAGES):
        page.goto(live_server + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == locale.replace("_", "-")
        result = page.evaluate(CARDS_JS)
        assert result["cells"] >= 5 and result["labelled"] >= 5, (locale, path, result)
        checked += result["cells"]
        if result["problems"]:
            failures.append(f"{locale} {path}: " + "; ".join(result["problems"]))
            screenshot(page, f"cards-{locale}-" + path.strip("/").replace("/", "-"))
    assert checked > 100
    assert failures == [], "\n".join(failures)
