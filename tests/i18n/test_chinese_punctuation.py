"""No English punctuation in Chinese text: every page each demo account reaches, in 繁體中文,
shows full-width punctuation next to Chinese characters (「，」 not ", ", 「：」 not ": ",
「（」 not "("). The pages come from `app.url_map` and the links on them
(tests/browser/crawl.py), over the demo data, so what code assembles (joined names, "label:
value" lines) is checked too, not only the catalogue."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from foundry.extensions import db as _db
from foundry.models import User
from foundry.seed.demo import DEMO_ACCOUNTS, seed_demo
from tests.browser.crawl import walk

BASE = "http://localhost"
CJK = r"[\u3400-\u9fff]"
# A Chinese character next to an ASCII comma, colon, semicolon, question or exclamation mark or
# a bracket (a full stop is left out: "3.5" and "example.com" sit next to Chinese legitimately).
MIXED = re.compile(rf"{CJK}\s*[,:;?!()]|[,:;?!(]\s*{CJK}|{CJK}\s*\)")
INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")


def visible_text(page: str) -> str:
    """The text a reader sees (no scripts, styles or attributes)."""
    return html.unescape(TAG.sub(" ", INVISIBLE.sub(" ", page)))


def mixed_punctuation(text: str) -> list[str]:
    """Each place where English punctuation touches Chinese text, with a little context."""
    return [text[max(0, m.start() - 12):m.end() + 12].strip() for m in MIXED.finditer(text)]


class _Request:
    """The test client behind the interface crawl.walk expects of Playwright's request."""

    def __init__(self, client):
        self.client = client

    def get(self, url: str, max_redirects: int = 0):
        response = self.client.get(url.removeprefix(BASE))
        return SimpleNamespace(status=response.status_code, headers=response.headers,
                               text=lambda: response.get_data(as_text=True))


def test_the_check_finds_mixed_punctuation_and_accepts_full_width():
    assert mixed_punctuation("學生: 陳大文") and mixed_punctuation("(香港)")
    assert mixed_punctuation("工程學院, 理學院")
    assert not mixed_punctuation("學生：陳大文（香港），工程學院、理學院")
    assert not mixed_punctuation("Students: 12, Faculty (HKU)") and not mixed_punctuation("3.5 分")


@pytest.mark.parametrize("label", ["student", "graduate", "company", "dean", "admin"])
def test_chinese_pages_use_chinese_punctuation(app, db, client, login_as, label):
    seed_demo()
    _db.session.commit()
    email = next(e for role, e, _n, _w in DEMO_ACCOUNTS if role == label)
    user = _db.session.scalar(select(User).where(User.email == email))
    login_as(user)
    client.set_cookie("locale", "zh_Hant")
    found, visited = [], 0
    for url in walk(app, _Request(client), BASE, user.role, limit=120):
        page = client.get(url.removeprefix(BASE)).get_data(as_text=True)
        visited += 1
        found += [f"{url.removeprefix(BASE)}: {snippet!r}"
                  for snippet in mixed_punctuation(visible_text(page))]
    assert visited >= 8
    assert found == [], f"{len(found)} places:\n" + "\n".join(sorted(set(found))[:60])
