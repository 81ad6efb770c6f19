"""In headless Chromium: hover and click latency to the next painted frame, and in-browser ranking.

A capture listener notes the event's timeStamp; a requestAnimationFrame callback queued there
runs in the next frame (after the app's handler), and a message posted from it runs once that
frame has been painted. `raf` is event -> rAF, `paint` is event -> after that frame's paint.

Chromium delivers a pointer move (so a hover) at the start of a frame, so `paint` includes the
wait for that frame (0 to 16.7 ms at 60 Hz, whatever the page does). A click (mouse up) is
dispatched at once, and its frame begins at the next vsync. `work` is dispatch -> after the paint,
less the idle wait between the end of the event's dispatch and the start of its frame (the rAF
timestamp): the page's own cost (handler, style, paint, commit), which is what it can make faster.
`cpu` (bench/trace.py) is the main thread's CPU time in the same window, which the machine's
load does not change.
"""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter

from playwright.sync_api import sync_playwright

from .serve import percentile
from .tour import SHAPED, SWAPPED, Tour
from .trace import Trace

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

INSTRUMENT = """() => {
  // As light as it can be inside the measured frame: one channel for every sample, the zone
  // count read after the time is taken. The marks bound the window in a trace (bench/trace.py).
  window.__lat = []; window.__armed = null;
  const channel = new MessageChannel();
  let pending = null;
  channel.port1.onmessage = () => {
    const now = performance.now(), {kind, t0, t1, t2, frame, raf} = pending;
    performance.mark('bench:w1');
    const idle = Math.max(0, frame - (t2 ?? t1));  // dispatched, waiting for the next vsync
    const shown = document.querySelectorAll('svg.body-map .region[data-zone]').length;
    window.__lat.push({kind, raf, paint: now - t0, work: now - t1 - idle, shown});
    window.__wake?.();
  };
  const record = (kind, e) => {
    pending = {kind, t0: e.timeStamp, t1: performance.now(), t2: null};
    performance.mark('bench:w0');
    requestAnimationFrame((frame) => {
      Object.assign(pending, {frame, raf: performance.now() - pending.t0});
      channel.port2.postMessage(0);
    });
  };
  for (const [type, kind] of [['pointerover', 'hover'], ['click', 'click']]) {
    document.addEventListener(type, (e) => {
      if (window.__armed === kind && e.target.closest?.('.trigger-point')) { window.__armed = null; record(kind, e); }
    }, true);
    // bubbling on window: runs after the page's own listeners, at the end of the dispatch
    window.addEventListener(type, () => { if (pending?.kind === kind && pending.t2 === null) pending.t2 = performance.now(); });
  }
}"""

TARGETS = """() => [...document.querySelectorAll('svg.body-map .trigger-point')].map((tp) => {
  const b = tp.getBoundingClientRect(), x = b.left + b.width / 2, y = b.top + b.height / 2;
  return b.width > 0 && document.elementFromPoint(x, y)?.closest('.trigger-point') === tp
    ? [tp.dataset.triggerPoint, tp.dataset.side] : null;
}).filter(Boolean)"""

# Where a marker is now (focus moves may scroll the page); null when something covers it.
POINT = """([id, side]) => {
  window.scrollTo(0, 0);
  const tp = document.querySelector(`svg.body-map [data-trigger-point="${id}"][data-side="${side}"]`);
  if (!tp) return null;
  const b = tp.getBoundingClientRect(), x = b.left + b.width / 2, y = b.top + b.height / 2;
  return document.elementFromPoint(x, y)?.closest('.trigger-point') === tp ? [x, y] : null;
}"""

RANK = """async ([regions, n, ms]) => {
  // drawing.js loads on first use; unloaded, its URL without the hash serves the same bytes
  const url = performance.getEntriesByType('resource').map((e) => e.name).find((u) => u.includes('/drawing.js'))
    || new URL('/static/js/drawing.js', location.href).href;
  const { rank } = await import(url);
  const index = await (await fetch('/api/referral-index')).json();
  const marks = new Map(regions.map((r, i) => [r, 1 + (i % 3)]));
  const times = [], end = performance.now() + ms;
  let top = null;
  for (let i = 0; i < n && performance.now() < end; i++) {
    const t = performance.now(); const ranked = rank(index, marks); times.push(performance.now() - t);
    top = ranked[0] && ranked[0].tp.id;
  }
  return {times, top, candidates: rank(index, marks).length};
}"""

READY = "() => !document.querySelector('#drawing-toggle')?.hidden"

