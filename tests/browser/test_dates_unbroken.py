"""Dates in narrow table columns stay whole at 1280 px: "28 May" on one line and "2027" on the
next was hard to read on the company home page, the interns list and the outcomes list."""

from __future__ import annotations

from datetime import date

from tests import factories
from tests.browser.conftest import screenshot

# Every ISO date in <main> whose characters sit on more than one line.
BROKEN_DATES = r"""() => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    for (const m of node.data.matchAll(/\d{1,2}\s[A-Z][a-z]{2}\s\d{4}/g)) {
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const rects = [...range.getClientRects()].filter(r => r.width > 0);
      const tops = new Set(rects.map(r => Math.round(r.top)));
      if (tops.size > 1) out.push(m[0]);
    }
  }
  return out;
}"""

LONG_TITLE = "Machine Learning Engineer Graduate Trainee (Summer 2027 cohort)"


def test_company_pages_keep_dates_whole(live_server, live_db, page, sign_in):
    with live_db():
        member = factories.user_with_role("company", user__full_name="Michelle Lau Wing Yan")
        company = member.membership.company
        for n in range(4):
            factories.PositionFactory(company=company, title=f"{LONG_TITLE} {n}",
                                      deadline=date(2027, 5, 28))
            factories.InternshipFactory(
                company=company, title=LONG_TITLE, status="pending",
                student__user__full_name="Cheung Wing Yan Stephanie Hoi Ching",
                start_date=date(2026, 11, 2), end_date=date(2027, 1, 21))
        email = member.email
    sign_in(page, email)
    for path in ("/home", "/internships/company"):
        page.goto(live_server + path)
        assert page.evaluate(BROKEN_DATES) == [], path
    screenshot(page, "dates-unbroken-interns")


def test_outcomes_list_keeps_dates_whole(live_server, live_db, page, sign_in):
    with live_db():
        admin = factories.user_with_role("admin")
        for _ in range(3):
            factories.GraduateOutcomeFactory(
                employer_name="Electrical and Mechanical Services Department",
                outcome_date=date(2026, 10, 8))
        email = admin.email
    sign_in(page, email)
    page.goto(live_server + "/outcomes/graduates")
    assert page.evaluate(BROKEN_DATES) == []
