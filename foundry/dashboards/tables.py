"""Published tables: what a chart, its screen-reader data table and its CSV all show.

Every block of a dashboard is turned into ONE `Table` of `foundry.privacy.Figure` cells after
the privacy step; the figure (figures.py), the HTML table in the page and the CSV download are
all rendered from that same Table, so none of them can show more than the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from foundry import privacy
from foundry.privacy import Figure


@dataclass(frozen=True)
class Column:
    """A column: key, header label and unit (count, percent, hkd, days, number, text)."""

    key: str
    label: str
    unit: str = "count"


@dataclass
class Table:
    """A published table: the first column labels the rows; cells are Figures."""

    name: str
    title: str
    row_header: str
    columns: list[Column]
    rows: list[tuple[str, dict[str, Figure]]] = field(default_factory=list)
    total: tuple[str, dict[str, Figure]] | None = None
    formulas: list[str] = field(default_factory=list)
    note: str = ""
    meta: dict = field(default_factory=dict)  # figure hints (e.g. series to draw)

    @property
    def empty(self) -> bool:
        """Whether there is nothing to show."""
        return not self.rows

    def all_rows(self) -> list[tuple[str, dict[str, Figure]]]:
        """Body rows, then the total row when there is one."""
        return self.rows + ([self.total] if self.total else [])

    def csv_headers(self) -> list[str]:
        """Header row of the CSV (units in brackets)."""
        suffix = {"percent": " (%)", "hkd": " (HKD)", "days": " (days)"}
        return [self.row_header] + [c.label + suffix.get(c.unit, "") for c in self.columns]

    def csv_rows(self) -> list[list]:
        """The CSV body: numbers as numbers, withheld cells as their "<5" / "n/p" text."""
        return [[label] + [csv_value(cells.get(c.key), c.unit) for c in self.columns]
                for label, cells in self.all_rows()]


def csv_value(cell: Figure | None, unit: str):
    """One CSV cell: the same figure the page shows."""
    if cell is None:
        return ""
    if cell.hidden or cell.value is None or unit == "text":
        return cell.text if (cell.hidden or unit == "text") else ""
    if unit == "percent":
        return round(cell.value * 100, 1)
    if unit in ("hkd", "days", "count"):
        return round(cell.value)
    return round(float(cell.value), 2)


def plain(value, unit: str = "count") -> Figure:
    """An unsuppressed figure (admin views, or numbers that identify nobody)."""
    if value is None:
        return Figure(None, "–")
    if unit == "percent":
        return Figure(value, f"{value * 100:.1f} %")
    if unit == "hkd":
        return Figure(value, f"HKD {value:,.0f}")
    if unit == "days":
        return Figure(value, f"{value:,.0f}")
    if unit == "number":
        return Figure(value, f"{value:,.2f}")
    if unit == "text":
        return Figure(value, str(value))
    return Figure(value, f"{value:,}")


class Publisher:
    """Applies (or, for admins, skips) the privacy step with one threshold."""

    def __init__(self, *, suppress: bool, t: int):
        self.suppress = suppress
        self.t = t

    def count(self, n: int) -> Figure:
        """A count standing alone."""
        return privacy.publish_count(n, self.t) if self.suppress else plain(n)

    def rate(self, numerator: int, denominator: int, *, parent: int | None = None,
             inputs_hidden: bool = False) -> Figure:
        """numerator ÷ denominator, or "<5"."""
        if not denominator:
            return Figure(None, "–")
        if not self.suppress:
            return plain(numerator / denominator, "percent")
        return privacy.publish_rate(numerator, denominator, t=self.t, parent=parent,
                                    inputs_hidden=inputs_hidden)

    def salary(self, value: float | None, n: int) -> Figure:
        """A salary statistic (needs ≥ 5 salaries outside the admin role)."""
        if not self.suppress:
            return plain(value, "hkd")
        return privacy.publish_salary(value, n, t=self.t)

    def measure(self, value: float | None, n: int, unit: str) -> Figure:
        """A mean/median over n students (days, levels …): hidden when n is small."""
        if self.suppress and privacy.is_small(n, self.t):
            return privacy.hidden_figure(privacy.SMALL, self.t)
        return plain(value, unit) if value is not None else Figure(None, "–")

    def count_table(self, cells: list[list[int]], *, row_totals: bool = True,
                    col_totals: bool = True, hide_rows: list[bool] | None = None,
                    hide_grand: bool = False) -> tuple[list[list[Figure]], list[Figure],
                                                      list[Figure], Figure, privacy.Mask]:
        """Body, row totals, column totals and grand total of a count table, suppressed."""
        n_cols = len(cells[0]) if cells else 0
        if self.suppress:
            mask = privacy.suppress_table(cells, t=self.t, row_totals=row_totals,
                                          col_totals=col_totals, hide_rows=hide_rows,
                                          hide_grand=hide_grand)
        else:
            mask = privacy.Mask([[None] * n_cols for _ in cells], [None] * len(cells),
                                [None] * n_cols)
        body = privacy.apply_mask(cells, mask, t=self.t)
        rtot = privacy.margin_figures([sum(r) for r in cells], mask.row_totals, t=self.t)
        ctot = privacy.margin_figures([sum(r[j] for r in cells) for j in range(n_cols)],
                                      mask.col_totals, t=self.t)
        grand_value = sum(sum(r) for r in cells)
        grand = (privacy.hidden_figure(mask.grand, self.t) if mask.grand
                 else plain(grand_value))
        return body, rtot, ctot, grand, mask
