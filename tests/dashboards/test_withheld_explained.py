"""Issue 14 (the parts on the privacy step): a withheld figure never leaves a silent gap."""

from __future__ import annotations

import re

from foundry.dashboards import figures
from foundry.dashboards.tables import Column, Table
from foundry.privacy import POOLED, Figure, withheld

SHOWN = Figure(0.5, "50 %")


def trend(compare: Figure) -> Table:
    table = Table("trend", "Trend", "Cohort", [Column("knowledge_rate", "Knowledge", "percent"),
                                                Column("all_knowledge_rate", "Knowledge — all",
                                                       "percent")])
    table.meta = {"series": ["knowledge_rate"], "scope_label": "HKX", "compare_label": "All"}
    table.rows = [("2023/24", {"knowledge_rate": SHOWN, "all_knowledge_rate": compare}),
                  ("2024/25", {"knowledge_rate": SHOWN, "all_knowledge_rate": compare})]
    return table


def test_a_withheld_comparison_draws_no_empty_legend_entry_and_is_explained():
    fig = figures.trend_figure(trend(withheld(POOLED)))
    assert [t.name for t in fig.data] == ["Knowledge — HKX"]
    assert trend(withheld(POOLED)).withheld_reasons() == [POOLED]
    assert len(figures.trend_figure(trend(SHOWN)).data) == 2


def test_the_dean_page_explains_each_withheld_figure(client, login_as, db):
    from tests import factories as f
    from tests.dashboards.cohort import build_cohort

    data = build_cohort()
    login_as(f.DeanAssignmentFactory(university=data["university"]).user)
    page = client.get("/dashboards/dean?cohort=2025").get_data(as_text=True)
    # one university only: "All universities" is withheld, and the page says why, by the tiles
    tiles = page.split('id="h-tiles"')[1].split("</section>")[0]
    assert "All universities: n/p" in re.sub(r"<[^>]+>", "", tiles)
    assert "a figure pooling other universities is shown only when at least 3 other " \
           "universities contribute" in tiles
    assert 'class="small text-muted mt-1 no-print"' in tiles  # "Hover a tile…" is not printed


def test_a_skills_heatmap_with_every_mean_withheld_says_so():
    from foundry.privacy import FEW_CONTRIBUTORS

    table = Table("skills", "Skills", "Skill", [Column("g1", "Eng", "number"),
                                                Column("all", "HKX", "number")])
    table.meta = {"groups": ["g1"]}
    table.rows = [("Python", {"g1": withheld(FEW_CONTRIBUTORS), "all": withheld(FEW_CONTRIBUTORS)})]
    fig = figures.skills_figure(table)
    assert "withheld" in fig.layout.annotations[0].text
