"""The disclosure-control step on literal numbers: rounding, percentages, averages, quantiles,
pooled figures, and the settings that may only make it stricter."""

from __future__ import annotations

import pytest

from foundry import privacy
from foundry.privacy import (
    FEW_CONTRIBUTORS,
    FEW_PEOPLE,
    Rules,
    half_up,
    pool_is_safe,
    publish_mean,
    publish_quantile,
    publish_rate,
    round_count,
)

KEYED = Rules(key=b"test-key")


def test_cell_key_rounding_is_unbiased_consistent_and_keeps_multiples():
    for n in range(200):
        shown = round_count(n, KEYED)
        assert shown % 5 == 0 and abs(shown - n) < 5
        assert shown == round_count(n, KEYED)  # same input, same output (no averaging)
        if n % 5 == 0:
            assert shown == n
    # the direction depends on the key: another key rounds some counts the other way
    other = Rules(key=b"another-key")
    assert [round_count(n, KEYED) for n in range(50)] != [round_count(n, other) for n in range(50)]
    # over many counts the rounding is unbiased (a count of 1 goes up a fifth of the time …)
    ups = sum(round_count(5 * k + 1, KEYED) > 5 * k + 1 for k in range(2000))
    assert 300 < ups < 500


def test_percentages_from_rounded_counts_withheld_below_22_5_people():
    assert publish_rate(10, 22, KEYED).reason == FEW_PEOPLE
    figure = publish_rate(10, 23, KEYED)
    assert not figure.hidden
    assert figure.value == round_count(10, KEYED) / round_count(23, KEYED)
    assert figure.text.endswith(" %") and "." not in figure.text
    assert publish_rate(0, 0, KEYED).text == "–"
    assert publish_rate(24, 24, KEYED).value <= 1.0


def test_means_need_seven_and_quantiles_ten_and_are_rounded():
    assert publish_mean(2.5, 6, "number", KEYED).reason == FEW_CONTRIBUTORS
    assert publish_mean(2.46, 7, "number", KEYED).text == "2.5"
    assert publish_mean(0.25, 7, "gap", KEYED).text == "+0.3"
    assert publish_quantile(312_345, 9, "hkd", KEYED).reason == FEW_CONTRIBUTORS
    assert publish_quantile(312_500, 10, "hkd", KEYED).text == "HKD 313,000"
    assert publish_quantile(52.5, 10, "days", KEYED).text == "53"


def test_halves_round_up_not_to_even():
    assert half_up(52.5) == 53 and half_up(53.5) == 54 and half_up(0.125, 0.01) == 0.13


def test_pooled_figures_need_three_others_none_dominant():
    assert not pool_is_safe([40, 30], KEYED)  # two others: all minus mine is theirs
    assert not pool_is_safe([100, 10, 10, 0], KEYED)  # one other holds 83 %
    assert pool_is_safe([30, 30, 30], KEYED)
    assert pool_is_safe([75, 15, 10], KEYED)


@pytest.mark.parametrize(("name", "value", "field", "expected"), [
    ("DISCLOSURE_ROUNDING_BASE", 3, "base", 5),
    ("DISCLOSURE_ROUNDING_BASE", 10, "base", 10),
    ("DISCLOSURE_MIN_PERCENT_BASE", 10, "min_percent_base", 22.5),
    ("DISCLOSURE_MIN_AVERAGE", 3, "min_average", 7),
    ("DISCLOSURE_MIN_QUANTILE", 20, "min_quantile", 20),
    ("DISCLOSURE_MONEY_STEP", 1, "money_step", 1000),
    ("POOL_MIN_OTHERS", 1, "pool_min_others", 3),
    ("POOL_MAX_SHARE", 0.99, "pool_max_share", 0.75),
])
def test_settings_can_only_make_the_rules_stricter(app, monkeypatch, name, value, field,
                                                  expected):
    monkeypatch.setitem(app.config, name, value)
    with app.app_context():
        assert getattr(privacy.rules(), field) == expected
