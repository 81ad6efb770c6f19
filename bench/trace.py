"""Main-thread CPU time inside each measured hover or click, from a Chrome trace.

On a loaded machine a latency is mostly waiting for a core; the renderer's own CPU time between
the event's dispatch and the message after the next paint is what the page costs, whatever else
runs. The instrument marks each window (`bench:w0` at dispatch, `bench:w1` after the paint); a
window's cost is the thread time (`tdur`) of the main thread's trace events in it, each counted
once (its own time, less its children's).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

CATEGORIES = "devtools.timeline,disabled-by-default-devtools.timeline,blink,blink.user_timing,v8.execute,cc"
MAIN = "CrRendererMain"


class Trace:
    """`with Trace(page, cdp) as trace:` records; then `trace.windows()`: [(ms, {phase: ms})]."""

    def __init__(self, page, cdp):
        self.page, self.cdp = page, cdp
        self.events: list[dict] = []
        self.done = False

    def __enter__(self):
        self.cdp.on("Tracing.dataCollected", lambda message: self.events.extend(message["value"]))
        self.cdp.on("Tracing.tracingComplete", lambda _: setattr(self, "done", True))
        self.cdp.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
        return self

    def __exit__(self, *exc) -> None:
        self.cdp.send("Tracing.end")
        for _ in range(600):  # events arrive while the page is waited on; at most a minute
            if self.done:
                break
            self.page.wait_for_timeout(100)

    def windows(self) -> list[tuple[float, Counter]]:
        """Each marked window's main-thread CPU ms, and the same split by trace event name."""
        spans = _windows(self.events)
        starts = [start for start, _ in spans]
        costs = [Counter() for _ in spans]
        for event, own in _own_times(_main_thread(self.events)):
            i = bisect_right(starts, event["ts"]) - 1
            if i >= 0 and event["ts"] < spans[i][1]:
                costs[i][event["name"]] += own / 1000
        return [(sum(cost.values()), cost) for cost in costs]


def _main_thread(events: list[dict]) -> list[dict]:
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    return [e for e in events if names.get((e.get("pid"), e.get("tid"))) == MAIN
            and e.get("ph") == "X" and "dur" in e]


def _own_times(events: list[dict]):
    """(event, its thread time less its children's), children nested by wall time."""
    events = sorted(events, key=lambda e: (e["ts"], -e["dur"]))
    own = {id(e): e.get("tdur", 0) for e in events}
    stack: list[dict] = []
    for event in events:
        while stack and stack[-1]["ts"] + stack[-1]["dur"] <= event["ts"]:
            stack.pop()
        if stack:
            own[id(stack[-1])] -= event.get("tdur", 0)
        stack.append(event)
    return [(e, max(0, own[id(e)])) for e in events]


def _windows(events: list[dict]) -> list[tuple[float, float]]:
    marks = sorted((e["ts"], e["name"]) for e in events if e.get("name") in ("bench:w0", "bench:w1"))
    spans, start = [], None
    for ts, name in marks:
        if name == "bench:w0":
            start = ts
        elif start is not None:
            spans.append((start, ts))
            start = None
    return spans
