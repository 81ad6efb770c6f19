"""``flask --app webapp export DIR``: the whole site as files for any static file server.

The exporter crawls the app from the map through every link (views x sides x trigger points x
regions, close-ups, client view, muscles, conditions, sources, handouts, figure downloads) and
writes each answer to a file. A state the server reads from the query gets a path of its own:

    /?view=lateral&tp=x          ->  /map/view-lateral/tp-x/index.html
    /handout?tp=x&side=left      ->  /handout/side-left/tp-x/index.html   (keys in STATE_ORDER)
    /muscles/piriformis          ->  /muscles/piriformis/index.html
    /figure.svg?view=lateral     ->  /static/svg/lateral.svg (scripts save the state's own figure)
    /api/regions                 ->  /api/regions.json

Links, data attributes and URLs inside the JSON are rewritten to those paths, and
``<html data-export>`` tells the scripts to build state addresses the same way
(``static/js/state-url.js``). Static assets keep their ``?v=<hash>`` URLs: a static server ignores
the query and serves the file. The search page needs a query, so the export's search works in the
page only (type-ahead); a redirect (``/trigger-points/<id>``) becomes a link to where it leads.
"""

from __future__ import annotations

import html
import json
import re
from collections import deque
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from flask import Flask

from .state import STATE_KEYS as STATE_ORDER  # a state's path segments, in this order

ATTRIBUTE_URL = re.compile(r'\b(href|src|action|data-index|data-base|data-zones)="(/[^"]*)"')
MAX_PAGES = 50_000


def export_path(url: str, default_view: str = "posterior") -> str | None:
    """Where an app URL lives in the export (the URL links use), or None if it has no file."""
    parts = urlsplit(url)
    path, args = parts.path, parse_qsl(parts.query)
    if path.startswith("/static/"):
        return url.split("#")[0]
    if path.startswith("/api/"):
        return None if args else f"{path}.json"
    if path == "/search" or any(k not in STATE_ORDER for k, _ in args):
        return None
    if "." in path.rsplit("/", 1)[-1] and path != "/figure.svg":
        return None if args else path  # a file by name: /manifest.webmanifest
    keyed = "/".join(f"{k}-{v}" for k, v in sorted(args, key=lambda kv: STATE_ORDER.index(kv[0])))
    if path == "/figure.svg":  # scripts draw the state's figure in the page; without them, the view's
        return f"/static/svg/{dict(args).get('view', default_view)}.svg"  # pre-rendered figure
    if path == "/":
        return f"/map/{keyed}/" if keyed else "/"
    base = path if path.endswith("/") else path + "/"
    return f"{base}{keyed}/" if keyed else base


def file_for(export_url: str) -> str:
    """The file (relative to the export's root) that answers an export URL."""
    path = urlsplit(export_url).path.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def links_in(body: str) -> list[str]:
    return [html.unescape(m.group(2)) for m in ATTRIBUTE_URL.finditer(body)]


class Exporter:
    """Crawls the app with its test client and writes every answer under `out`."""

    def __init__(self, app: Flask, out: Path):
        self.app, self.out = app, Path(out)
        self.client = app.test_client()
        self.moved: dict[str, str] = {}  # redirecting URL -> the URL it leads to
        self.pages: dict[str, tuple[str, bytes]] = {}  # URL -> (mimetype, body)

    def crawl(self, starts: list[str]) -> None:
        queue, seen = deque(starts), set(starts)
        while queue:
            if len(self.pages) >= MAX_PAGES:
                raise RuntimeError(f"more than {MAX_PAGES} pages: is a link generating new states forever?")
            url = queue.popleft()
            response = self.client.get(url, headers={"Accept-Encoding": "identity"})
            if response.status_code in (301, 302, 303, 307, 308):
                target = urlsplit(response.headers["Location"])
                found = [target.path + (f"?{target.query}" if target.query else "")]
                self.moved[url] = found[0]
            elif response.status_code == 200:
                self.pages[url] = (response.mimetype, response.data)
                found = links_in(response.get_data(as_text=True)) if response.mimetype == "text/html" else []
            else:
                raise RuntimeError(f"{url} answered {response.status_code}: the site links to a broken page")
            for link in found:
                link = link.split("#")[0]
                if link not in seen and not (export_path(link) or "/static/").startswith("/static/"):
                    seen.add(link)
                    queue.append(link)

    def target(self, url: str) -> str | None:
        for _ in range(5):
            if url not in self.moved:
                break
            url = self.moved[url]
        return export_path(url, self.app.extensions["atlas"].default_view)

    def rewrite_html(self, body: str) -> str:
        def swap(match: re.Match) -> str:
            name, raw = match.groups()
            url = html.unescape(raw)
            path, _, fragment = url.partition("#")
            new = self.target(path)
            if new is None:
                return match.group(0)
            return f'{name}="{html.escape(new + (f"#{fragment}" if fragment else ""))}"'

        atlas = self.app.extensions["atlas"]
        from .state import DEFAULT_SIDE

        marker = (f'<html data-export data-default-view="{atlas.default_view}" '
                  f'data-default-side="{DEFAULT_SIDE.value}" ')
        return ATTRIBUTE_URL.sub(swap, body).replace("<html ", marker, 1)

    def rewrite_json(self, value):
        if isinstance(value, dict):
            return {k: self.rewrite_json(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.rewrite_json(v) for v in value]
        if isinstance(value, str) and value.startswith("/"):
            return self.target(value) or value
        return value

    def write(self, export_url: str, body: bytes) -> None:
        path = self.out / file_for(export_url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)

    def write_all(self) -> None:
        for url, (mimetype, body) in self.pages.items():
            if mimetype == "text/html":
                body = self.rewrite_html(body.decode("utf-8")).encode("utf-8")
            elif mimetype.endswith("json"):
                body = json.dumps(self.rewrite_json(json.loads(body)), ensure_ascii=False).encode("utf-8")
            self.write(self.target(url), body)
        for asset in self.app.extensions["assets"].values():
            self.write(f"/static/{asset.path}", asset.body)
        missing = self.client.get("/this-page-does-not-exist")
        (self.out / "404.html").write_text(self.rewrite_html(missing.get_data(as_text=True)), encoding="utf-8")


def export_site(app: Flask, out: Path) -> dict:
    """Write the site under `out`; returns counts for the report."""
    exporter = Exporter(app, out)
    with app.test_request_context():
        api = [rule.rule for rule in app.url_map.iter_rules()
               if rule.rule.startswith("/api/") and not rule.arguments and rule.rule != "/api/lookup"]
    atlas = app.extensions["atlas"]
    api += [f"/api/regions/{r}" for r in atlas.regions] + [f"/api/regions/{r}/referrers" for r in atlas.regions]
    api += [f"/api/muscles/{m}" for m in atlas.muscles] + [f"/api/trigger-points/{t}" for t in atlas.trigger_points]
    pages = [f"/muscles/{m}" for m in atlas.muscles] + [f"/conditions/{c}" for c in atlas.conditions]
    exporter.crawl(["/", "/muscles/", "/sources", *pages, *api])  # the search index links them all
    exporter.write_all()
    files = [p for p in Path(out).rglob("*") if p.is_file()]
    return {"pages": len(exporter.pages), "redirects": len(exporter.moved), "files": len(files),
            "bytes": sum(p.stat().st_size for p in files)}
