"""Servers under test (gunicorn, a plain static file server) and a bounded HTTP load loop.

Everything listens on 127.0.0.1 only. Every loop stops at a count or a time limit, whichever
comes first, and every process started here is stopped here.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--threads", "4", "--preload",
            "--access-logfile", "/dev/null", "webapp:create_app()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, headers: dict | None = None, timeout: float = 60.0) -> tuple[int, dict, bytes]:
    """One GET over a fresh connection: status, headers (lower-case names), body."""
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed = {k.strip().lower(): v.strip() for k, v in (h.split(":", 1) for h in header_lines if ":" in h)}
    return int(status_line.split()[1]), parsed, body


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def load(port: int, path: str, expect: bytes, *, seconds: float, max_requests: int,
         concurrency: int = 8, headers: dict | None = None) -> dict:
    """Closed-loop load: `concurrency` clients GET `path` until the time or count runs out.

    A response counts only if it is a 200 whose body equals `expect` (the bytes validated).
    """
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    issued = [0]

    def client() -> None:
        while time.perf_counter() < deadline:
            with lock:
                if issued[0] >= max_requests:
                    return
                issued[0] += 1
            start = time.perf_counter()
            try:
                status, _, body = get(port, path, headers, timeout=30)
                ok = status == 200 and body == expect
            except OSError:
                ok = False
            elapsed = time.perf_counter() - start
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    failures[0] += 1

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    return {"requests": len(latencies), "failures": failures[0], "seconds": round(wall, 2),
            "rps": round(len(latencies) / wall, 1) if wall else None,
            "p50_ms": _ms(percentile(latencies, 50)), "p99_ms": _ms(percentile(latencies, 99))}


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 2)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(data_dir: Path, validate, limit: float = 240.0):
    """gunicorn (2 workers) on a free port; yields (port, seconds from start to a validated response)."""
    port = free_port()
    env = {**os.environ, "REFERRAL_MAP_DATA_DIR": str(data_dir)}
    # its log goes to a file, not a pipe nobody reads while the bench runs (a flood of tracebacks
    # would fill the pipe and stall the server)
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(GUNICORN + ["--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=log)
        try:
            startup = wait_until_valid(port, validate, start, limit, process, log)
            yield port, startup
        finally:
            stop(process)


def wait_until_valid(port: int, validate, start: float, limit: float, process: subprocess.Popen,
                     log=None) -> float:
    """Poll every 10 ms until `validate(port)` is true; seconds since `start`."""
    while time.perf_counter() - start < limit:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {tail(log)}")
        try:
            if validate(port):
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"no valid response within {limit:.0f} s")


def tail(log, size: int = 2000) -> str:
    """The end of a server's log file (None: it has none)."""
    if log is None:
        return "(no log)"
    log.seek(0)
    return log.read().decode(errors="replace")[-size:]


@contextmanager
def static_server(directory: Path):
    """`python -m http.server` (threaded, standard library) serving `directory`."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port),
                                "--directory", str(directory)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_valid(port, lambda p: get(p, "/")[0] in (200, 404), time.perf_counter(), 20, process)
        yield port
    finally:
        stop(process)
