"""Pure chart builders: a published Table (rows of privacy Figures) → plotly Figure.

No database, no Flask request or app needed (axis texts go through gettext, which falls back
to English outside a request): each function only reads the Table it is given, so the chart
can never show more than the data table and CSV built from the same Table. Withheld cells
("<5", "n/p") are left out of the marks and named in the hover text. Colours: the Okabe–Ito
palette, safe for the common colour-vision deficiencies; every figure has a title, axis titles
with units and hover text.
"""

from __future__ import annotations

import plotly.graph_objects as go
from flask_babel import gettext as _
from plotly.subplots import make_subplots

from foundry.dashboards.tables import Table

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000")
CATEGORY_COLOURS = {
    "employed_full_time": "#0072B2", "employed_part_time": "#56B4E9",
    "self_employed": "#009E73", "contract": "#CC79A7", "postgrad_internship": "#F0E442",
    "further_study": "#E69F00", "service": "#D55E00", "seeking": "#7F7F7F",
    "not_seeking": "#B3B3B3", "no_information": "#E0E0E0",
    "hong_kong": "#0072B2", "gba": "#009E73", "mainland": "#E69F00", "overseas": "#CC79A7",
    "unknown": "#B3B3B3",
}
# Diverging, centred at zero: blue = observed above expectation, orange = shortfall.
DIVERGING = [[0.0, "#0072B2"], [0.5, "#F7F7F7"], [1.0, "#D55E00"]]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans TC', sans-serif"


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, *, height: int = 380,
            legend: bool = True, legend_right: bool = False) -> go.Figure:
    """Title, axis titles, fonts and a legend that never covers the title or the plot."""
    if legend_right:
        legend_box = {"orientation": "v", "yanchor": "top", "y": 1, "x": 1.02,
                      "xanchor": "left", "traceorder": "normal"}
    else:
        legend_box = {"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0,
                      "traceorder": "normal"}
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "y": 0.98, "yanchor": "top"},
        height=height, font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 50 if legend_right or not legend else 80, "b": 10},
        xaxis={"title": {"text": x_title}, "automargin": True},
        yaxis={"title": {"text": y_title}, "automargin": True},
        legend=legend_box,
        showlegend=legend, plot_bgcolor="#FFFFFF", paper_bgcolor="#FFFFFF",
        hoverlabel={"namelength": -1},
    )
    fig.update_xaxes(gridcolor="#E5E5E5", zerolinecolor="#999999")
    fig.update_yaxes(gridcolor="#E5E5E5", zerolinecolor="#999999")
    return fig


def empty_figure(title: str, message: str) -> go.Figure:
    """A titled figure that says there is nothing to draw."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    _layout(fig, title, "", "", height=200, legend=False)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _share_bars(table: Table, keys: list[str], total_key: str, title: str, x_title: str,
                y_title: str, labels: dict[str, str]) -> go.Figure:
    """Horizontal stacked bars: each row's cells as % of its total."""
    rows = table.all_rows()
    names = [name for name, _cells in rows]
    fig = go.Figure()
    for key in keys:
        xs, hover = [], []
        for name, cells in rows:
            cell, total = cells.get(key), cells.get(total_key)
            ok = cell is not None and not cell.hidden and total is not None and \
                not total.hidden and total.value
            xs.append(cell.value / total.value * 100 if ok else None)
            shown = f"{cell.text} ({cell.value / total.value:.1%})" if ok else \
                (cell.text if cell is not None else "–")
            hover.append(f"{name}<br>{labels[key]}: {shown}")
        fig.add_bar(name=labels[key], y=names, x=xs, orientation="h", hovertext=hover,
                    hoverinfo="text", marker_color=CATEGORY_COLOURS.get(key))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, 100], ticksuffix=" %")
    return _layout(fig, title, x_title, y_title, height=max(340, 120 + 44 * len(rows)),
                   legend_right=True)


def outcomes_figure(table: Table) -> go.Figure:
    """Outcomes by category per group, stacked to 100 % of graduates."""
    keys = [c.key for c in table.columns if c.key != "cohort"]
    labels = {c.key: c.label for c in table.columns}
    return _share_bars(table, keys, "cohort", table.title, _("Share of graduates (%)"),
                       table.row_header, labels)


def location_figure(table: Table) -> go.Figure:
    """Place of work of employed graduates, stacked to 100 % per group."""
    keys = [c.key for c in table.columns if c.key != "employed"]
    labels = {c.key: c.label for c in table.columns}
    return _share_bars(table, keys, "employed", table.title, _("Share of employed graduates (%)"),
                       table.row_header, labels)


