"""The bench table: one column per atlas size, one row per figure, with the targets."""

from __future__ import annotations

from .offline_export import EXPORT_FILES, EXPORT_MB, EXPORT_S

FRAME_MS = 16.7
RATIO_TARGET = 0.5
BYTES_TARGET = 14_600  # about ten TCP segments: what a first round trip carries
WORK_MS = 8.0  # the page's own work for a hover or a click at 4x CPU, dispatch to paint, p95
STARTUP_S = 1.0  # start-up with full validation, to a validated first response...
BASELINE_MUSCLES = 23  # ...at ten times the content the map had when the budgets were set (#14)
STARTUP_AT = 10 * BASELINE_MUSCLES


def _pair(d: dict, a: str = "p50_ms", b: str = "p95_ms") -> str:
    return f"{d[a]} / {d[b]} (n={d['n']})" if d.get("n") else "no samples"


def _rps(t: dict) -> str:
    app, static = t["app"], t.get("static", {})
    return (f"{app['rps']} vs {static.get('rps')} rps = {t.get('ratio')}; "
            f"p99 {app['p99_ms']} vs {static.get('p99_ms')} ms")


def rows(run: dict) -> list[tuple[str, str]]:
    w, b = run["weight"], run["browser"]
    out = [
        ("content", f"{run['muscles']} muscles, {run['trigger_points']} trigger points"
                    f" ({run['muscles'] / BASELINE_MUSCLES:.1f}x the {BASELINE_MUSCLES} of #14's budgets)"),
        ("first paint HTML+CSS raw/gzip/br B", "{raw} / {gzip} / {br}".format(**w["first_paint"])),
        ("first view +JS raw/gzip/br B", "{raw} / {gzip} / {br}".format(**w["first_view"])),
        ("  HTML (inline SVG) br B", f"{w['html']['br']} ({w['inline_svg']['br']})"),
        ("  CSS br / JS br B", f"{w['css']['br']} / {w['js']['br']} ({w['js']['files']} files)"),
        ("  on-demand JS br B (not in first view)", "{br} ({files} files)".format(**w["on_demand_js"])),
        ("  zone shapes br B (fetched after first paint)", str(w.get("zone_shapes", {}).get("br", "n/a"))),
        ("offline precache URLs / MB br (<= 5 MB)",
         "{urls} / {mb_br} {v}".format(**run["precache"], v="met" if run["precache"]["met"] else "missed")),
        *([("export MB / files / s, CPU s (<= 100 MB, 20,000, 60 s)", _export(run["export"]))]
          if "export" in run else []),
    ]
    t = b["targets"]
    out.append(("markers to hover: pages (views + close-ups) / markers / trigger points",
                f"{t['pages']} / {t['markers']} / {t['trigger_points']}"))
    for rate in ("1x", "4x"):
        r = b[rate]
        out += [
            (f"markers measured hover / click (pages) {rate}",
             "{markers} ({pages}) / ".format(**r["hover_targets"]) + "{markers} ({pages})".format(**r["click_targets"])),
            (f"hover->paint p50/p95 ms {rate}", _pair(r["hover"])),
            (f"click->paint p50/p95 ms {rate}", _pair(r["click"])),
            (f"hover->rAF / click->rAF p95 {rate}", f"{r['hover_raf']['p95_ms']} / {r['click_raf']['p95_ms']}"),
            (f"dispatch->paint hover / click p50/p95 {rate}",
             f"{r['hover_work']['p50_ms']}/{r['hover_work']['p95_ms']} / {r['click_work']['p50_ms']}/{r['click_work']['p95_ms']}"),
            (f"rank 10 regions in browser {rate}", _pair(r["rank_in_browser"])),
        ]
    empty = b.get("floor", {})  # the browser's own cost, on a page that does nothing
    for rate in ("1x", "4x"):
        if rate in empty:
            f = empty[rate]
            out.append((f"  an empty page: dispatch->paint hover / click p50/p95 {rate}",
                        f"{f['hover_work']['p50_ms']}/{f['hover_work']['p95_ms']} / "
                        f"{f['click_work']['p50_ms']}/{f['click_work']['p95_ms']}"))
    if "idle_cores" in empty:  # what 4x throttling itself costs the machine (browser.idle_renderer_cores)
        idle = empty["idle_cores"]
        out.append(("  an idle page: renderer CPU, cores, at 1x / 4x throttling",
                    f"{idle['1x']} / {idle['4x']} (of {idle['cores']})"))
    cpu = b.get("cpu")
    if cpu:  # the page's own main-thread time (a trace's thread time): the machine's load does not count
        out.append(("main-thread CPU per hover / click p50/p95 ms (trace, 1x)",
                    f"{_pair(cpu['hover'])} / {_pair(cpu['click'])}"))
        if "cpu" in empty:
            out.append(("  an empty page: main-thread CPU per hover / click p50/p95 ms",
                        f"{_pair(empty['cpu']['hover'])} / {_pair(empty['cpu']['click'])}"))
        out.append(("  x4 (4x CPU throttling, estimated) p95 hover / click",
                    f"{_x4(cpu['hover'])} / {_x4(cpu['click'])}"
                    + (f"; an empty page {_x4(empty['cpu']['hover'])} / {_x4(empty['cpu']['click'])}"
                       if "cpu" in empty else "")))
    r4 = b["4x"]
    out.append(("p95 < 16.7 ms at 4x (hover, click)",
                f"{_verdict_ms(r4['hover']['p95_ms'])}, {_verdict_ms(r4['click']['p95_ms'])}"))
    # what the page controls: from the handler to the painted frame (input waits for a frame first)
    out.append(("dispatch->paint p95 < 16.7 ms at 4x (hover, click)",
                f"{_verdict_ms(r4['hover_work']['p95_ms'])}, {_verdict_ms(r4['click_work']['p95_ms'])}"))
    out += targets(run)
    out.append(("/api/lookup 10 regions p50/p95 ms", _pair(run["api_lookup"])))
    for path, t in run["throughput"].items():
        out.append((f"{path} app vs static", _rps(t)))
        ratio = t.get("ratio")
        out.append((f"{path} ratio >= 0.5", "met" if ratio and ratio >= RATIO_TARGET else f"MISSED ({ratio})"))
    out.append(("start-up to validated response s", str(run["startup_s"])))
    if "during_install" in run:
        d = run["during_install"]
        out.append(("cached / while a first visit precaches: p50/p95/max ms (n); install s",
                    f"{d['p50_ms']} / {d['p95_ms']} / {d['max_ms']} (n={d['n']}); {d['install_s']} s for {d['urls']} URLs"))
    out.append((f"  against {STARTUP_S:g} s (the budget's size: {STARTUP_AT} muscles)",
                ("under" if run["startup_s"] <= STARTUP_S else "over")
                + f" by {abs(run['startup_s'] - STARTUP_S):.2f} s at {run['muscles']} muscles"))
    out += lighthouse_rows(run)
    return out


