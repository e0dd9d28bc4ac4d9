"""Disclosure control: the ONE step every figure passes before it is shown outside the admin
role — pages, tiles, home pages, figure JSON and hover text, CSV, the API, printed reports.

It is applied after calculation, to true values from any source (live SQL, a summary table),
so no figure is ever computed from protected ones except the rates below.

Rules (the defaults; settings may make them stricter, never weaker — `rules()`)
- Counts are rounded to a multiple of 5 (`DISCLOSURE_ROUNDING_BASE`), as HESA publishes them,
  but by cell-key random rounding: a count between two multiples goes up or down with a
  chance in proportion to its distance (unbiased), the direction decided by a keyed hash of
  the count itself (HMAC with `DISCLOSURE_KEY`), so the same figure always gives the same
  answer — reloading or asking through another filter averages nothing away. Exact multiples
  (and zero) are never changed, so a shown 0 may hide 1–4 people and a shown 5 anything from 1
  to 9. (HESA's deterministic nearest-multiple rounding, 0–2 → 0, 3–7 → 5, is NOT offered:
  the differencing attack in tests/dashboards pins figures under it.)
- Percentages are withheld when the group (the denominator) has fewer than 22.5 people
  (`DISCLOSURE_MIN_PERCENT_BASE`); otherwise they are worked out from the rounded counts shown
  beside them, so they tell nothing the counts do not.
- Means are withheld below 7 contributors (`DISCLOSURE_MIN_AVERAGE`); medians and other
  quantiles below 10 (`DISCLOSURE_MIN_QUANTILE`), and quantiles are interpolated between two
  values. Money is rounded to HKD 1,000 (`DISCLOSURE_MONEY_STEP`), days to whole days.
- A figure pooling other organisations needs at least 3 others (`POOL_MIN_OTHERS`), none
  above 75 % of them (`POOL_MAX_SHARE`) — see `pool_is_safe`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from flask_babel import gettext

FEW_PEOPLE = "few_people"  # a percentage of fewer than 22.5 people
FEW_CONTRIBUTORS = "few_contributors"  # a mean, median or quantile of too few values
POOLED = "pooled"  # a pooled figure with too few (or one dominant) other organisations
NOT_PUBLISHED = "n/p"
# The floors: settings may raise them, never lower them (issue 11: never below the rules above).
FLOORS = {"base": 5, "min_percent_base": 22.5, "min_average": 7, "min_quantile": 10,
          "money_step": 1000, "pool_min_others": 3}
POOL_MAX_SHARE_CEILING = 0.75


@dataclass(frozen=True)
class Rules:
    """The disclosure-control settings in force."""

    key: bytes
    base: int = 5
    min_percent_base: float = 22.5
    min_average: int = 7
    min_quantile: int = 10
    money_step: int = 1000
    pool_min_others: int = 3
    pool_max_share: float = 0.75


def rules() -> Rules:
    """The configured rules, never weaker than the floors."""
    from flask import current_app

    config = current_app.config
    secret = config.get("DISCLOSURE_KEY") or hmac.new(
        str(config.get("SECRET_KEY") or "").encode(), b"disclosure-key", hashlib.sha256
    ).hexdigest()
    return Rules(
        key=str(secret).encode(),
        base=max(FLOORS["base"], int(config.get("DISCLOSURE_ROUNDING_BASE", 5))),
        min_percent_base=max(FLOORS["min_percent_base"],
                             float(config.get("DISCLOSURE_MIN_PERCENT_BASE", 22.5))),
        min_average=max(FLOORS["min_average"], int(config.get("DISCLOSURE_MIN_AVERAGE", 7))),
        min_quantile=max(FLOORS["min_quantile"], int(config.get("DISCLOSURE_MIN_QUANTILE", 10))),
        money_step=max(FLOORS["money_step"], int(config.get("DISCLOSURE_MONEY_STEP", 1000))),
        pool_min_others=max(FLOORS["pool_min_others"], int(config.get("POOL_MIN_OTHERS", 3))),
        pool_max_share=min(POOL_MAX_SHARE_CEILING, float(config.get("POOL_MAX_SHARE", 0.75))),
    )


@dataclass(frozen=True)
class Figure:
    """A published number: `value` is None when withheld; `text` is what the reader sees."""

    value: float | int | None
    text: str
    reason: str | None = None  # FEW_PEOPLE | FEW_CONTRIBUTORS | POOLED | None

    @property
    def hidden(self) -> bool:
        """Whether the number is withheld."""
        return self.reason is not None


def withheld(reason: str) -> Figure:
    """The placeholder for a withheld number ("n/p", not published; the page says why)."""
    return Figure(None, NOT_PUBLISHED, reason)


def half_up(value: float, step: float = 1) -> float:
    """Round to a multiple of `step`, halves away from zero (52.5 days → 53, never 52)."""
    quantum = Decimal(str(step))
    return float((Decimal(str(value)) / quantum).quantize(Decimal(1), ROUND_HALF_UP) * quantum)


@lru_cache(maxsize=4096)
def _unit(key: bytes, count: int) -> float:
    """A number in [0, 1) fixed by the key and the count (the cell key)."""
    digest = hmac.new(key, str(count).encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def round_count(count: int, rules: Rules) -> int:
    """A count rounded to a multiple of the base, up or down as its cell key says."""
    if count <= 0:
        return 0
    low, rest = count - count % rules.base, count % rules.base
    if rest == 0:
        return count
    return low + rules.base if _unit(rules.key, count) < rest / rules.base else low


def publish_count(count: int, rules: Rules) -> Figure:
    """A count, rounded."""
    shown = round_count(count, rules)
    return Figure(shown, f"{shown:,}")


def percent_text(value: float) -> str:
    """A share as a whole percentage, halves up ("67 %")."""
    return f"{half_up(value * 100):.0f} %"


def publish_rate(numerator: int, denominator: int, rules: Rules) -> Figure:
    """numerator ÷ denominator from the rounded counts; withheld below 22.5 people."""
    if denominator <= 0:
        return Figure(None, "–")
    if denominator < rules.min_percent_base:
        return withheld(FEW_PEOPLE)
    shown_num, shown_den = round_count(numerator, rules), round_count(denominator, rules)
    value = min(1.0, shown_num / shown_den)
    return Figure(value, percent_text(value))


def rounded_measure(value: float, unit: str, rules: Rules) -> Figure:
    """A mean or quantile in its published precision (HKD 1,000s, whole days, 0.1)."""
    if unit == "hkd":
        shown = half_up(value, rules.money_step)
        return Figure(shown, gettext("HKD %(amount)s", amount=f"{shown:,.0f}"))
    if unit == "days":
        shown = half_up(value)
        return Figure(shown, f"{shown:,.0f}")
    shown = half_up(value, 0.1)
    return Figure(shown, f"{shown:+.1f}" if unit == "gap" else f"{shown:,.1f}")


def publish_mean(value: float | None, n: int, unit: str, rules: Rules) -> Figure:
    """A mean over n contributors: withheld below `min_average`, rounded."""
    if value is None or n <= 0:
        return Figure(None, "–")
    if n < rules.min_average:
        return withheld(FEW_CONTRIBUTORS)
    return rounded_measure(value, unit, rules)


def publish_quantile(value: float | None, n: int, unit: str, rules: Rules) -> Figure:
    """A median or other (interpolated) quantile over n values: withheld below
    `min_quantile` (so it is never one person's value in a small group), rounded."""
    if value is None or n <= 0:
        return Figure(None, "–")
    if n < max(rules.min_quantile, rules.min_average):
        return withheld(FEW_CONTRIBUTORS)
    return rounded_measure(value, unit, rules)


def pool_is_safe(others: list[int], rules: Rules) -> bool:
    """Whether a figure pooling organisations may be shown to one of them: at least
    `pool_min_others` OTHER organisations contribute (the viewer's own part protects nobody:
    they can subtract it), and none of them more than `pool_max_share` of what the others
    contribute together. `others`: each other organisation's part (zeros do not count)."""
    others = [p for p in others if p > 0]
    if len(others) < rules.pool_min_others:
        return False
    return max(others) <= rules.pool_max_share * sum(others)


def display_rules() -> dict[str, str | int]:
    """The rules in force as the words of the privacy notes (placeholders of FORMULAS)."""
    r = rules()
    return {"base": r.base, "below": r.base - 1, "pct": f"{r.min_percent_base:g}",
            "mean": r.min_average, "q": max(r.min_quantile, r.min_average),
            "money": f"{r.money_step:,}", "others": r.pool_min_others,
            "share": f"{r.pool_max_share * 100:g} %"}
