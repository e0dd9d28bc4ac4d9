"""Counts in sentences are grouped as the language writes them: "2,300 companies", not "2300"."""

from __future__ import annotations

import pytest
from flask import render_template_string

from tests.i18n.conftest import ensure_catalogues_compiled

COUNT = "{{ ngettext('%(num)d position', '%(num)d positions', n) }}"


@pytest.mark.parametrize(("locale", "n", "text"), [
    ("en", 1, "1 position"),
    ("en", 2300, "2,300 positions"),
    ("zh_Hant", 2300, "2,300 個職位"),
])
def test_a_counted_phrase_groups_its_digits(app, locale, n, text):
    ensure_catalogues_compiled(app)
    with app.test_request_context(headers={"Cookie": f"locale={locale}"}):
        assert render_template_string(COUNT, n=n) == text


def test_a_counted_phrase_still_escapes_its_values(app):
    template = ("{{ ngettext('%(num)d reply to %(who)s', '%(num)d replies to %(who)s', 1000,"
                " who=who) }}")
    with app.test_request_context():
        assert render_template_string(template, who="<b>Ann</b>") == \
            "1,000 replies to &lt;b&gt;Ann&lt;/b&gt;"
