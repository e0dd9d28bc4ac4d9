"""Issue 14: the admin's side-by-side trend draws one line per university (not one pooled
line); a missing or withheld point is a gap, and the page says why each line breaks."""

from __future__ import annotations

import csv
import io
from datetime import date

from foundry import privacy
from foundry.dashboards import figures
from foundry.dashboards.blocks import university_trend_table
from foundry.dashboards.metrics import OutcomeRow
from foundry.dashboards.tables import Publisher
from tests import factories as f
from tests.dashboards.cohort import build_cohort, outcome


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_admin_trend_has_a_line_per_university_and_explains_gaps(client, login_as, db):
    build_cohort()  # HKX: cohorts 2024 and 2025
    other = f.FacultyFactory(university__code="HKY", university__name="Hong Kong Y University")
    for category in ("employed_full_time", "further_study", "seeking"):
        outcome(f.StudentProfileFactory(faculty=other, expected_graduation=date(2024, 6, 30)),
                category)
    login_as("admin")
    rows = _rows(client.get("/dashboards/admin/data/trend.csv"))
    labels = [r[0] for r in rows[1:]]
    assert "HKX 2024/25" in labels and "HKX 2023/24" in labels and "HKY 2023/24" in labels
    assert "HKY 2024/25" not in labels
    assert not any(label.startswith("All universities") for label in labels)
    hky = next(r for r in rows if r[0] == "HKY 2023/24")
    assert hky[1:] == ["3", "100.0", "66.7", "33.3"]
    fig = client.get("/dashboards/admin/figures/trend.json").get_json()
    names = {t["name"] for t in fig["data"] if t.get("showlegend") is not False}
    assert names == {"HKX", "HKY"}
    hky_lines = [t for t in fig["data"] if t["name"] == "HKY"]
    assert len(hky_lines) == 3  # one per rate, a small chart each
    assert all(t["y"][-1] is None and t["connectgaps"] is False for t in hky_lines)
    page = client.get("/dashboards/admin").get_data(as_text=True)
    assert "HKY 2024/25: no graduates in this cohort" in page


def test_a_drilled_down_admin_trend_keeps_the_scope_line(client, login_as, db):
    build_cohort()
    login_as("admin")
    rows = _rows(client.get("/dashboards/admin/data/trend.csv?university=HKX"))
    assert [r[0] for r in rows[1:]] == ["2023/24", "2024/25"]


def test_withheld_points_are_gaps_named_withheld(app):
    """Were the table ever published under the privacy rules, a hidden rate is a gap too."""
    small = OutcomeRow(1, "2024", 3, {"employed_full_time": 2, "further_study": 0,
                                      "seeking": 1, "not_seeking": 0, "no_information": 0,
                                      "employed_part_time": 0, "self_employed": 0,
                                      "contract": 0, "postgrad_internship": 0, "service": 0},
                       0, {})
    with app.app_context():
        rules = privacy.rules()
    table = university_trend_table([small], [(1, "HKA", "A"), (2, "HKB", "B")],
                                   Publisher(rules), last_cohort=2026)
    assert any("HKA 2023/24" in gap and "withheld" in gap for gap in table.meta["gaps"])
    assert any(gap.startswith("HKB 2023/24: no graduates") for gap in table.meta["gaps"])
    fig = figures.build(table)
    hka = [t for t in fig.data if t.name == "HKA"]
    assert all(list(t.y) == [None] for t in hka)
