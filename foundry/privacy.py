"""Small-number suppression: the ONE step every aggregate passes before it is shown outside the
admin role — on pages, in figure JSON and in CSV downloads (Hong Kong PDPO; DOMAIN.md).

Rules
- A count resting on fewer than SUPPRESSION_THRESHOLD students (config, default 5, never below
  3) is shown as "<5" and carries no rate. Zero identifies nobody and is shown.
- Complementary suppression: where a shown total would let a hidden cell be worked out (the
  total minus the visible cells of its row or column), a second cell is hidden — the smallest
  positive visible cell of that row/column, else the total itself — shown as "n/p" (not
  published). This repeats until no row, column or margin has exactly one hidden member.
- A rate is published only when its denominator has at least `t` students, and neither its
  numerator nor the rest (denominator − numerator) is a small count, nor the part of its
  `parent` outside the denominator, and none of the cells it is computed from is hidden.
- Salary figures need at least `t` salaries (and never fewer than 5).

The functions here are pure (the threshold is passed in); `threshold()` reads the config.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SMALL = "small"
COMPLEMENT = "complement"
NOT_PUBLISHED = "n/p"
MIN_SALARIES = 5


def threshold() -> int:
    """The configured minimum number of students behind a published figure (never below 3)."""
    from flask import current_app

    return max(3, int(current_app.config.get("SUPPRESSION_THRESHOLD", 5)))


def is_small(count: int | None, t: int) -> bool:
    """Whether a count is too small to publish (zero is not identifying and is shown)."""
    return count is not None and 0 < count < t


def small_label(t: int) -> str:
    """The text shown instead of a small count: "<5"."""
    return f"<{t}"


@dataclass(frozen=True)
class Figure:
    """A published number: `value` is None when hidden; `text` is what the reader sees."""

    value: float | int | None
    text: str
    reason: str | None = None  # SMALL | COMPLEMENT | None

    @property
    def hidden(self) -> bool:
        """Whether the number is withheld."""
        return self.reason is not None


def hidden_figure(reason: str, t: int) -> Figure:
    """The placeholder for a withheld number."""
    return Figure(None, small_label(t) if reason == SMALL else NOT_PUBLISHED, reason)


def publish_count(count: int, t: int) -> Figure:
    """A single count on its own (no totals beside it)."""
    if is_small(count, t):
        return hidden_figure(SMALL, t)
    return Figure(count, f"{count:,}")


def rate_is_safe(numerator: int, denominator: int, *, t: int, parent: int | None = None) -> bool:
    """Whether numerator ÷ denominator may be published (see the module rules)."""
    if denominator < t:
        return False
    parts = [numerator, denominator - numerator]
    if parent is not None:
        parts.append(parent - denominator)
    return not any(is_small(part, t) for part in parts)


def publish_rate(numerator: int, denominator: int, *, t: int, parent: int | None = None,
                 inputs_hidden: bool = False) -> Figure:
    """A rate as a Figure (value a fraction 0–1, text "72.3 %"); "<5" when its group or the
    students it counts are fewer than t, "n/p" when it is withheld to protect another figure
    (the rest of the group, a part outside its parent, or a cell withheld elsewhere) — a high
    rate must not read as "<5"."""
    if denominator < t or is_small(numerator, t):
        return hidden_figure(SMALL, t)
    if inputs_hidden or not rate_is_safe(numerator, denominator, t=t, parent=parent):
        return hidden_figure(COMPLEMENT, t)
    value = numerator / denominator
    return Figure(value, f"{value * 100:.1f} %")


def publish_salary(value: float | None, n_salaries: int, *, t: int) -> Figure:
    """A salary statistic, shown only when it rests on at least max(t, 5) salaries."""
    if value is None or n_salaries < max(t, MIN_SALARIES):
        return hidden_figure(SMALL, max(t, MIN_SALARIES)) if n_salaries else Figure(None, "–")
    return Figure(value, f"HKD {value:,.0f}")


@dataclass
class Mask:
    """Which cells of a table (and of its margins) are hidden, and why."""

    body: list[list[str | None]]
    row_totals: list[str | None]
    col_totals: list[str | None]
    grand: str | None = None
    extra: dict = field(default_factory=dict)

    def any_hidden_in_row(self, i: int) -> bool:
        """Whether any cell of row i (or its total) is hidden."""
        return any(self.body[i]) or self.row_totals[i] is not None


def suppress_table(cells: list[list[int]], *, t: int, row_totals: bool = True,
                   col_totals: bool = True, hide_rows: list[bool] | None = None,
                   hide_grand: bool = False) -> Mask:
    """Primary plus complementary suppression of a count table and the totals shown beside it.

    `row_totals` / `col_totals` say whether those margins are published (each margin is the
    sum of its row/column; the grand total is published when both are). `hide_rows` /
    `hide_grand` force row totals (or the grand total) hidden because another table already
    hides them (e.g. "employed" when one employed category is suppressed). Returns the Mask.
    """
    n_rows = len(cells)
    n_cols = len(cells[0]) if cells else 0
    rsum = [sum(row) for row in cells]
    csum = [sum(cells[i][j] for i in range(n_rows)) for j in range(n_cols)]
    grand = sum(rsum)
    # A member is ("b", i, j), ("r", i), ("c", j) or ("g",); values by member.
    value: dict[tuple, int] = {("b", i, j): cells[i][j]
                               for i in range(n_rows) for j in range(n_cols)}
    equations: list[list[tuple]] = []
    if row_totals:
        value.update({("r", i): rsum[i] for i in range(n_rows)})
        equations += [[("b", i, j) for j in range(n_cols)] + [("r", i)] for i in range(n_rows)]
    if col_totals:
        value.update({("c", j): csum[j] for j in range(n_cols)})
        equations += [[("b", i, j) for i in range(n_rows)] + [("c", j)] for j in range(n_cols)]
    if row_totals and col_totals:
        value[("g",)] = grand
        equations.append([("c", j) for j in range(n_cols)] + [("g",)])
        equations.append([("r", i) for i in range(n_rows)] + [("g",)])
    hidden: dict[tuple, str] = {m: SMALL for m, v in value.items() if is_small(v, t)}
    for i, forced in enumerate(hide_rows or []):
        if forced and row_totals and rsum[i] > 0:
            hidden.setdefault(("r", i), COMPLEMENT)
    if hide_grand and grand > 0 and ("g",) in value:
        hidden.setdefault(("g",), COMPLEMENT)
    changed = True
    while changed:
        changed = False
        for members in equations:
            if sum(1 for m in members if m in hidden) != 1:
                continue
            visible = [m for m in members if m not in hidden]
            # Prefer the smallest positive body cell, then the smallest positive margin.
            candidates = sorted((m for m in visible if value[m] > 0),
                                key=lambda m: (m[0] != "b", value[m]))
            if not candidates:
                continue  # the hidden member is 0-determined; nothing else can hide it
            hidden[candidates[0]] = COMPLEMENT
            changed = True
    return Mask(
        body=[[hidden.get(("b", i, j)) for j in range(n_cols)] for i in range(n_rows)],
        row_totals=[hidden.get(("r", i)) for i in range(n_rows)],
        col_totals=[hidden.get(("c", j)) for j in range(n_cols)],
        grand=hidden.get(("g",)),
    )


def apply_mask(cells: list[list[int]], mask: Mask, *, t: int) -> list[list[Figure]]:
    """The body of a count table as Figures, hidden where the mask says."""
    return [[hidden_figure(mask.body[i][j], t) if mask.body[i][j] else Figure(v, f"{v:,}")
             for j, v in enumerate(row)] for i, row in enumerate(cells)]


def margin_figures(values: list[int], reasons: list[str | None], *, t: int) -> list[Figure]:
    """Row or column totals as Figures, hidden where the mask says."""
    return [hidden_figure(r, t) if r else Figure(v, f"{v:,}") for v, r in zip(values, reasons,
                                                                            strict=True)]


def is_suppressed(count: int | None) -> bool:
    """Whether a count is too small to publish under the configured threshold."""
    return is_small(count, threshold())