def trend_figure(table: Table) -> go.Figure:
    """Rates per cohort: the scope in solid lines, all universities pooled dashed; or, for
    the admin's side-by-side view, one line per university (see university_trend_figure)."""
    meta = table.meta
    if "lines" in meta:
        return university_trend_figure(table)
    labels = {c.key: c.label for c in table.columns}
    cohorts = [name for name, _cells in table.rows]
    fig = go.Figure()
    for i, key in enumerate(meta.get("series", [])):
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        for prefix, dash, who in (("", "solid", meta.get("scope_label", "")),
                                  ("all_", "dash", meta.get("compare_label", ""))):
            cells = [cells.get(prefix + key) for _name, cells in table.rows]
            if all(c is None or c.value is None for c in cells):
                continue  # nothing to draw (absent or withheld): no empty legend entry
            ys = [c.value * 100 if c is not None and c.value is not None else None
                  for c in cells]
            hover = [f"{who} {cohort}<br>{labels[key]}: {c.text if c else '–'}"
                     for cohort, c in zip(cohorts, cells, strict=True)]
            fig.add_scatter(x=cohorts, y=ys, mode="lines+markers", name=f"{labels[key]} — {who}",
                            line={"color": colour, "dash": dash}, hovertext=hover,
                            hoverinfo="text", connectgaps=False)
    fig.update_yaxes(range=[0, 100], ticksuffix=" %")
    return _layout(fig, table.title, _("Graduating cohort (academic year)"), _("Rate (%)"),
                   height=400, legend_right=True)


def university_trend_figure(table: Table) -> go.Figure:
    """One small chart per rate, stacked, each with one line per university (a colour per
    university, one legend); a missing or withheld point is a gap, never joined over."""
    meta = table.meta
    labels = {c.key: c.label for c in table.columns}
    keys, cohorts = meta["series"], meta["cohorts"]
    fig = make_subplots(rows=len(keys), cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        subplot_titles=[labels[k] for k in keys])
    for u, (code, points) in enumerate(meta["lines"]):
        colour = OKABE_ITO[u % len(OKABE_ITO)]
        at = dict(points)
        for i, key in enumerate(keys):
            cells = [table.rows[at[c]][1].get(key) if c in at else None for c in cohorts]
            ys = [c.value * 100 if c is not None and c.value is not None else None
                  for c in cells]
            hover = [f"{code} {cohort}<br>{labels[key]}: {c.text if c else '–'}"
                     for cohort, c in zip(cohorts, cells, strict=True)]
            fig.add_scatter(x=cohorts, y=ys, mode="lines+markers", name=code, legendgroup=code,
                            showlegend=i == 0, line={"color": colour}, hovertext=hover,
                            hoverinfo="text", connectgaps=False, row=i + 1, col=1)
    fig.update_yaxes(range=[0, 100], ticksuffix=" %", gridcolor="#E5E5E5")
    fig.update_xaxes(type="category", gridcolor="#E5E5E5")
    _layout(fig, table.title, "", "", height=220 * len(keys) + 150)
    # The legend goes above the first small chart's title, not over it.
    fig.update_layout(legend={"y": 1.07}, margin={"t": 120})
    fig.update_xaxes(title={"text": _("Graduating cohort (academic year)")},
                     row=len(keys), col=1)
    return fig


def rate_bars_figure(table: Table, keys: list[str], y_title: str = "") -> go.Figure:
    """Grouped horizontal bars of rates (%) per row, hover with the counts behind them."""
    labels = {c.key: c.label for c in table.columns}
    rows = table.all_rows()
    names = [name for name, _cells in rows]
    fig = go.Figure()
    for i, key in enumerate(keys):
        cells = [c.get(key) for _n, c in rows]
        xs = [c.value * 100 if c is not None and c.value is not None else None for c in cells]
        hover = [f"{name}<br>{labels[key]}: {c.text if c else '–'}<br>"
                 + "<br>".join(f"{labels[k]}: {row[k].text}" for k in row
                               if k not in keys and k in labels)
                 for (name, row), c in zip(rows, cells, strict=True)]
        fig.add_bar(name=labels[key], y=names, x=xs, orientation="h", hovertext=hover,
                    hoverinfo="text", marker_color=OKABE_ITO[i % len(OKABE_ITO)])
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(rangemode="tozero", ticksuffix=" %")
    if all(x is None for trace in fig.data for x in trace.x):
        withheld_note(fig)
    return _layout(fig, table.title, _("Rate (%)"), y_title or table.row_header,
                   height=max(300, 130 + 30 * len(rows) * len(keys)))


