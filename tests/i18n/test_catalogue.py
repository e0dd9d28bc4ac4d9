"""Sanity of the zh_Hant catalogue: placeholders kept, no stale fuzzy entries, compiles."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from tests.i18n.conftest import PO, WTFORMS_PO


def _catalogue(po=PO):
    """A zh_Hant catalogue as babel reads it."""
    with po.open("rb") as handle:
        return read_po(handle, locale="zh_Hant")


@pytest.mark.parametrize("po", [PO, WTFORMS_PO], ids=["messages", "wtforms"])
def test_every_translation_keeps_the_placeholders_of_its_msgid(po):
    """%(name)s and friends survive translation, or the page would crash or show the wrong value."""
    problems = []
    for message in _catalogue(po):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = sorted(set().union(*(_names(i) for i in ids)))
        for string in strings:
            if string and sorted(_names(string)) != expected:
                problems.append((ids[0], string))
    assert problems == []


def _names(text: str) -> set[str]:
    """The %(name)s placeholders of a message, plus positional ones and %%."""
    named = set(re.findall(r"%\((\w+)\)[sdifr]", text))
    positional = set(re.findall(r"%[sdif%]", re.sub(r"%\(\w+\)[sdifr]", "", text)))
    return named | positional


@pytest.mark.parametrize("po", [PO, WTFORMS_PO], ids=["messages", "wtforms"])
def test_catalogue_is_chinese_with_one_plural_form_and_no_errors(po):
    """The header says zh_Hant with nplurals=1, not fuzzy; babel finds no format errors."""
    catalogue = _catalogue(po)
    assert str(catalogue.locale) == "zh_Hant"
    assert catalogue.num_plurals == 1
    assert not catalogue.fuzzy
    errors = [(m.id, errs) for m, errs in catalogue.check()]
    assert errors == []


def test_key_strings_are_translated():
    """The navigation, sign-in and home-page basics are never left in English."""
    catalogue = _catalogue()
    for msgid in ("Home", "Talent Pool", "Sign in", "Sign out", "Student sign-up", "Password",
                  "Internship", "Applications"):
        message = catalogue.get(msgid)
        assert message is not None and message.string, msgid


def test_flask_babel_finds_the_catalogue_in_foundry_translations(app):
    """Flask-Babel's default directory ('translations' under the app root) is ours."""
    directories = [str(d) for d in app.extensions["babel"].translation_directories]
    assert str(PO.parents[2]) in directories
