"""Lighthouse (the npm package, pinned in bench/lighthouse/package-lock.json) against a local server.

Mobile form factor (Lighthouse's default: a 412 x 823 phone, simulated slow 4G and 4x CPU), the
four categories, Debian's Chromium headless. The package is installed into bench/lighthouse/
node_modules by `npm ci` on first use, never by the tests. Each URL runs in its own process group
with a time limit; a run that overruns is stopped (its Chromium with it) and reported as an error.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent / "lighthouse"
CLI = HERE / "node_modules" / ".bin" / "lighthouse"
REPORTS = HERE / "reports"  # the full JSON report of each run (git-ignored), to read the details
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 100, "accessibility": 100}  # issue #14: keep 100 on mobile
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync "
                "--disable-dev-shm-usage")
METRICS = {"first-contentful-paint": "fcp_ms", "largest-contentful-paint": "lcp_ms", "speed-index": "si_ms",
           "total-blocking-time": "tbt_ms", "cumulative-layout-shift": "cls", "server-response-time": "ttfb_ms"}
URL_TIMEOUT_S = 180.0
INSTALL_TIMEOUT_S = 600.0


def chromium() -> str:
    return os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


def ensure_installed() -> Path:
    """The Lighthouse CLI, installed from the lockfile by `npm ci` when it is not there yet."""
    if CLI.exists():
        return CLI
    npm = shutil.which("npm")
    if not npm:
        raise SystemExit("bench: Lighthouse needs Node.js (>= 18.16) and npm on PATH to install "
                         f"bench/lighthouse ({HERE}); install them (Debian: apt-get install nodejs npm) "
                         "or run the bench without it: BENCH_LIGHTHOUSE=0 make bench")
    print("-- installing Lighthouse into bench/lighthouse/node_modules (npm ci, once)", flush=True)
    subprocess.run([npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund"], check=True,
                   timeout=INSTALL_TIMEOUT_S)
    return CLI


def version() -> str:
    lock = json.loads((HERE / "package-lock.json").read_text())
    return lock["packages"]["node_modules/lighthouse"]["version"]


def run(base_url: str, pages: dict[str, str], label: str, settle=None) -> dict:
    """Each page's scores, metrics and failing audits: {"version", "pages": {name: {...}}}.
    ``settle()``, before each page, waits for the server to finish what the last run left it (a
    first visit's service worker precaches, and the server renders on after Lighthouse has gone):
    on this machine the server and the browser share the cores, as they would not in use."""
    cli = ensure_installed()
    REPORTS.mkdir(exist_ok=True)
    out = {"version": version(), "form_factor": "mobile", "pages": {}}
    for name, path in pages.items():
        report = REPORTS / f"{label}-{name}.report.json"
        waited = settle() if settle else 0.0
        print(f"   lighthouse {path} (server settled in {waited:.1f} s)", flush=True)
        out["pages"][name] = {"path": path, "settled_s": round(waited, 1), **audit_page(cli, base_url + path, report)}
    return out


# Lighthouse's own word for a run that failed on its side, not the page's: run it once more.
RETRIED = ("NO_NAVSTART", "NO_FCP", "PROTOCOL_TIMEOUT", "Please run Lighthouse again")


def audit_page(cli: Path, url: str, report: Path) -> dict:
    command = [str(cli), url, "--output=json", f"--output-path={report}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
               "--max-wait-for-load=45000"]
    for attempt in (1, 2):
        report.unlink(missing_ok=True)
        error = _run_bounded(command, {**os.environ, "CHROME_PATH": chromium()}, URL_TIMEOUT_S)
        if not error:
            return {**summary(json.loads(report.read_text())), "attempts": attempt}
        if not any(word in error for word in RETRIED):
            break
    return {"error": error, "attempts": attempt}


def _run_bounded(command: list[str], env: dict, limit: float) -> str | None:
    """Run `command` in a new process group; None when it succeeds, else what went wrong."""
    process = subprocess.Popen(command, env=env, cwd=HERE, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the CLI and the Chromium it launched
        process.communicate()
        return f"no report within {limit:.0f} s"
    if process.returncode != 0:
        return f"exit {process.returncode}: {stderr.decode(errors='replace')[-1500:]}"
    return None


def summary(lhr: dict) -> dict:
    """Scores out of 100, the metrics, and each category's audits that cost it points."""
    audits = lhr["audits"]
    scores = {c: _percent(lhr["categories"][c]["score"]) for c in CATEGORIES}
    return {
        "scores": scores,
        "met": {c: scores[c] is not None and scores[c] >= target for c, target in TARGETS.items()},
        "metrics": {key: _metric(audits.get(audit_id)) for audit_id, key in METRICS.items()},
        "failing": {c: failing(lhr, c) for c in CATEGORIES if scores[c] != 100},
        "benchmark_index": lhr.get("environment", {}).get("benchmarkIndex"),
        "warnings": lhr.get("runWarnings", []),
        "runtime_error": (lhr.get("runtimeError") or {}).get("message"),
    }


def failing(lhr: dict, category: str) -> list[dict]:
    """Weighted audits under a full score, then (performance) diagnostics Lighthouse flags (< 0.9)."""
    out = []
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = lhr["audits"][ref["id"]]
        mode, score = audit.get("scoreDisplayMode"), audit.get("score")
        weighted = ref.get("weight", 0) > 0
        if mode == "error":
            out.append({"id": audit["id"], "title": audit["title"], "error": audit.get("errorMessage")})
        elif score is not None and mode not in ("notApplicable", "manual", "informative") and (
                score < 1 if weighted else score < 0.9):
            out.append({"id": audit["id"], "title": audit["title"], "score": round(score, 2),
                        "weight": ref.get("weight", 0), "value": audit.get("displayValue")})
    return sorted(out, key=lambda a: -a.get("weight", 0))


def _percent(score) -> int | None:
    return None if score is None else round(score * 100)


def _metric(audit: dict | None):
    if not audit or audit.get("numericValue") is None:
        return None
    value = audit["numericValue"]
    return round(value, 3) if audit["id"] == "cumulative-layout-shift" else round(value)
