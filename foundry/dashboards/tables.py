"""Published tables: what a chart, its screen-reader data table and its CSV all show.

Every block of a dashboard is turned into ONE `Table` of `foundry.privacy.Figure` cells after
the privacy step; the figure (figures.py), the HTML table in the page and the CSV download are
all rendered from that same Table, so none of them can show more than the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext

from foundry import formatting, privacy
from foundry.privacy import Figure, half_up


@dataclass(frozen=True)
class Column:
    """A column: key, header label and unit (count, percent, hkd, days, number, text)."""

    key: str
    label: str
    unit: str = "count"

    @property
    def header(self) -> str:
        """The label with its unit in brackets: 'Rate (%)' / '比率（%）'."""
        unit = {"percent": "%", "hkd": gettext("HKD"), "days": gettext("days")}.get(self.unit)
        return self.label + formatting.bracketed(unit) if unit else self.label


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

    def withheld_reasons(self) -> list[str]:
        """Why figures of this table (or its comparison) are withheld, in a fixed order."""
        cells = [c for _label, row in self.all_rows() for c in row.values()]
        compare = self.meta.get("compare")
        if isinstance(compare, Figure):
            cells.append(compare)
        elif isinstance(compare, tuple):
            cells += list(compare[1].values())
        return withheld_reasons_of(cells)

    def csv_headers(self) -> list[str]:
        """Header row of the CSV (units in brackets)."""
        return [self.row_header] + [c.header for c in self.columns]

    def csv_rows(self) -> list[list]:
        """The CSV body: numbers as numbers, withheld cells as their "<5" / "n/p" text."""
        return [[label] + [csv_value(cells.get(c.key), c.unit) for c in self.columns]
                for label, cells in self.all_rows()]


def withheld_reasons_of(cells: list) -> list[str]:
    """Why any of these figures is withheld, in a fixed order (for the notes under a chart)."""
    found = {c.reason for c in cells if isinstance(c, Figure) and c.hidden}
    return [r for r in (privacy.FEW_PEOPLE, privacy.FEW_CONTRIBUTORS, privacy.POOLED)
            if r in found]


def csv_value(cell: Figure | None, unit: str):
    """One CSV cell: the same figure the page shows (halves rounded up, as on the page)."""
    if cell is None:
        return ""
    if cell.hidden or cell.value is None or unit == "text":
        return cell.text if (cell.hidden or unit == "text") else ""
    if unit == "percent":
        return half_up(cell.value * 100, 0.1)
    if unit in ("hkd", "days", "count"):
        return int(half_up(cell.value))
    return half_up(float(cell.value), 0.01)


def plain(value, unit: str = "count") -> Figure:
    """A true figure (admin views, or numbers that identify nobody)."""
    if value is None:
        return Figure(None, "–")
    if unit == "percent":
        return Figure(value, f"{half_up(value * 100, 0.1):.1f} %")
    if unit == "hkd":
        return Figure(value, gettext("HKD %(amount)s", amount=f"{half_up(value):,.0f}"))
    if unit == "days":
        return Figure(value, f"{half_up(value):,.0f}")
    if unit == "number":
        return Figure(value, f"{half_up(value, 0.01):,.2f}")
    if unit == "gap":
        return Figure(value, f"{half_up(value, 0.01):+.2f}")
    if unit == "text":
        return Figure(value, str(value))
    return Figure(value, f"{value:,}")


@dataclass
class CountTable:
    """A count table as published: body, row totals, column totals and grand total."""

    body: list[list[Figure]]
    row_totals: list[Figure]
    col_totals: list[Figure]
    grand: Figure


class Publisher:
    """The privacy step for one viewer: `rules` (privacy.rules()) or None for admins, who see
    true values. Every builder of a published Table goes through one of these methods."""

    def __init__(self, rules: privacy.Rules | None):
        self.rules = rules

    @property
    def protects(self) -> bool:
        """Whether figures are protected (everyone but admins)."""
        return self.rules is not None

    def count(self, n: int) -> Figure:
        """A count (rounded)."""
        return privacy.publish_count(n, self.rules) if self.rules else plain(n)

    def rate(self, numerator: int, denominator: int) -> Figure:
        """numerator ÷ denominator (withheld for small groups)."""
        if not denominator:
            return Figure(None, "–")
        if not self.rules:
            return plain(numerator / denominator, "percent")
        return privacy.publish_rate(numerator, denominator, self.rules)

    def mean(self, value: float | None, n: int, unit: str) -> Figure:
        """A mean over n contributors (hours per pair, skills gap …)."""
        if not self.rules:
            return plain(value, unit)
        return privacy.publish_mean(value, n, unit, self.rules)

    def quantile(self, value: float | None, n: int, unit: str) -> Figure:
        """A median or other quantile over n values (salaries, days)."""
        if not self.rules:
            return plain(value, unit)
        return privacy.publish_quantile(value, n, unit, self.rules)

    def count_table(self, cells: list[list[int]]) -> CountTable:
        """Body and margins of a count table, each from true values, then protected."""
        n_cols = len(cells[0]) if cells else 0
        return CountTable(
            body=[[self.count(v) for v in row] for row in cells],
            row_totals=[self.count(sum(row)) for row in cells],
            col_totals=[self.count(sum(row[j] for row in cells)) for j in range(n_cols)],
            grand=self.count(sum(sum(row) for row in cells)))