def internships_figure(table: Table) -> go.Figure:
    """Internship participation and return-offer rates per group."""
    return rate_bars_figure(table, ["participation", "return_rate"])


def mentoring_figure(table: Table) -> go.Figure:
    """Share of students with a mentor per group (hover: sessions and hours per pair)."""
    return rate_bars_figure(table, ["reach"])


def count_bars_figure(table: Table, keys: list[str], x_title: str) -> go.Figure:
    """Horizontal bars of counts per row (withheld cells left out, named in the hover)."""
    labels = {c.key: c.label for c in table.columns}
    names = [name for name, _cells in table.rows]
    fig = go.Figure()
    for i, key in enumerate(keys):
        cells = [c.get(key) for _n, c in table.rows]
        xs = [c.value if c is not None and not c.hidden else None for c in cells]
        hover = [f"{name}<br>{labels[key]}: {c.text if c else '–'}"
                 for name, c in zip(names, cells, strict=True)]
        fig.add_bar(name=labels[key], y=names, x=xs, orientation="h", hovertext=hover,
                    hoverinfo="text", marker_color=OKABE_ITO[i % len(OKABE_ITO)])
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    shown = [x for trace in fig.data for x in trace.x if x is not None]
    fig.update_xaxes(rangemode="tozero", tickformat=",d",
                     dtick=1 if shown and max(shown) <= 8 else None)
    if not shown:
        withheld_note(fig)
    return _layout(fig, table.title, x_title, table.row_header, legend=len(keys) > 1,
                   legend_right=len(keys) > 4,
                   height=max(300, 130 + 22 * len(names) * len(keys)))


def withheld_note(fig: go.Figure) -> None:
    """Say on the chart itself that every figure is withheld, rather than draw nothing."""
    fig.add_annotation(text=_("All figures withheld:<br>each rests on too few people "
                              "(see the notes below)"),
                       showarrow=False, x=0.5, y=0.5,
                       xref="paper", yref="paper", bgcolor="#FFFFFF")


def clusters_figure(table: Table) -> go.Figure:
    """Confirmed internships and graduate hires per company cluster."""
    return count_bars_figure(table, ["internships", "hires"], _("Number of internships / hires"))


def employers_figure(table: Table) -> go.Figure:
    """Graduates hired by the top Science Park companies."""
    return count_bars_figure(table, ["hires"], _("Graduates hired (number)"))


def funnel_figure(table: Table) -> go.Figure:
    """Applications reaching each stage (bars, with the share of the stage before)."""
    names = [name for name, _c in table.rows]
    counts = [c["count"] for _n, c in table.rows]
    conversions = [c["conversion"] for _n, c in table.rows]
    fig = go.Figure()
    fig.add_bar(y=names, x=[c.value if not c.hidden else None for c in counts],
                orientation="h", marker_color=OKABE_ITO[0], name="Applications",
                text=[c.text for c in counts], textposition="auto",
                hovertext=[f"{n}: {c.text} applications<br>of the stage before: {v.text}"
                           for n, c, v in zip(names, counts, conversions, strict=True)],
                hoverinfo="text")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, table.title, _("Applications (number)"), _("Stage"), legend=False,
                   height=300)


def salary_figure(table: Table) -> go.Figure:
    """Salary distribution per group as boxes drawn from quantiles (10th–90th percentile
    whiskers, never a single person's salary)."""
    fig = go.Figure()
    for i, (name, cells) in enumerate(table.rows):
        if cells["median"].hidden or cells["median"].value is None:
            continue
        value = {k: cells[k].value for k in ("p10", "p25", "median", "p75", "p90")}
        fig.add_trace(go.Box(
            name=name, x=[name], q1=[value["p25"]], median=[value["median"]],
            q3=[value["p75"]], lowerfence=[value["p10"]], upperfence=[value["p90"]],
            marker_color=OKABE_ITO[i % len(OKABE_ITO)], boxpoints=False,
            hovertext=f"{name}: median {cells['median'].text}, quartiles "
                      f"{cells['p25'].text}–{cells['p75'].text} ({cells['n'].text} salaries)",
            hoverinfo="text"))
    fig.update_yaxes(tickprefix="HKD ", separatethousands=True)
    return _layout(fig, table.title, table.row_header, _("Annual salary (HKD)"), legend=False,
                   height=400)