def startup_lines(results: dict) -> str:
    """Start-up against content size (median of a few starts each), and the budget's verdict at
    its own size: the least measured size at or above it."""
    sweep = results.get("startup_sweep")
    if not sweep:
        return ""
    lines = [f"\nstart-up to a validated / (median of {len(sweep[0]['seconds'])} starts; range):"]
    for s in sweep:
        lines.append(f"  {s['factor']}x, {s['muscles']} muscles ({s['muscles'] / BASELINE_MUSCLES:.1f}x #14's"
                     f" {BASELINE_MUSCLES}): {s['median_s']} s ({min(s['seconds'])}-{max(s['seconds'])})")
    at = next((s for s in sweep if s["muscles"] >= STARTUP_AT), None)
    if at is None:
        return "\n".join(lines + [f"TARGET start-up <= {STARTUP_S:g} s at {STARTUP_AT} muscles: not measured"])
    verdict = (f"met ({at['median_s']})" if at["median_s"] <= STARTUP_S
               else f"MISSED by {at['median_s'] - STARTUP_S:.2f} s ({at['median_s']})")
    lines.append(f"TARGET start-up <= {STARTUP_S:g} s at {STARTUP_AT} muscles (measured at {at['muscles']}): {verdict}")
    return "\n".join(lines)


