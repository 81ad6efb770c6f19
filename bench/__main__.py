"""`make bench`: weight, interaction latency, lookup, throughput and start-up, at 1x, 5x, 10x content.

Prints a table and writes bench/results.json. Every loop is bounded in count and time; every
server listens on 127.0.0.1 and is stopped before the next one starts.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from . import browser, lighthouse, offline_export, serve, weight
from .synthetic import grow_atlas

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.json"
MUSCLE_PAGE = "/muscles/piriformis"
BR = {"Accept-Encoding": "br"}
FACTORS = [int(f) for f in os.environ.get("BENCH_FACTORS", "1,5,10").split(",")]
# start-up alone, three starts each, at more sizes: 2x and 3x of today's 100 muscles bracket the
# size the start-up budget names (ten times the 23 muscles the map had when it was set)
STARTUP_FACTORS = [int(f) for f in os.environ.get("BENCH_STARTUP_FACTORS", "1,2,3,5,10").split(",")]
STARTS = 3
LIGHTHOUSE = os.environ.get("BENCH_LIGHTHOUSE", "1") != "0"  # 0: skip it (no Node.js/npm here)


def validator(muscles: int):
    """A first response counts when /healthz reports the whole atlas and / is the map."""
    def valid(port: int) -> bool:
        status, _, body = serve.get(port, "/healthz", timeout=5)
        if status != 200 or json.loads(body)["atlas"]["muscles"] != muscles:
            return False
        status, _, body = serve.get(port, "/", timeout=60)
        return status == 200 and b'class="body-map' in body
    return valid


def painful_regions(port: int, count: int = 10) -> list[str]:
    """The regions most trigger points refer to (left side): a busy, realistic drawing."""
    index = json.loads(serve.get(port, "/api/referral-index")[2])
    hits = Counter(r for tp in index["trigger_points"] for zone in ("essential", "spillover")
                   for r in tp["zones"]["left"][zone])
    return [region for region, _ in hits.most_common(count)]


def api_lookup(port: int, regions: list[str], count: int = 200, seconds: float = 20.0) -> dict:
    path = "/api/lookup?regions=" + quote(",".join(f"{r}:{1 + i % 3}" for i, r in enumerate(regions)), safe=",:")
    times, end = [], time.perf_counter() + seconds
    while len(times) < count and time.perf_counter() < end:
        start = time.perf_counter()
        status, _, body = serve.get(port, path, BR)
        assert status == 200, (path, status, body[:300])
        times.append((time.perf_counter() - start) * 1000)
    return {"n": len(times), "p50_ms": round(serve.percentile(times, 50), 2),
            "p95_ms": round(serve.percentile(times, 95), 2)}


def during_first_install(port: int, seconds: float = 60.0) -> dict:
    """A page the workers hold (`/`) fetched every 50 ms while a first visit's service worker
    precaches, on workers that have rendered nothing else yet: the bundles are the heaviest
    renders the site has, and another client's page must not wait behind them."""
    for _ in range(4):  # both workers hold `/`
        serve.get(port, "/", BR)
    urls = offline_export.precache_urls(serve.get(port, "/sw.js")[2].decode())
    pending = list(urls)
    lock = threading.Lock()

    def install() -> None:  # as a browser does: a few requests at a time
        while True:
            with lock:
                if not pending:
                    return
                url = pending.pop(0)
            assert serve.get(port, url, BR)[0] == 200, url

    began = time.perf_counter()
    fetchers = [threading.Thread(target=install) for _ in range(4)]
    for t in fetchers:
        t.start()
    times = []
    while any(t.is_alive() for t in fetchers) and time.perf_counter() - began < seconds:
        start = time.perf_counter()
        serve.get(port, "/", BR)
        times.append((time.perf_counter() - start) * 1000)
        time.sleep(0.05)
    for t in fetchers:
        t.join()
    return {"n": len(times), "p50_ms": round(serve.percentile(times, 50), 1),
            "p95_ms": round(serve.percentile(times, 95), 1), "max_ms": round(max(times), 1),
            "install_s": round(time.perf_counter() - began, 1), "urls": len(urls)}


def server_cpu_s(port: int) -> float:
    """CPU seconds the gunicorn processes bound to ``port`` (master and workers) have used."""
    total, bind = 0.0, f"127.0.0.1:{port}".encode()
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and bind in (proc / "cmdline").read_bytes():
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
        except OSError:  # it ended meanwhile
            continue
    return total


def settled(port: int, limit: float = 240.0) -> float:
    """Seconds until the server is idle (under a tenth of a core for a whole second): no render
    left in flight (at 5x and 10x, one visit's precache is a minute of it)."""
    began = time.perf_counter()
    while time.perf_counter() - began < limit:
        before = server_cpu_s(port)
        time.sleep(1.0)
        if server_cpu_s(port) - before < 0.1:
            break
    return time.perf_counter() - began


def lighthouse_pages(port: int) -> dict[str, str]:
    """`/`, a trigger point selected as its marker links it (on the view that shows it), a muscle page.

    Each is fetched a few times first, so Lighthouse meets pages the workers have rendered (their
    response cache), as a visitor does on a running site, not the first render after start-up."""
    index = json.loads(serve.get(port, "/api/referral-index")[2])
    tp = next(t for t in index["trigger_points"] if t["muscle"] == MUSCLE_PAGE.rsplit("/", 1)[1])
    pages = {"map": "/", "selection": f"/?tp={tp['id']}&view=posterior", "muscle": MUSCLE_PAGE}
    for path in pages.values():
        for _ in range(4):  # two workers, each with its own cache
            status = serve.get(port, path, BR)[0]
            assert status == 200, (path, status)
    return pages


