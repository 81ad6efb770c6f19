"""The offline precache of a first visit and the static export, measured in-process on an atlas.

Targets (docs: README, DESIGN "Cost follows what is seen"): the precache at most 5 MB (brotli) at
10x content; the export at 5x at most 100 MB and 20,000 files, written in under a minute.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from pathlib import Path

PRECACHE_MB = 5.0
EXPORT_MB, EXPORT_FILES, EXPORT_S = 100.0, 20_000, 60.0


def precache_urls(worker_script: str) -> list[str]:
    """The URLs the service worker (its script's text) fetches at install."""
    return json.loads(re.search(r"^const PRECACHE = (.*);$", worker_script, re.M).group(1))


def precache(data: Path) -> dict:
    """URLs the worker fetches at install and their bytes as served with brotli."""
    from webapp import create_app

    client = create_app({"DATA_DIR": str(data)}).test_client()
    urls = precache_urls(client.get("/sw.js").get_data(as_text=True))
    total = sum(len(client.get(u, headers={"Accept-Encoding": "br"}).data) for u in urls)
    return {"urls": len(urls), "mb_br": round(total / 1e6, 2), "met": total / 1e6 <= PRECACHE_MB}


def export(data: Path) -> dict:
    """`flask export` of the atlas: size, files and wall seconds (forked workers, see webapp/commands/export.py)."""
    from webapp import create_app
    from webapp.commands.export import export_site

    app = create_app({"DATA_DIR": str(data)})
    with tempfile.TemporaryDirectory(prefix="referral-export-") as out:
        began, cpu = time.perf_counter(), _cpu_seconds()
        counts = export_site(app, Path(out) / "site")
        seconds, cpu = time.perf_counter() - began, _cpu_seconds() - cpu
    mb = counts["bytes"] / 1e6
    # the CPU seconds of the exporter and its workers: what the wall time is on idle cores (a busy
    # machine stretches the wall time, not this); the target is on the wall time
    return {"mb": round(mb, 1), "files": counts["files"], "seconds": round(seconds, 1), "cpu_s": round(cpu, 1),
            "met": mb <= EXPORT_MB and counts["files"] <= EXPORT_FILES and seconds <= EXPORT_S}


def _cpu_seconds() -> float:
    times = os.times()  # the forked workers count once they are joined
    return times.user + times.system + times.children_user + times.children_system
