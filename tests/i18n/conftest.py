"""i18n fixtures: make sure the zh_Hant catalogues are compiled, so plain `pytest` works too."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "foundry" / "translations"
PO = TRANSLATIONS / "zh_Hant" / "LC_MESSAGES" / "messages.po"
WTFORMS_PO = PO.with_name("wtforms.po")


def compile_catalogue(po: Path) -> None:
    """Compile a .po beside itself (what `make install` does), atomically for parallel workers."""
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="zh_Hant")
    mo = po.with_suffix(".mo")
    fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
    with os.fdopen(fd, "wb") as handle:
        write_mo(handle, catalog)
    os.replace(tmp, mo)


def ensure_catalogues_compiled(app) -> None:
    """Compile each catalogue whose .mo is missing or older than its .po; drop cached ones."""
    from foundry.extensions import _wtforms_catalogue

    stale = [po for po in (PO, WTFORMS_PO)
             if not po.with_suffix(".mo").exists()
             or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    for po in stale:
        compile_catalogue(po)
    if stale:  # forget catalogues loaded (empty) before the .mo existed
        with app.app_context():
            app.extensions["babel"].instance.domain_instance.cache.clear()
        _wtforms_catalogue.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues(app):
    """The zh_Hant catalogues are compiled before any i18n test runs."""
    ensure_catalogues_compiled(app)
