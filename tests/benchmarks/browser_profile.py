"""Where the dean's first visit spends the page's main thread (issue 14), from a Chromium
performance trace of a served first visit (as tests.benchmarks.browser times it):

- the main thread's self time by kind (script compile, script run, style, layout, paint, HTML,
  garbage collection…) up to the moment the first screen's charts are drawn, and after it
  until every chart is drawn;
- the page's long tasks (≥ 50 ms) with their start, length and what fills them;
- with --cpu, the JavaScript sampled by V8's profiler: self time by script and the costliest
  functions (the profiler slows scripts down a little; its figures are shares, not timings).

    python -m tests.benchmarks.browser_profile [--visits 3] [--cpu] [--trace trace.json]
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from tests.benchmarks.browser import (
    ALL_DRAWN,
    ARGS,
    CHROMIUM,
    SCREEN_DRAWN,
    demo_database,
    flush_cache,
    free_port,
    past_second_factor,
    reset_second_factor,
    serve,
    sign_in_state,
    stop,
)

CATEGORIES = ["devtools.timeline", "v8", "v8.execute", "blink.user_timing", "loading",
              "disabled-by-default-devtools.timeline", "blink", "toplevel"]
# Trace event name → the kind of work it is (self time; anything else is "other").
KINDS = {
    "compile": ("v8.compile", "V8.CompileCode", "v8.compileModule", "CompileScript",
                "V8.CompileLazy", "v8.parseOnBackground", "V8.ParseProgram",
                "V8.ParseFunction", "v8.produceCache", "V8.CompileIgnition"),
    "script": ("EvaluateScript", "v8.run", "FunctionCall", "V8.Execute", "TimerFire",
               "FireAnimationFrame", "EventDispatch", "v8.callFunction", "RunMicrotasks",
               "V8.RunMicrotasks", "FireIdleCallback", "v8.evaluateModule",
               "IntersectionObserverController::computeIntersections"),
    "style": ("UpdateLayoutTree", "RecalculateStyles", "ParseAuthorStyleSheet",
              "ScheduleStyleRecalculation", "InvalidateLayout"),
    "layout": ("Layout", "UpdateLayer", "UpdateLayerTree", "HitTest", "LayoutShift"),
    "paint": ("Paint", "PrePaint", "Layerize", "Commit", "PaintImage", "CompositeLayers",
              "UpdateLayerTree", "RasterTask", "Decode Image", "ImageDecodeTask"),
    "html": ("ParseHTML",),
    "gc": ("MinorGC", "MajorGC", "V8.GC_SCAVENGER", "V8.GCScavenger", "V8.GCFinalizeMC",
           "V8.GCIncrementalMarking", "BlinkGC.AtomicPhase", "ThreadState::performIdleLazySweep",
           "BlinkGC.CompleteSweep", "V8.GCCompactor", "V8.GC_MARK_COMPACTOR",
           "V8.GC_MC_BACKGROUND_MARKING", "CppGC.IncrementalSweep"),
}
KIND_OF = {name: kind for kind, names in KINDS.items() for name in names}
MARK = "foundry-screen-drawn"


def main_thread(events: list[dict], url: str) -> tuple[int, int]:
    """(pid, tid) of the renderer main thread that parsed the dashboard."""
    for event in events:
        if event.get("name") == "ParseHTML" and url in json.dumps(event.get("args", {})):
            return event["pid"], event["tid"]
    names = {(e["pid"], e["tid"]) for e in events
             if e.get("ph") == "M" and e.get("args", {}).get("name") == "CrRendererMain"}
    return max(names, key=lambda key: sum(1 for e in events if (e["pid"], e["tid"]) == key))


def self_times(events: list[dict], start: float, end: float) -> dict[str, float]:
    """Self time (ms) of complete events between start and end (µs), by kind."""
    spans = sorted((e for e in events if e.get("ph") == "X" and "dur" in e
                    and start <= e["ts"] < end), key=lambda e: (e["ts"], -e["dur"]))
    totals: dict[str, float] = defaultdict(float)
    stack: list[list] = []  # [end, kind, children's time, start]

    def close(until: float) -> None:
        while stack and stack[-1][0] <= until:
            finished, kind, children, began = stack.pop()
            totals[kind] += max(0.0, finished - began - children)
            if stack:
                stack[-1][2] += finished - began

    for event in spans:
        close(event["ts"])
        kind = KIND_OF.get(event["name"], "other" if stack else "idle tasks")
        if kind == "other" and stack:
            kind = stack[-1][1] if stack[-1][1] != "idle tasks" else "other"
        stack.append([event["ts"] + event["dur"], kind, 0.0, event["ts"]])
    close(float("inf"))
    totals.pop("idle tasks", None)  # a top-level task's own overhead (scheduling) is "other"
    return {kind: us / 1000 for kind, us in totals.items()}


def long_tasks(events: list[dict], origin: float, end: float) -> list[tuple]:
    """(start ms, length ms, its biggest kinds) of each main-thread task ≥ 50 ms."""
    tasks = [e for e in events if e.get("ph") == "X" and e.get("dur", 0) >= 50_000
             and e.get("name") == "ThreadControllerImpl::RunTask" and origin <= e["ts"] < end]
    out = []
    for task in tasks:
        inside = self_times(events, task["ts"], task["ts"] + task["dur"])
        top = sorted(inside.items(), key=lambda kv: -kv[1])[:3]
        out.append(((task["ts"] - origin) / 1000, task["dur"] / 1000, top))
    return out


def cpu_summary(profile: dict) -> tuple[dict, list]:
    """Self time (ms) by script URL and the 15 costliest functions."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    deltas = profile.get("timeDeltas", [])
    self_us: dict[int, float] = defaultdict(float)
    for sample, delta in zip(profile.get("samples", [])[1:], deltas[1:], strict=False):
        self_us[sample] += delta
    by_url: dict[str, float] = defaultdict(float)
    by_function: dict[tuple, float] = defaultdict(float)
    for node_id, us in self_us.items():
        frame = nodes[node_id]["callFrame"]
        url = frame.get("url", "").split("/")[-1].split("?")[0] or frame.get("functionName") \
            or "(native)"
        by_url[url] += us / 1000
        by_function[(frame.get("functionName") or "(anonymous)", url,
                     frame.get("lineNumber", 0), frame.get("columnNumber", 0))] += us / 1000
    top = sorted(by_function.items(), key=lambda kv: -kv[1])[:15]
    return dict(sorted(by_url.items(), key=lambda kv: -kv[1])), top