def lighthouse_rows(run: dict) -> list[tuple[str, str]]:
    """Per page: the four scores, and perf/a11y at 100 met or missed (failing audits below the table)."""
    lh = run.get("lighthouse")
    if not lh:
        return []
    out = []
    for name, page in lh["pages"].items():
        label = f"lighthouse {name} perf/a11y/bp/seo"
        if "error" in page:
            out += [(label, "error"), (f"TARGET lighthouse {name} perf, a11y = 100", "MISSED (no report)")]
            continue
        s, m = page["scores"], page["metrics"]
        out.append((label, " / ".join(str(s[c]) for c in ("performance", "accessibility", "best-practices", "seo"))))
        out.append((f"  {name} FCP/LCP/TBT ms, CLS", f"{m['fcp_ms']} / {m['lcp_ms']} / {m['tbt_ms']}, {m['cls']}"))
        verdicts = [f"met ({s[c]})" if page["met"][c] else f"MISSED by {100 - (s[c] or 0)} ({s[c]})"
                    for c in ("performance", "accessibility")]
        out.append((f"TARGET lighthouse {name} perf, a11y = 100", ", ".join(verdicts)))
    return out


def lighthouse_notes(results: dict) -> str:
    """Under the table: what cost each page its points (audit id, title, score, value)."""
    lines = []
    for run in results["runs"]:
        lh = run.get("lighthouse")
        for name, page in (lh or {}).get("pages", {}).items():
            if "error" in page:
                lines.append(f"{run['factor']}x {page['path']}: {page['error']}")
            for category, audits in page.get("failing", {}).items():
                for a in audits:
                    detail = a.get("error") or ", ".join(filter(None, (
                        f"score {a['score']}", f"weight {a['weight']}" if a["weight"] else "diagnostic", a.get("value"))))
                    lines.append(f"{run['factor']}x {page['path']} {category}: {a['id']} ({a['title']}): {detail}")
    versions = [run["lighthouse"]["version"] for run in results["runs"] if run.get("lighthouse")]
    if not versions:
        return ""
    head = f"\nLighthouse {versions[0]} (mobile, simulated slow 4G and 4x CPU)"
    return head + (": audits under a full score:\n" + "\n".join(lines) if lines else ": every page 100 in every category")


def targets(run: dict) -> list[tuple[str, str]]:
    """The first-view budgets, each met or missed by how much."""
    w, r4 = run["weight"], run["browser"]["4x"]
    return [
        ("TARGET first paint (HTML+SVG+CSS) br <= 14,600 B", _verdict_bytes(w["first_paint"]["br"])),
        ("TARGET hover+select JS br <= another 14,600 B", _verdict_bytes(w["js"]["br"])),
        ("TARGET hover work p95 at 4x <= 8 ms", _work(run, "hover_work")),
        ("TARGET click work p95 at 4x <= 8 ms", _work(run, "click_work")),
    ]


def _work(run: dict, key: str) -> str:
    """A work budget's verdict, and what an empty page measured in the same run: a floor that
    says how much of the p95 is the page's own."""
    verdict = _verdict_ms(run["browser"]["4x"][key]["p95_ms"], WORK_MS)
    empty = run["browser"].get("floor", {}).get("4x", {}).get(key, {}).get("p95_ms")
    return verdict if empty is None else f"{verdict}; an empty page {empty}"


def _x4(d: dict):
    return round(4 * d["p95_ms"], 1) if d.get("p95_ms") is not None else "no samples"


def _verdict_bytes(value: int, target: int = BYTES_TARGET) -> str:
    return f"met ({value})" if value <= target else f"MISSED by {value - target} B ({value})"


def _verdict_ms(value, target: float = FRAME_MS) -> str:
    if value is None:
        return "no samples"
    return f"met ({value})" if value <= target else f"MISSED by {round(value - target, 1)} ms ({value})"


def table(results: dict) -> str:
    m = results["machine"]
    columns = [dict(rows(run)) for run in results["runs"]]
    labels = [label for label, _ in rows(results["runs"][0])]
    heads = [f"{run['factor']}x" for run in results["runs"]]
    width = max(len(label) for label in labels)
    lines = [f"machine: {m['cores']} cores, {m['platform']}, Python {m['python']}, {m['chromium']}",
             f"{'':{width}} | " + " | ".join(heads)]
    for label in labels:
        lines.append(f"{label:{width}} | " + " | ".join(col.get(label, "") for col in columns))
    return "\n".join(lines)


def _export(e: dict) -> str:
    """The export's size, files and time, and by how much each limit is met or missed."""
    margins = [f"{e['mb'] - EXPORT_MB:+.1f} MB", f"{e['files'] - EXPORT_FILES:+,} files", f"{e['seconds'] - EXPORT_S:+.1f} s"]
    return (f"{e['mb']} / {e['files']:,} / {e['seconds']}, {e.get('cpu_s', 'n/a')} "
            f"{'met' if e['met'] else 'missed'} ({', '.join(margins)})")
