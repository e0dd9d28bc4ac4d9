"""Pure figure builders, fed literal tables (no database, no Flask)."""

from __future__ import annotations

from foundry.dashboards import figures
from foundry.dashboards.tables import Column, Table
from foundry.privacy import Figure

HIDDEN = Figure(None, "<5", "small")


def outcomes_table() -> Table:
    table = Table("outcomes", "Outcomes by category", "Faculty",
                  [Column("employed_full_time", "Employed full-time"),
                   Column("seeking", "Still seeking"), Column("cohort", "Graduates")])
    table.rows = [("Engineering", {"employed_full_time": Figure(8, "8"), "seeking": HIDDEN,
                                   "cohort": Figure(10, "10")}),
                  ("Science", {"employed_full_time": Figure(5, "5"),
                               "seeking": Figure(5, "5"), "cohort": Figure(10, "10")})]
    return table


def test_outcomes_figure_shares_titles_palette_and_hidden_cells():
    fig = figures.outcomes_figure(outcomes_table())
    assert fig.layout.title.text == "Outcomes by category"
    assert fig.layout.xaxis.title.text == "Share of graduates (%)"
    assert fig.layout.yaxis.title.text == "Faculty"
    full_time, seeking = fig.data
    assert list(full_time.x) == [80.0, 50.0]
    assert seeking.x[0] is None  # withheld: no bar …
    assert "<5" in seeking.hovertext[0]  # … and the hover says why
    assert full_time.marker.color == figures.CATEGORY_COLOURS["employed_full_time"]
    assert "8 (80.0%)" in full_time.hovertext[0]


def test_trend_figure_draws_scope_solid_and_all_universities_dashed():
    table = Table("trend", "Outcomes over cohorts", "Cohort",
                  [Column("full_time_rate", "Full-time", "percent"),
                   Column("all_full_time_rate", "Full-time — all", "percent")])
    table.meta = {"series": ["full_time_rate"], "scope_label": "HKX",
                  "compare_label": "All universities"}
    table.rows = [("2023/24", {"full_time_rate": Figure(0.7, "70.0 %"),
                               "all_full_time_rate": Figure(0.72, "72.0 %")}),
                  ("2024/25", {"full_time_rate": HIDDEN,
                               "all_full_time_rate": Figure(0.75, "75.0 %")})]
    fig = figures.trend_figure(table)
    mine, everyone = fig.data
    assert mine.line.dash == "solid" and everyone.line.dash == "dash"
    assert list(mine.y) == [70.0, None]
    assert fig.layout.yaxis.title.text == "Rate (%)"


def test_skills_heatmap_is_diverging_and_centred_at_zero():
    table = Table("skills", "Skills gap", "Skill",
                  [Column("g1", "Engineering", "number"), Column("all", "HKX", "number")])
    table.meta = {"groups": ["g1"]}
    table.rows = [("Python", {"g1": Figure(0.5, "+0.50 (n=6)"), "all": Figure(0.5, "+0.50")}),
                  ("Teamwork", {"g1": HIDDEN, "all": Figure(-0.2, "-0.20")})]
    (heatmap,) = figures.skills_figure(table).data
    assert heatmap.zmid == 0
    assert heatmap.z[1][0] is None and heatmap.text[0][0] == "+0.50 (n=6)"
    assert "%{text}" in heatmap.hovertemplate  # the hover shows n


def test_salary_boxes_come_from_quantiles_and_skip_withheld_groups():
    cols = [Column(k, k, "hkd") for k in ("p10", "p25", "median", "p75", "p90")]
    table = Table("salary", "Salary", "Faculty", [Column("n", "Salaries"), *cols])
    table.rows = [("Engineering", {"n": Figure(6, "6"), **{
        k: Figure(v, f"HKD {v:,}") for k, v in zip(("p10", "p25", "median", "p75", "p90"),
                                                    (200, 250, 300, 350, 400), strict=True)}}),
                  ("Science", {"n": HIDDEN, **{k: HIDDEN for k in ("p10", "p25", "median",
                                                                    "p75", "p90")}})]
    fig = figures.salary_figure(table)
    assert len(fig.data) == 1
    assert fig.data[0].median == (300,) and fig.data[0].lowerfence == (200,)
    assert fig.layout.yaxis.title.text == "Annual salary (HKD)"


def test_counts_all_withheld_say_so_and_empty_tables_explain():
    table = Table("interns", "Interns by university", "University",
                  [Column("interns", "Interns")], meta={"figure": "interns"})
    table.rows = [("HKX", {"interns": HIDDEN})]
    fig = figures.build(table)
    assert "withheld" in fig.layout.annotations[0].text
    empty = figures.build(Table("funnel", "Application funnel", "Stage", []))
    assert "No data" in empty.layout.annotations[0].text


def test_palette_is_okabe_ito():
    assert figures.OKABE_ITO[:3] == ("#0072B2", "#E69F00", "#009E73")
