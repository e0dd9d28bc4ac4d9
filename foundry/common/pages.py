"""Pages of query results: the attributes the `pagination` macro reads, and one query for a
page and its total (`count(*) over ()`), for lists searched on every keystroke."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from foundry.extensions import db


@dataclass
class RowPage:
    """A page of plain rows with the attributes the `pagination` macro reads."""

    items: list
    page: int
    per_page: int
    total: int
    more: bool = False  # the listing stopped at `total`: more rows match than it reads

    @property
    def pages(self) -> int:
        """Number of pages."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        """Whether a previous page exists."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """Whether a next page exists."""
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        """The previous page number."""
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        """The next page number."""
        return self.page + 1 if self.has_next else None


def page_of(stmt: Select, *, page: int, per_page: int) -> RowPage:
    """One page of a select of one entity with the total, in one query: the total rides on
    each row as `count(*) over ()`; only a page past the end needs a separate count."""
    page = max(1, page)
    rows = db.session.execute(stmt.add_columns(func.count().over()).limit(per_page)
                              .offset((page - 1) * per_page)).all()
    if rows:
        total = rows[0][-1]
    elif page == 1:
        total = 0
    else:
        total = db.session.scalar(select(func.count()).select_from(
            stmt.order_by(None).subquery()))
    return RowPage(items=[row[0] for row in rows], page=page, per_page=per_page,
                   total=total or 0)