def visit(browser, base: str, state: dict, cpu: bool, trace_path: Path) -> dict:
    """One traced first visit: the main thread's breakdown before and after the first screen's
    charts are drawn."""
    context = browser.new_context(storage_state=state, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    if cpu:
        devtools.send("Profiler.enable")
        devtools.send("Profiler.setSamplingInterval", {"interval": 200})
        devtools.send("Profiler.start")
    browser.start_tracing(page=page, path=str(trace_path), categories=CATEGORIES)
    started = time.perf_counter()
    page.goto(base + "/dashboards/dean", wait_until="commit")
    page.wait_for_function(SCREEN_DRAWN, timeout=60_000, polling=10)
    elapsed = (time.perf_counter() - started) * 1000
    page.evaluate(f"() => performance.mark('{MARK}')")
    page.wait_for_function(ALL_DRAWN, timeout=60_000, polling=10)
    page.wait_for_timeout(300)
    browser.stop_tracing()
    profile = devtools.send("Profiler.stop")["profile"] if cpu else None
    context.close()
    events = json.loads(trace_path.read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    pid, tid = main_thread(events, "/dashboards/dean")
    mine = [e for e in events if e.get("pid") == pid and e.get("tid") == tid]
    origin = min(e["ts"] for e in events if e.get("name") == "navigationStart"
                 and e.get("pid") == pid) if any(e.get("name") == "navigationStart"
                                                 for e in events) else mine[0]["ts"]
    marks = [e["ts"] for e in events if e.get("name") == MARK]
    drawn = marks[0] if marks else origin + elapsed * 1000
    end = max(e["ts"] + e.get("dur", 0) for e in mine)
    return {"ms": elapsed, "drawn_at": (drawn - origin) / 1000,
            "before": self_times(mine, origin, drawn), "after": self_times(mine, drawn, end),
            "long": long_tasks(mine, origin, drawn),
            "cpu": cpu_summary(profile) if profile else None}


def main(argv: list[str] | None = None) -> int:
    """Serve the demo data as the benchmark does, trace a few first visits, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visits", type=int, default=3)
    parser.add_argument("--cpu", action="store_true", help="also sample JavaScript (V8 profiler)")
    parser.add_argument("--trace", default=None, help="keep the last visit's trace here")
    parser.add_argument("--dir", default=str(Path(tempfile.gettempdir()) / "foundry-bench"))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from foundry.seed.demo import DEMO_PASSWORD

    directory = Path(args.dir)
    directory.mkdir(parents=True, exist_ok=True)
    path, email = demo_database(directory)
    port, secret = free_port(), secrets.token_urlsafe(48)
    base = f"http://127.0.0.1:{port}"
    reset_second_factor(path, email)
    flush_cache()
    server = serve(path, port, secret)
    trace = Path(args.trace or directory / "trace.json")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            state = sign_in_state(browser, base, email, DEMO_PASSWORD)
            past_second_factor(path, email)
            visit(browser, base, state, False, trace)  # the server's cache filled
            results = [visit(browser, base, state, args.cpu, trace) for _ in range(args.visits)]
            browser.close()
    finally:
        stop(server)
        flush_cache()
    for phase, label in (("before", "until the first screen's charts are drawn"),
                         ("after", "after, until every chart is drawn")):
        kinds = sorted({k for r in results for k in r[phase]})
        medians = {k: statistics.median(r[phase].get(k, 0) for r in results) for k in kinds}
        print(f"main thread self time, {label} (median of {len(results)} visits, ms):")
        print("  " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(medians.items(),
                                                               key=lambda kv: -kv[1]))
              + f"; total {sum(medians.values()):.0f}")
    print("first screen's charts drawn at (ms after navigation start): "
          + ", ".join(f"{r['drawn_at']:.0f}" for r in results))
    last = results[-1]
    print("long tasks of the last visit before that (start, length, biggest kinds):")
    for begin, length, top in last["long"]:
        print(f"  at {begin:6.0f} ms  {length:5.0f} ms  "
              + ", ".join(f"{k} {v:.0f}" for k, v in top))
    if last["cpu"]:
        by_url, top = last["cpu"]
        print("JavaScript self time by script (last visit, sampled, ms): "
              + ", ".join(f"{u} {v:.0f}" for u, v in list(by_url.items())[:8]))
        for (name, url, line, column), ms in top:
            print(f"  {ms:6.1f} ms  {name}  {url}:{line + 1}:{column + 1}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