def skills_figure(table: Table) -> go.Figure:
    """Heatmap of the mean gap (expected − observed) per skill × group, centred at zero."""
    groups = [c for c in table.columns if c.key in table.meta.get("groups", [])] + \
        [c for c in table.columns if c.key == "all"]
    skills = [name for name, _c in table.rows]
    z, text = [], []
    for _name, cells in table.rows:
        z.append([cells[g.key].value if not cells[g.key].hidden else None for g in groups])
        text.append([cells[g.key].text for g in groups])
    fig = go.Figure(go.Heatmap(
        z=z, x=[g.label for g in groups], y=skills, text=text, zmid=0, zmin=-2, zmax=2,
        colorscale=DIVERGING, xgap=2, ygap=2, texttemplate="%{text}",
        hovertemplate="%{y} · %{x}<br>mean gap %{text}<extra></extra>",
        colorbar={"title": {"text": "Gap (levels)"}},
    ))
    fig.update_yaxes(autorange="reversed")
    if all(v is None for row in z for v in row):
        withheld_note(fig)
    return _layout(fig, table.title, _("Faculty / group"), _("Skill"), legend=False,
                   height=max(300, 90 + 30 * len(skills)))


def feedback_time_figure(table: Table) -> go.Figure:
    """A student's feedback over time: mean level expected and observed per feedback form."""
    names = [name for name, _c in table.rows]
    fig = go.Figure()
    for i, key in enumerate(("expected", "observed")):
        label = next(c.label for c in table.columns if c.key == key)
        fig.add_scatter(x=names, y=[c[key].value for _n, c in table.rows], name=label,
                        mode="lines+markers", line={"color": OKABE_ITO[i]},
                        hovertext=[f"{n}<br>{label}: {c[key].text}" for n, c in table.rows],
                        hoverinfo="text")
    fig.update_yaxes(range=[0.5, 5.5], dtick=1)
    return _layout(fig, table.title, _("Feedback form (date · company)"), _("Level (1–5)"))


def readiness_figure(table: Table) -> go.Figure:
    """The student's self-assessed level beside the mean level open positions require."""
    names = [name for name, _c in table.rows]
    fig = go.Figure()
    for i, key in enumerate(("required", "yours")):
        label = next(c.label for c in table.columns if c.key == key)
        fig.add_bar(name=label, y=names, x=[c[key].value for _n, c in table.rows],
                    orientation="h", marker_color=OKABE_ITO[i],
                    hovertext=[f"{n}<br>{label}: {c[key].text}<br>"
                               f"{c['positions'].text} open positions" for n, c in table.rows],
                    hoverinfo="text")
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, 5], dtick=1)
    return _layout(fig, table.title, _("Level (1–5)"),
                   _("Skill"), height=max(300, 80 + 50 * len(names)))


BUILDERS = {
    "outcomes": outcomes_figure, "location": location_figure, "trend": trend_figure,
    "internships": internships_figure, "mentoring": mentoring_figure,
    "clusters": clusters_figure, "employers": employers_figure, "funnel": funnel_figure,
    "salary": salary_figure, "skills": skills_figure,
    "positions": lambda t: count_bars_figure(
        t, ["applications", "shortlisted", "offered", "accepted"], _("Applications (number)")),
    "interns": lambda t: count_bars_figure(t, ["interns"], _("Interns (number)")),
    "feedback": lambda t: count_bars_figure(t, ["internships"], _("Internships (number)")),
    "mentors": lambda t: count_bars_figure(t, ["sessions"], _("Sessions (number)")),
    "applications": lambda t: count_bars_figure(t, ["n"], _("Applications (number)")),
    "feedback_time": feedback_time_figure, "readiness": readiness_figure,
}


def has_figure(table: Table) -> bool:
    """Whether a table is drawn as a chart (the headline rates are a table only)."""
    return (table.meta.get("figure") or table.name) in BUILDERS


def build(table: Table) -> go.Figure:
    """The figure for a table, by its name (an explained empty figure when it has no rows)."""
    if table.empty:
        return empty_figure(table.title, _("No data for this selection yet."))
    builder = BUILDERS.get(table.meta.get("figure") or table.name)
    if builder is None:
        raise KeyError(table.name)
    return builder(table)
