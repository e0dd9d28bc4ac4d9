"""Issue 14: one date and time format, in Hong Kong time, on every page. Over the demo data,
each role's menu pages and the pages they link to (events, sessions, campaigns, programmes,
SSO settings, outgoing mail, talent …) are rendered in English and 繁體中文; the visible text
must hold no raw ISO date or timestamp and no "UTC" / "+00:00"."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from foundry.models import User
from foundry.seed.demo import DEMO_ACCOUNTS, seed_demo
from tests.htmlcheck import role_paths

RAW = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?|\bUTC\b|[+-]00:00\b|\bGMT\b")
LINK = re.compile(r'href="(/[^"#?]*)"')
SKIP = ("/static/", "/logout", "/exports/", "/api/", "/dashboards/assets", "/bootstrap/",
        "/language", "/imports/templates/", "/calendar", ".ics", ".csv", ".json", "/cv")
PER_PATTERN = 2  # pages per URL shape (ids replaced): /events/1 and /events/2, not all 40


class _Text(HTMLParser):
    """The visible text of a page (no script, style, attribute values or <template>)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def _pages(client, start: list[str]) -> dict[str, str]:
    """The start pages and the site pages they link to (a few per URL shape)."""
    seen: dict[str, str] = {}
    shapes: dict[str, int] = {}
    queue = list(start)
    while queue and len(seen) < 120:
        path = queue.pop(0)
        if path in seen or any(s in path for s in SKIP):
            continue
        shape = re.sub(r"\d+", "N", path)
        if shapes.get(shape, 0) >= PER_PATTERN and path not in start:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            seen[path] = ""
            continue
        html = response.get_data(as_text=True)
        seen[path] = html
        if path in start:  # one level down from the menu pages
            queue += [link for link in LINK.findall(html) if link not in seen]
    return seen


@pytest.fixture(scope="module")
def demo_emails():
    return {label: email for label, email, _n, _w in DEMO_ACCOUNTS}


@pytest.mark.parametrize("role", ["student", "company", "dean", "admin", "external"])
def test_no_raw_dates_or_utc_on_any_page(app, client, db, login_as, demo_emails, role):
    seed_demo()
    db.session.commit()
    user = db.session.query(User).filter_by(email=demo_emails[role]).one()
    login_as(user)
    offenders = []
    for locale in ("en", "zh_Hant"):
        client.set_cookie("locale", locale)
        for path, html in _pages(client, role_paths(app, role)).items():
            text = visible_text(html)
            for match in RAW.finditer(text):
                around = text[max(0, match.start() - 40):match.end() + 20].replace("\n", " ")
                offenders.append(f"{locale} {path}: {match.group(0)!r} in …{around}…")
    assert offenders == []
