"""The suppression step on hand-built tables: small cells, complements, rates and salaries."""

from __future__ import annotations

import itertools

from foundry import privacy
from foundry.privacy import COMPLEMENT, SMALL, publish_rate, publish_salary, suppress_table

T = 5


def solvable(cells, mask, *, row_totals=True, col_totals=True) -> bool:
    """Whether some hidden body cell can be worked out from the visible cells and totals
    (a row or column whose only hidden member is that cell)."""
    n_rows, n_cols = len(cells), len(cells[0])
    for i in range(n_rows):
        hidden = [j for j in range(n_cols) if mask.body[i][j]]
        if row_totals and not mask.row_totals[i] and len(hidden) == 1:
            return True
    for j in range(n_cols):
        hidden = [i for i in range(n_rows) if mask.body[i][j]]
        if col_totals and not mask.col_totals[j] and len(hidden) == 1:
            return True
    return False


def test_small_cells_hidden_zero_shown():
    mask = suppress_table([[0, 3, 10, 12]], t=T, col_totals=False)
    assert mask.body[0][0] is None  # zero identifies nobody
    assert mask.body[0][1] == SMALL
    # the row total (25) is shown, so a second cell is hidden: the next smallest, 10
    assert mask.body[0][2] == COMPLEMENT
    assert mask.body[0][3] is None


def test_complement_in_columns_and_rows():
    cells = [[3, 20, 7],
             [9, 8, 30],
             [6, 40, 11]]
    mask = suppress_table(cells, t=T)
    assert mask.body[0][0] == SMALL
    # row 0: next smallest positive is 7; column 0: next smallest is 6
    assert mask.body[0][2] == COMPLEMENT
    assert mask.body[2][0] == COMPLEMENT
    assert not solvable(cells, mask)


def test_margin_that_is_itself_small_is_hidden_and_protected():
    cells = [[2, 1], [20, 30]]  # row 0 total = 3 is small too
    mask = suppress_table(cells, t=T)
    assert mask.row_totals[0] == SMALL
    # the grand total minus the other row total would give 3: another row total goes
    assert mask.row_totals[1] == COMPLEMENT or mask.grand is not None
    assert not solvable(cells, mask)


def test_single_column_with_total():
    cells = [[4], [12], [30]]
    mask = suppress_table(cells, t=T, row_totals=False)
    assert mask.body[0][0] == SMALL
    assert mask.body[1][0] == COMPLEMENT  # the column total would reveal the 4


def test_forced_row_total_gets_a_complement():
    cells = [[10, 20], [30, 40]]
    mask = suppress_table(cells, t=T, hide_rows=[True, False])
    assert mask.row_totals[0] == COMPLEMENT
    assert any(mask.body[0])  # else 10 + 20 would show it


def test_no_hidden_cell_is_ever_solvable_exhaustive_small_tables():
    values = (0, 1, 4, 5, 9)
    for flat in itertools.product(values, repeat=4):
        cells = [list(flat[:2]), list(flat[2:])]
        mask = suppress_table(cells, t=T)
        assert not solvable(cells, mask), cells
        for i, j in itertools.product(range(2), range(2)):
            if 0 < cells[i][j] < T:
                assert mask.body[i][j] == SMALL


def test_rates():
    assert publish_rate(3, 40, t=T).text == "<5"  # rests on 3 students
    # the other 3 would be revealed: withheld, but as "n/p" — a 92 % rate must not read "<5"
    assert publish_rate(37, 40, t=T).text == "n/p"
    assert publish_rate(37, 40, t=T).value is None
    assert publish_rate(4, 4, t=T).value is None  # denominator below 5
    assert publish_rate(20, 40, t=T).text == "50.0 %"
    assert publish_rate(0, 40, t=T).text == "0.0 %"
    # a denominator that is a parent minus a small number reveals that number
    assert publish_rate(20, 37, t=T, parent=40).hidden
    assert publish_rate(20, 40, t=T, inputs_hidden=True).hidden


def test_salaries_need_five():
    assert publish_salary(390000, 4, t=3).hidden  # never fewer than 5 salaries
    assert publish_salary(390000, 5, t=5).text == "HKD 390,000"
    assert publish_salary(None, 0, t=5).text == "–"


def test_threshold_never_below_three(app):
    with app.test_request_context():
        app.config["SUPPRESSION_THRESHOLD"] = 1
        try:
            assert privacy.threshold() == 3
        finally:
            app.config["SUPPRESSION_THRESHOLD"] = 5
        assert privacy.threshold() == 5
