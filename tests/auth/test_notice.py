"""Issue 11 (and 14): the personal data notice says truthfully who sees what."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("url", ["/signup", "/privacy"])
def test_notice_says_a_university_holds_its_graduates_destinations(client, url):
    page = client.get(url).get_data(as_text=True)
    assert "never your individual record" not in page
    assert "Who sees what" in page
    # a dean reads and corrects named graduates' destinations (not their salaries) …
    assert "your first destination after graduating (activity, employer and job title, but not " \
           "your salary)" in page
    # … and every statistic outside HKSTP staff is protected against combined views
    assert "even by combining several views" in page and "rounded to a multiple of 5" in page


def test_a_changed_notice_has_a_new_version(app):
    assert app.config["CONSENT_NOTICE_VERSION"] != "2025-02"
