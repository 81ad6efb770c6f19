"""Authoring mode (``make run``): content reloads when a file under data/ changes, and broken
content shows its problems on every page instead of stopping the server.

On when ``REFERRAL_MAP_DEV=1`` or the app runs in debug mode (config ``CONTENT_RELOAD``).
Before each request the data folder's file times are compared with those last loaded; after
a change the atlas is loaded afresh and the kept answers dropped. While the content is broken
every page (not the stylesheet) answers 500 with the same problems ``check-content`` prints,
each with its file, field and hint. Production start-up stays strict: ``create_app`` raises
``ContentError``.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app, render_template, request

from ..content.loader import load_atlas
from ..content.reader import ContentError, Problem
from .errors import problem


def stamp(data_dir: Path) -> tuple:
    """What changes when any content file is edited, added or removed."""
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    return tuple((str(p), s.st_mtime_ns, s.st_size) for p in files if (s := p.stat()))


class LiveContent:
    """The app's atlas, reloaded from ``data_dir`` when its files change."""

    def __init__(self, app: Flask, data_dir: Path):
        self.app, self.data_dir = app, Path(data_dir)
        self.stamp: tuple | None = None
        self.problems: list[Problem] = []
        self.lock = threading.Lock()

    def refresh(self) -> None:
        """Load the content again if a file changed since the last load."""
        with self.lock:
            now = stamp(self.data_dir)
            if now == self.stamp:
                return
            self.stamp = now
            try:
                atlas = load_atlas(self.data_dir)
            except ContentError as err:
                self.problems = err.problems
                self.app.logger.error("%s", err)
                return
            self.problems = []
            self.app.extensions["atlas"] = atlas
            self.app.extensions["cache"] = {}
            if (kept := self.app.extensions.get("response_cache")) is not None:
                kept.clear()


def show_problems():
    """Before each request: reload changed content; while it is broken, answer with its problems."""
    live: LiveContent = current_app.extensions["live_content"]
    live.refresh()
    if not live.problems or request.endpoint == "static":
        return None
    if request.path.startswith("/api/"):
        return problem(500, "Content Error", f"{len(live.problems)} problems in the content",
                                problems=[str(p) for p in live.problems])
    return render_template("errors/content.html", problems=live.problems), 500


def register(app: Flask) -> None:
    """Load the content (never raising) and check it again before every request."""
    live = app.extensions["live_content"] = LiveContent(app, app.config["DATA_DIR"])
    live.refresh()
    app.before_request(show_problems)
