"""The vendored plotly.js is our partial bundle (issue 14: only the trace types the dashboards
draw, so a first visit starts faster): every figure the demo dashboards make must use a trace
type the bundle registers, or that chart would not be drawn in the browser."""

from __future__ import annotations

import json
import re

import pytest

from foundry.assets import PLOTLY_TRACES, plotly_body
from foundry.models import User
from foundry.seed.demo import ADMIN_EMAIL, COMPANY_EMAIL, DEAN_EMAIL, STUDENT_EMAIL, seed_demo

FIGURE = re.compile(r'<script type="application/json" class="figure-data" '
                    r'data-figure="([a-z_]+)">(.*?)</script>', re.S)
# how a trace module announces itself in the built bundle (minified or not)
REGISTERED = re.compile(rb'moduleType\s*:\s*["\']trace["\']\s*,\s*name\s*:\s*["\'](\w+)["\']')


def bundle_traces() -> set[str]:
    """The trace types the served plotly.js registers, read from the bundle itself."""
    return {name.decode() for name in REGISTERED.findall(plotly_body("identity"))}


def trace_types(figure: dict) -> set[str]:
    """The trace types a figure needs (a trace without a type is a scatter, as in plotly.js)."""
    return {trace.get("type", "scatter") for trace in figure.get("data", [])}


def test_the_bundle_registers_the_types_recorded_beside_it():
    with open(PLOTLY_TRACES, encoding="utf-8") as handle:
        recorded = json.load(handle)
    assert set(recorded["traces"]) == bundle_traces()
    assert plotly_body("identity").startswith(
        f"/**\n* plotly.js v{recorded['plotly.js']}, Talent Foundry's partial bundle".encode())


@pytest.fixture()
def demo_figures(client, db, login_as):
    """Every figure embedded in the dean, admin, company and student dashboards over the demo
    data, in both languages: {(role, chart): figure}."""
    seed_demo()
    db.session.commit()
    figures = {}
    for role, email, path in (("dean", DEAN_EMAIL, "/dashboards/dean"),
                              ("admin", ADMIN_EMAIL, "/dashboards/admin"),
                              ("company", COMPANY_EMAIL, "/dashboards/company"),
                              ("student", STUDENT_EMAIL, "/dashboards/student")):
        login_as(db.session.query(User).filter_by(email=email).one())
        for locale in ("en", "zh_Hant"):
            client.set_cookie("locale", locale)
            response = client.get(path)
            assert response.status_code == 200, (role, locale)
            for name, body in FIGURE.findall(response.get_data(as_text=True)):
                figures[(role, name)] = json.loads(body)
    return figures


def test_every_demo_dashboard_figure_uses_a_trace_type_the_bundle_has(demo_figures):
    available = bundle_traces()
    used: dict[str, list] = {}
    for key, figure in demo_figures.items():
        for kind in trace_types(figure):
            used.setdefault(kind, []).append(key)
    missing = {kind: charts for kind, charts in used.items() if kind not in available}
    assert missing == {}, f"plotly.js bundle lacks {sorted(missing)}: add them to TRACES in " \
                          "static/vendor/plotly/build/build.js and run `make vendor-plotly`"
    # the demo data reaches every kind of chart the figure builders make
    assert {"bar", "scatter", "box", "heatmap"} <= set(used)


def test_a_trace_type_outside_the_bundle_is_caught():
    # what the check above would report for a figure drawn with, say, a pie chart
    assert "pie" not in bundle_traces()
    assert trace_types({"data": [{"type": "pie"}, {"x": [1]}]}) == {"pie", "scatter"}
