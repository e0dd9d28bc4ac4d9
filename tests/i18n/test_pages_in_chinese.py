"""Every page without URL parameters renders in Traditional Chinese for each role, no errors."""

from __future__ import annotations

import re

import pytest

SKIP_PREFIXES = ("/api/", "/static/", "/bootstrap/", "/healthz", "/favicon")


def _plain_get_pages(app) -> list[str]:
    """GET routes that take no URL parameter (HTML pages, CSV downloads, …)."""
    return sorted(
        rule.rule for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and not rule.arguments
        and not rule.rule.startswith(SKIP_PREFIXES)
    )


@pytest.mark.parametrize("role", [None, "student", "company", "dean", "admin"])
def test_every_page_renders_in_chinese(app, client, login_as, role):
    """No 500 in zh_Hant (a broken %(placeholder)s would raise); HTML pages say lang zh-Hant."""
    if role:
        login_as(role)
    client.set_cookie("locale", "zh_Hant")
    checked = 0
    for url in _plain_get_pages(app):
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code == 200 and response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            if "<html" in html:
                assert re.search(r'<html lang="zh-Hant"', html), url
                checked += 1
    assert checked > 3