def throughput(port: int, seconds: float) -> tuple[dict, dict]:
    """gunicorn vs python -m http.server on the very bytes gunicorn sent (brotli), same run."""
    bodies = {path: serve.get(port, path, BR)[2] for path in ("/", MUSCLE_PAGE)}
    out = {}
    for path, body in bodies.items():
        out[path] = {"bytes": len(body), "app": serve.load(port, path, body, seconds=seconds, max_requests=20_000,
                                                            headers=BR)}
    return out, bodies


def static_throughput(bodies: dict, out: dict, seconds: float) -> None:
    with tempfile.TemporaryDirectory() as site:
        (Path(site) / "muscles").mkdir()
        (Path(site) / "index.html").write_bytes(bodies["/"])
        (Path(site) / MUSCLE_PAGE.lstrip("/")).write_bytes(bodies[MUSCLE_PAGE])
        with serve.static_server(Path(site)) as port:
            for path, body in bodies.items():
                static = serve.load(port, path, body, seconds=seconds, max_requests=20_000, headers=BR)
                out[path]["static"] = static
                app_rps, static_rps = out[path]["app"]["rps"], static["rps"]
                out[path]["ratio"] = round(app_rps / static_rps, 3) if static_rps else None


def run_factor(factor: int, workdir: Path) -> dict:
    data = ROOT / "data" if factor == 1 else grow_atlas(ROOT / "data", workdir / f"data-x{factor}", factor)
    muscles = len(list((data / "muscles").glob("*.yaml")))
    base = factor == 1
    print(f"-- {factor}x: {muscles} muscles", flush=True)
    result: dict = {"factor": factor, "muscles": muscles}
    result["precache"] = offline_export.precache(data)
    if factor <= 5:  # the export's target is at 5x
        result["export"] = offline_export.export(data)
    with serve.gunicorn(data, validator(muscles)) as (port, startup):
        result["startup_s"] = round(startup, 2)
        result["during_install"] = during_first_install(port)
        tps = json.loads(serve.get(port, "/healthz")[2])["atlas"]["trigger_points"]
        result["trigger_points"] = tps
        result["weight"] = weight.first_view(port)
        regions = painful_regions(port)
        result["drawing_regions"] = regions
        result["api_lookup"] = api_lookup(port, regions)
        result["browser"] = browser.measure(f"http://127.0.0.1:{port}", regions, count=200,
                                            seconds=100.0 if base else 30.0)
        # throughput before Lighthouse: its visits install the service worker, whose precache the
        # server goes on rendering after each run (a steady server is what throughput measures)
        result["throughput"], bodies = throughput(port, seconds=5.0 if base else 4.0)
        if LIGHTHOUSE:
            result["lighthouse"] = lighthouse.run(f"http://127.0.0.1:{port}", lighthouse_pages(port), f"{factor}x",
                                                  settle=lambda: settled(port))
    static_throughput(bodies, result["throughput"], seconds=5.0 if base else 4.0)
    return result


def startup_sweep(workdir: Path) -> list[dict]:
    """Start-up to a validated `/` (gunicorn as the runs start it) at each of STARTUP_FACTORS,
    STARTS times each, one after another on an otherwise idle machine: its median and range."""
    sweep = []
    for factor in STARTUP_FACTORS:
        data = ROOT / "data" if factor == 1 else workdir / f"data-x{factor}"
        if not data.exists():
            grow_atlas(ROOT / "data", data, factor)
        muscles = len(list((data / "muscles").glob("*.yaml")))
        times = []
        for _ in range(STARTS):
            with serve.gunicorn(data, validator(muscles)) as (_, startup):
                times.append(round(startup, 3))
        print(f"-- start-up at {factor}x ({muscles} muscles): {times}", flush=True)
        sweep.append({"factor": factor, "muscles": muscles, "seconds": times,
                      "median_s": sorted(times)[len(times) // 2]})
    return sweep


def chromium_version() -> str:
    exe = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    try:
        return subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
    except OSError:
        return "unknown"


def main() -> None:
    from .report import lighthouse_notes, startup_lines, table

    began = time.perf_counter()
    results = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0],
                           "platform": platform.platform(), "chromium": chromium_version(),
                           "date": time.strftime("%Y-%m-%d %H:%M:%S %Z")}, "runs": []}
    if LIGHTHOUSE:
        lighthouse.ensure_installed()  # before the long runs: a missing npm says so at once
    with tempfile.TemporaryDirectory(prefix="referral-bench-") as workdir:
        for factor in FACTORS:
            results["runs"].append(run_factor(factor, Path(workdir)))
            RESULTS.write_text(json.dumps(results, indent=2))
        results["startup_sweep"] = startup_sweep(Path(workdir))
        RESULTS.write_text(json.dumps(results, indent=2))
    results["seconds"] = round(time.perf_counter() - began, 1)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(table(results))
    print(startup_lines(results))
    print(lighthouse_notes(results))
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
