"""Soak test: the production server (gunicorn, 2 workers) under steady concurrent load.

    python bench/soak.py [--seconds 60] [--connections 64] [--max-requests 300000]

Starts `gunicorn -w 2 --threads 4 -b 127.0.0.1:<free port> 'webapp:create_app()'`, sends a mix of
pages and API calls from N concurrent connections until the time or the request budget
runs out, then stops the server it started. Reports errors, p50/p99 latency, requests per
second and the workers' resident memory (from /proc) at start and end; prints a table and
writes bench/soak.json. Exits 1 on any error. Standard library only; 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .serve import stop

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# (name, path, expected content type, weight): pages a client opens, and the API the map calls
MIX = [
    ("map", "/", "text/html", 3),
    ("trigger point", "/?tp=gluteus-medius-trp1&side=left", "text/html", 3),
    ("region", "/?region=left-sacroiliac-joint", "text/html", 2),
    ("muscle", "/muscles/gluteus-medius", "text/html", 2),
    ("api referrers", "/api/regions/sacrum/referrers", "application/json", 1),
    ("api muscle", "/api/muscles/piriformis", "application/json", 1),
    ("api lookup", "/api/lookup?regions=sacrum,left-sacroiliac-joint:2,left-upper-buttock", "application/json", 1),
    ("api trigger point", "/api/trigger-points/gluteus-medius-trp2", "application/json", 1),
]
SCHEDULE = [entry for entry in MIX for _ in range(entry[3])]


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name, *_ in MIX})
    errors: dict[str, int] = field(default_factory=dict)
    sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_ticket(self, budget: int) -> int | None:
        """The next request's number, or None once the request budget is spent."""
        with self.lock:
            if self.sent >= budget:
                return None
            self.sent += 1
            return self.sent

    def record(self, name: str, seconds: float, error: str | None) -> None:
        with self.lock:
            if error:
                self.errors[error] = self.errors.get(error, 0) + 1
            else:
                self.latencies[name].append(seconds)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(port: int, log: Path) -> subprocess.Popen:
    # --no-control-socket: gunicorn 27 would otherwise open ~/.gunicorn/gunicorn.ctl, shared by every run
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "--threads", "4", "-b", f"{HOST}:{port}", "--no-control-socket",
               "webapp:create_app()"]
    with log.open("w") as out:
        return subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)


def wait_ready(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode} before serving (see bench/soak-gunicorn.log)")
        try:
            if fetch(port, "/api/regions")[0] == 200 and len(worker_pids(server.pid)) == 2:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s")


def fetch(port: int, path: str, timeout: float = 10) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept": "text/html,application/json"})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers: the processes whose parent is the master."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == master:
                pids.append(int(entry.name))
    return sorted(pids)


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def client(port: int, results: Results, stop_at: float, budget: int, offset: int) -> None:
    """One connection's loop: a request at a time, through the mix, until time or budget run out."""
    while time.monotonic() < stop_at:
        ticket = results.take_ticket(budget)
        if ticket is None:
            return
        name, path, content_type, _ = SCHEDULE[(ticket + offset) % len(SCHEDULE)]
        started = time.perf_counter()
        try:
            status, got_type, body = fetch(port, path)
            error = None if status == 200 and got_type.startswith(content_type) and body else \
                f"{name}: HTTP {status} {got_type}"
        except (OSError, http.client.HTTPException) as err:
            error = f"{name}: {type(err).__name__}: {err}"
        results.record(name, time.perf_counter() - started, error)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def memory(pids: list[int]) -> dict[str, int | None]:
    return {str(pid): rss_kib(pid) for pid in pids}


def run(seconds: float, connections: int, budget: int) -> dict:
    port = free_port()
    log = ROOT / "bench" / "soak-gunicorn.log"
    server = start_server(port, log)
    try:
        wait_ready(port, server)
        workers = worker_pids(server.pid)
        rss_start = memory(workers)
        results = Results()
        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(port, results, started + seconds, budget, i), daemon=True)
                   for i in range(connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 30)
        elapsed = time.monotonic() - started
        workers_end = worker_pids(server.pid)
        rss_end = memory(workers)
    finally:
        stop(server)  # its master, by pid; it stops its own workers
    server_errors = [line for line in log.read_text().splitlines()
                     if any(mark in line for mark in ("[ERROR]", "[CRITICAL]", "Traceback"))]
    return summary(results, elapsed, seconds, connections, budget, port, workers, workers_end, rss_start,
                   rss_end, server_errors)


def summary(results, elapsed, seconds, connections, budget, port, workers, workers_end, rss_start, rss_end,
            server_errors) -> dict:
    every = [t for values in results.latencies.values() for t in values]
    errors = sum(results.errors.values())
    return {
        "server": f"gunicorn -w 2 --threads 4 -b {HOST}:{port} --no-control-socket 'webapp:create_app()'",
        "seconds": round(elapsed, 2), "planned_seconds": seconds, "connections": connections,
        "request_budget": budget, "requests": len(every) + errors, "errors": errors,
        "error_kinds": results.errors, "server_log_errors": server_errors[:20],
        "requests_per_second": round((len(every) + errors) / elapsed, 1),
        "latency_ms": {"p50": round(percentile(every, 50), 2), "p99": round(percentile(every, 99), 2),
                       "max": round(1000 * max(every, default=0), 2)},
        "by_kind": {name: {"requests": len(v), "p50_ms": round(percentile(v, 50), 2),
                           "p99_ms": round(percentile(v, 99), 2)} for name, v in results.latencies.items()},
        "workers": {"start": workers, "end": workers_end, "restarted": workers != workers_end},
        "worker_rss_kib": {"start": rss_start, "end": rss_end},
    }


def print_table(report: dict) -> None:
    print(f"\nSoak: {report['server']}, {report['connections']} connections, {report['seconds']} s")
    print(f"{'request':<20}{'count':>9}{'p50 ms':>10}{'p99 ms':>10}")
    for name, row in report["by_kind"].items():
        print(f"{name:<20}{row['requests']:>9}{row['p50_ms']:>10.1f}{row['p99_ms']:>10.1f}")
    latency = report["latency_ms"]
    print(f"{'all':<20}{report['requests']:>9}{latency['p50']:>10.1f}{latency['p99']:>10.1f}")
    print(f"\nrequests/s {report['requests_per_second']}   errors {report['errors']}   "
          f"max latency {latency['max']} ms   workers restarted: {report['workers']['restarted']}")
    for kind, count in report["error_kinds"].items():
        print(f"  error x{count}: {kind}")
    for line in report["server_log_errors"]:
        print(f"  server log: {line}")
    print(f"\n{'worker pid':<12}{'RSS start MiB':>15}{'RSS end MiB':>13}")
    for pid, start in report["worker_rss_kib"]["start"].items():
        end = report["worker_rss_kib"]["end"].get(pid)
        print(f"{pid:<12}{_mib(start):>15}{_mib(end):>13}")


def _mib(kib: int | None) -> str:
    return "gone" if kib is None else f"{kib / 1024:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--max-requests", type=int, default=300_000, help="request budget (a hard bound)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "soak.json")
    args = parser.parse_args()
    report = run(args.seconds, args.connections, args.max_requests)
    print_table(report)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    failed = report["errors"] or report["server_log_errors"] or report["workers"]["restarted"]
    return 1 if failed else 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