# The floor: the same instrument on a page that does next to nothing. Two marker-like links in a
# small SVG; a hover sets one attribute (a ring's stroke, as the map's preview does), a click
# moves one class. What this page measures is the browser's and the machine's own cost of an
# event and a frame, which no page can go under; the map's work is judged against it.
FLOOR_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>floor</title>
<style>.trigger-point[data-previewing] .ring { stroke-opacity: 1 } .trigger-point.selected .ring { fill: #c00 }</style>
</head><body><svg class="body-map" viewBox="0 0 400 400" width="400" height="400">
<a class="trigger-point" data-trigger-point="a" data-side="left" href="#a" transform="translate(100 100)"><circle class="ring" r="20" fill="#fff" stroke="#000" stroke-opacity="0"/></a>
<a class="trigger-point" data-trigger-point="b" data-side="left" href="#b" transform="translate(300 300)"><circle class="ring" r="20" fill="#fff" stroke="#000" stroke-opacity="0"/></a>
</svg></body></html>"""

FLOOR_SCRIPT = """() => {
  let shown = null;
  document.addEventListener('pointerover', (e) => {
    const tp = e.target.closest('.trigger-point');
    if (!tp || tp === shown) return;
    shown?.removeAttribute('data-previewing'); shown = tp; tp.setAttribute('data-previewing', '');
  });
  document.addEventListener('pointerout', (e) => {
    const tp = e.target.closest('.trigger-point');
    if (tp && !tp.contains(e.relatedTarget)) { tp.removeAttribute('data-previewing'); shown = null; }
  });
  document.addEventListener('click', (e) => {
    const tp = e.target.closest('.trigger-point');
    if (!tp) return;
    e.preventDefault();
    document.querySelector('.trigger-point.selected')?.classList.remove('selected');
    tp.classList.add('selected');
  });
}"""
# One evaluation that resolves when sample n has arrived: the instrument wakes it. Polling from
# here sends the page a CDP evaluation every few ms: tasks on the main thread, inside the window
# being measured.
MEASURED = """([n, ms]) => window.__lat.length > n || new Promise((resolve) => {
  const timer = setTimeout(() => { window.__wake = null; resolve(false); }, ms);
  window.__wake = () => { if (window.__lat.length > n) { clearTimeout(timer); window.__wake = null; resolve(true); } };
})"""


def wait_until(page, predicate: str, arg=None, timeout: float = 60.0) -> None:
    """Poll `predicate(arg)` in the page (CDP evaluation: the strict CSP forbids eval-based waits)."""
    end = time.perf_counter() + timeout
    while not page.evaluate(predicate, arg):
        if time.perf_counter() > end:
            raise TimeoutError(f"{predicate} still false after {timeout:.0f} s")
        time.sleep(0.002)


def measured(page, n: int, timeout: float) -> None:
    """Wait, without polling the page, until the instrument has sample `n`."""
    if not page.evaluate(MEASURED, [n, timeout * 1000]):
        raise TimeoutError(f"no sample {n} after {timeout:.0f} s")


def point(page, target) -> list[float]:
    found = page.evaluate(POINT, target)
    if not found:
        raise RuntimeError(f"trigger point {target} is not under the pointer where it is drawn")
    return found


def summary(samples: list[dict], key: str) -> dict:
    values = [s[key] for s in samples]
    return {"n": len(values), "p50_ms": _r(percentile(values, 50)), "p95_ms": _r(percentile(values, 95)),
            "zone_shown": sum(1 for s in samples if s["shown"]) }


def _r(value):
    return None if value is None else round(value, 2)


def hovers(page, targets, count: int, seconds: float) -> list[dict]:
    """Hover each target in turn (from off the map, so each is a fresh preview)."""
    end = time.perf_counter() + seconds
    for i in range(min(count, len(targets))):
        if time.perf_counter() > end:
            break
        page.mouse.move(4, 4)  # off the map: the preview clears
        page.evaluate("window.__armed = 'hover'")
        page.mouse.move(*point(page, targets[i]))
        measured(page, i, 10)
    return page.evaluate("window.__lat.splice(0)")


def clicks(page, targets, count: int, seconds: float) -> list[dict]:
    """Click each target in turn; back (popstate, no reload) to the page it is on after each."""
    end = time.perf_counter() + seconds
    for i in range(min(count, len(targets))):
        if time.perf_counter() > end:
            break
        figure = page.evaluate_handle("document.getElementById('map-figure')")
        page.evaluate("window.__armed = 'click'")
        page.mouse.click(*point(page, targets[i]))
        measured(page, i, 30)
        wait_until(page, SWAPPED, figure, 60)  # the selection has arrived
        figure = page.evaluate_handle("document.getElementById('map-figure')")
        page.evaluate("history.back()")  # popstate: back to the page it was on, without reload
        wait_until(page, SWAPPED, figure, 60)
        wait_until(page, SHAPED)
        page.mouse.move(4, 4)
    return page.evaluate("window.__lat.splice(0)")


def floor(browser, count: int) -> dict:
    """Hover and click work (dispatch to paint) on FLOOR_PAGE at 1x and 4x CPU, in the same browser
    and run as the map's, the two markers in turn; and at 1x the main thread's CPU time in each
    (a trace, as ``traced`` measures the map's), which the machine's load does not change."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_content(FLOOR_PAGE)
    page.evaluate(INSTRUMENT)
    page.evaluate(FLOOR_SCRIPT)
    cdp = page.context.new_cdp_session(page)
    markers = [["a", "left"], ["b", "left"]] * (count // 2)

    def floor_clicks(page, markers, count: int, seconds: float) -> list[dict]:
        for i, marker in enumerate(markers[:count]):  # no page to fetch: a click is only its frame
            page.evaluate("window.__armed = 'click'")
            page.mouse.click(*point(page, marker))
            measured(page, i, 10)
        return page.evaluate("window.__lat.splice(0)")

    out = {"idle_cores": idle_renderer_cores(browser, page, cdp)}
    for rate in (1, 4):
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
        hover, click = hovers(page, markers, count, 120), floor_clicks(page, markers, count, 120)
        out[f"{rate}x"] = {"hover_work": summary(hover, "work"), "click_work": summary(click, "work")}
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    out["cpu"] = {}
    for kind, action in (("hover", hovers), ("click", floor_clicks)):
        with Trace(page, cdp) as trace:
            action(page, markers, count, 120)
        out["cpu"][kind] = cpu_summary(trace.windows())
        page.evaluate("window.__lat.splice(0)")
    page.close()
    return out


def idle_renderer_cores(browser, page, cdp, seconds: float = 3.0) -> dict:
    """The cores the renderers use while the page does nothing, at 1x and 4x CPU throttling.

    On Linux the throttling is a thread that signals the main thread every 200 us; the handler
    spins for three times the wall time since it last returned, idle or not (Blink's
    ThreadCPUThrottler). So at 4x an idle renderer keeps most of a core busy: on a 2-core machine
    the compositor, the browser, the driver and the server share what is left, and a frame's
    latency at 4x is longer than four times its CPU. The traced CPU at 1x, times four, is the
    estimate that this does not distort."""
    session = browser.new_browser_cdp_session()

    def renderer_seconds() -> float:
        return sum(p["cpuTime"] for p in session.send("SystemInfo.getProcessInfo")["processInfo"]
                   if p["type"] == "renderer")

    out = {"cores": os.cpu_count()}
    for rate in (1, 4):
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
        page.wait_for_timeout(500)
        cpu, began = renderer_seconds(), time.perf_counter()
        page.wait_for_timeout(seconds * 1000)
        out[f"{rate}x"] = round((renderer_seconds() - cpu) / (time.perf_counter() - began), 2)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    session.detach()
    return out


def measure(base_url: str, regions: list[str], count: int = 200, seconds: float = 120.0) -> dict:
    """Hover and click latency at 1x and 4x CPU on the markers of every view and close-up; ranking."""
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    results: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(120_000)
        page.goto(base_url + "/", wait_until="load")
        wait_until(page, READY)
        page.evaluate(INSTRUMENT)  # on the document: it stays through the map's in-page swaps
        tour = Tour(page, wait_until, TARGETS)
        plan = tour.discover()
        results["targets"] = {"pages": len(plan), "markers": sum(len(targets) for _, targets in plan),
                              "trigger_points": len({tuple(t) for _, targets in plan for t in targets})}
        cdp = page.context.new_cdp_session(page)
        for rate in (1, 4):
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            hover, hovered = tour.run(plan, hovers, count, seconds)
            click, clicked = tour.run(plan, clicks, count, seconds)
            ranked = page.evaluate(RANK, [regions, 200, seconds * 1000 / 4])
            results[f"{rate}x"] = {
                "hover": summary(hover, "paint"), "hover_raf": summary(hover, "raf"),
                "hover_work": summary(hover, "work"), "hover_targets": distinct(hovered),
                "click": summary(click, "paint"), "click_raf": summary(click, "raf"),
                "click_work": summary(click, "work"), "click_targets": distinct(clicked),
                "rank_in_browser": {"n": len(ranked["times"]), "p50_ms": _r(percentile(ranked["times"], 50)),
                                    "p95_ms": _r(percentile(ranked["times"], 95)), "top": ranked["top"],
                                    "candidates": ranked["candidates"]},
            }
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        results["floor"] = floor(browser, min(count, 100))
        results["cpu"] = {"hover": traced(page, cdp, tour, plan, hovers, count // 2, seconds / 2),
                          "click": traced(page, cdp, tour, plan, clicks, count // 4, seconds / 2)}
        browser.close()
    return results


def traced(page, cdp, tour, plan, action, count: int, seconds: float) -> dict:
    """Main-thread CPU ms per hover or click at 1x (a trace's thread time: the machine's load does
    not count), p50/p95, and the phases that cost most on average."""
    with Trace(page, cdp) as trace:
        tour.run(plan, action, count, seconds)
    page.evaluate("window.__lat.splice(0)")
    return cpu_summary(trace.windows())


def cpu_summary(windows: list[tuple[float, Counter]]) -> dict:
    """Traced windows' CPU ms: p50/p95, and the phases that cost most on average."""
    phases = sum((cost for _, cost in windows), Counter())
    return {"n": len(windows), "p50_ms": _r(percentile([ms for ms, _ in windows], 50)),
            "p95_ms": _r(percentile([ms for ms, _ in windows], 95)),
            "phases_ms": {name: round(ms / len(windows), 3) for name, ms in phases.most_common(6)} if windows else {}}


def distinct(measured: set) -> dict:
    """How many different markers (a page and a trigger point's side) and pages were measured."""
    return {"markers": len(measured), "pages": len({page for page, *_ in measured})}
