"""Money in dashboard cells reads as the interface language writes it: "HKD 222,000" in English,
"222,000 港元" in 繁體中文 (as the `hkd` filter of the other pages)."""

from __future__ import annotations

import pytest

from foundry.dashboards.tables import plain


@pytest.mark.parametrize(("locale", "text"), [("en", "HKD 222,000"), ("zh_Hant", "222,000 港元")])
def test_a_salary_cell_in_each_language(app, locale, text):
    with app.test_request_context(headers={"Cookie": f"locale={locale}"}):
        assert plain(222000, "hkd").text == text
