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

Only the map states a static host needs are written (:func:`kept_state`): each trigger point on
its best view, on each side, for the clinician and the client; each region on its view (for the
clinician: a region in the client's view opens the client's map of that view); each view and side
with nothing selected. A link to any other state (a trigger point on another view, the
whole-body frame, both sides with a selection) points to the kept state it folds to. The figure
is shared (``webapp/export_figure.py``): one file per view, side and audience under
``/figures/``, and a patch of a few hundred bytes in each state's page.
"""

from __future__ import annotations

import html
import json
import re
import multiprocessing
import os
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from flask import Flask

from ..content.model import Atlas
from ..drawing import export_figure as shared
from ..queries.referral import best_view
from ..queries.state import DEFAULT_SIDE, MapState, UnknownId, href, parse_state
from ..queries.state import STATE_KEYS as STATE_ORDER

ATTRIBUTE_URL = re.compile(r'\b(href|src|action|data-index|data-base|data-zones)="(/[^"]*)"')
MAX_PAGES = 50_000
_CRAWLER = None  # the exporter a forked worker renders with


def _fetch(url: str) -> tuple:
    return _CRAWLER.fetch(url)


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


def kept_state(atlas: Atlas, state: MapState) -> MapState:
    """The exported state a link to `state` opens: a trigger point on its best view, a region on a
    view that draws it, both in the close-up; a view without a selection as it is."""
    if state.tp:
        view = best_view(atlas, atlas.trigger_points[state.tp], state.side)
        return replace(state, view=view, frame=None, both=False)
    if state.region and state.for_client:  # the client's map has no region panel of its own
        return replace(state.cleared(), frame=None, both=False)
    if state.region:
        views = atlas.regions[state.region].views
        view = state.view if state.view in views or not views else views[0]
        side = atlas.regions[state.region].side or DEFAULT_SIDE  # a midline region: one page
        return replace(state, view=view, side=side, frame=None, both=False)
    return replace(state, frame=None)


def map_state(atlas: Atlas, url: str) -> MapState | None:
    """The map state an app URL shows, or None when it is no map URL."""
    parts = urlsplit(url)
    args = dict(parse_qsl(parts.query))
    if parts.path != "/" or any(k not in STATE_ORDER for k in args):
        return None
    try:
        return parse_state(atlas, args)
    except UnknownId:
        return None


def folded(atlas: Atlas, url: str) -> str:
    """`url` with a map state replaced by the kept state it folds to (see :func:`kept_state`)."""
    path, hashmark, fragment = url.partition("#")
    state = map_state(atlas, path)
    if state is None:
        return url
    return href(kept_state(atlas, state), atlas, "/") + hashmark + fragment


def figure_file(atlas: Atlas, state: MapState) -> str:
    """The shared figure file of a state: its view, side and audience without a selection."""
    path = export_path(href(kept_state(atlas, state.cleared()), atlas, "/"), atlas.default_view)
    name = path.strip("/").removeprefix("map/").replace("/", "_") or "default"
    return f"/figures/{name}.svg"


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
        self.atlas = app.extensions["atlas"]
        self.client = app.test_client()
        self.moved: dict[str, str] = {}  # redirecting URL -> the URL it leads to
        self.pages: dict[str, tuple[str, bytes, bool]] = {}  # URL -> (mimetype, body, rewritten)
        self.bases: dict[str, str] = {}  # figure file -> the base state's figure (links rewritten)
        self.folds: dict[str, str] = {}  # URL -> the URL of the state it folds to
        self.targets_of: dict[str, str | None] = {}  # URL (after redirects) -> export URL
        self.targets: dict[str, tuple[str, list[str]]] = {}  # figure file -> base URL, states' zones

    def fetch(self, url: str) -> tuple:
        """One URL: (url, redirect target or None, mimetype, body, links, no-script zones)."""
        self.targets = {}
        response = self.client.get(url, headers={"Accept-Encoding": "identity"})
        if response.status_code in (301, 302, 303, 307, 308):
            target = urlsplit(response.headers["Location"])
            moved = target.path + (f"?{target.query}" if target.query else "")
            return url, moved, None, b"", [moved], {}
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}: the site links to a broken page")
        body, html_page = response.data, response.mimetype == "text/html"
        found = [self.fold(link.split("#")[0]) for link in links_in(body.decode("utf-8"))] if html_page else []
        state = map_state(self.atlas, url) if html_page else None
        if state is not None:  # lightened now: a page with its figure is big, a light one is not
            body = self.lighten(state, self.rewrite_html(body.decode("utf-8"))).encode("utf-8")
        return url, None, response.mimetype, body, found, self.targets

    def crawl(self, starts: list[str], workers: int = 1) -> None:
        """Breadth first, one level at a time; with `workers` > 1 forked processes render a level."""
        global _CRAWLER
        _CRAWLER, pool = self, None
        if workers > 1:
            pool = multiprocessing.get_context("fork").Pool(workers)
        targets: dict[str, tuple[str, list[str]]] = {}
        try:
            level, seen = list(dict.fromkeys(starts)), set(starts)
            while level:
                if len(self.pages) + len(level) > MAX_PAGES:
                    raise RuntimeError(f"more than {MAX_PAGES} pages: is a link generating new states forever?")
                results = pool.imap(_fetch, level, chunksize=8) if pool else map(self.fetch, level)
                level = []
                for url, moved, mimetype, body, found, zones in results:
                    if moved is not None:
                        self.moved[url] = moved
                    else:
                        self.pages[url] = (mimetype, body, map_state(self.atlas, url) is not None and mimetype == "text/html")
                    for figure, (base_url, items) in zones.items():
                        targets.setdefault(figure, (base_url, []))[1].extend(items)
                    for link in found:
                        if link not in seen and not (export_path(link) or "/static/").startswith("/static/"):
                            seen.add(link)
                            level.append(link)
        finally:
            if pool:
                pool.close()
                pool.join()
        self.targets = targets

    def target(self, url: str) -> str | None:
        for _ in range(5):  # redirects are found while crawling: only map pages rewrite before

            if url not in self.moved:
                break
            url = self.moved[url]
        if url not in self.targets_of:
            self.targets_of[url] = export_path(self.fold(url), self.atlas.default_view)
        return self.targets_of[url]

    def fold(self, url: str) -> str:
        if url not in self.folds:  # a page links to hundreds of states: fold each URL once
            self.folds[url] = folded(self.atlas, url)
        return self.folds[url]

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
        from ..queries.state import DEFAULT_SIDE

        marker = (f'<html data-export data-default-view="{atlas.default_view}" '
                  f'data-default-side="{DEFAULT_SIDE.value}" ')
        return ATTRIBUTE_URL.sub(swap, body).replace("<html ", marker, 1)

    def base_figure(self, url: str, figure: str) -> str:
        if figure not in self.bases:
            page = self.client.get(url, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
            self.bases[figure] = shared.main_svg(self.rewrite_html(page))
        return self.bases[figure]

    def lighten(self, state: MapState, page: str) -> str:
        """A map page with the shared figure and the state's patch in place of its own figure."""
        svg = shared.main_svg(page)
        if svg is None:
            return page
        figure = figure_file(self.atlas, state)
        base_url = href(kept_state(self.atlas, state.cleared()), self.atlas, "/")
        patch = shared.figure_patch(svg, self.base_figure(base_url, figure), figure)
        self.targets.setdefault(figure, (base_url, []))
        object_url = figure
        if state.tp or state.region:
            target = "t-" + export_path(href(state, self.atlas, "/"), self.atlas.default_view).strip("/").replace("/", "_")
            zones = shared.state_targets(svg, target, state.region)
            if zones:
                self.targets[figure][1].append(zones)
                object_url += f"#{target}"
        label = patch["root"].get("aria-label", "Body map")
        return shared.replace_figure(page, patch, object_url, label)

    def write_figures(self) -> None:
        stylesheet = next(f"/static/{a.path}?v={a.digest}" for a in self.app.extensions["assets"].values()
                          if a.path.endswith(".css"))
        for figure, (base_url, zones) in self.targets.items():
            body = shared.shared_figure(self.base_figure(base_url, figure), zones, stylesheet)
            self.write(figure, body.encode("utf-8"))

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
        for url, (mimetype, body, rewritten) in self.pages.items():
            if rewritten:
                pass
            elif mimetype == "text/html":
                body = self.rewrite_html(body.decode("utf-8")).encode("utf-8")
            elif mimetype.endswith("json"):
                body = json.dumps(self.rewrite_json(json.loads(body)), ensure_ascii=False).encode("utf-8")
            self.write(self.target(url), body)
        self.write_figures()
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
    for url in (f"/trigger-points/{t}" for t in atlas.trigger_points):  # map pages link these
        exporter.moved[url] = exporter.fetch(url)[1] or url  # redirects, known before pages rewrite
    workers = int(os.environ.get("REFERRAL_MAP_EXPORT_WORKERS") or min(4, os.cpu_count() or 1))
    exporter.crawl(["/", "/muscles/", "/sources", *pages, *api], workers)  # the search index links them all
    exporter.write_all()
    files = [p for p in Path(out).rglob("*") if p.is_file()]
    return {"pages": len(exporter.pages), "redirects": len(exporter.moved), "files": len(files),
            "bytes": sum(p.stat().st_size for p in files)}
