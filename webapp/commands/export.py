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

Only the map states a static host needs are written (:func:`kept_state`, :func:`folded`): each
trigger point on its best view, on each side; its handout on each side, which is also the client's
page of the trigger point; each region on its view (for the clinician: a region in the client's
view opens the client's map of that view); each view and side with nothing selected, and each
close-up. A link to any other state (a trigger point on another view, the whole-body frame, both
sides with a selection) points to the kept state it folds to. The figure is shared
(``export_figures.py``): one file per view, side and audience under ``/figures/``, and a patch
of a few KB in each state's page. While it renders, the app is in export mode (``STATIC_EXPORT``):
a block another page holds (a condition's details, a muscle's facts) is a link to that page, which
the export's scripts bring in (``static/js/export-page.js``).
"""

from __future__ import annotations

import gc
import html
import json
import re
import multiprocessing
import os
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Flask

from ..content.model import Atlas
from ..drawing.export_figure import main_svg as shared_main_svg
from ..queries.referral import best_view
from ..queries.state import DEFAULT_SIDE, MapState, UnknownId, href, parse_state
from ..queries.state import STATE_KEYS as STATE_ORDER
from .export_figures import HANDOUT, SharedFigures

# the space before the name is in the first group: a class of characters to start from is a
# third of the time of a word boundary on a page with its figure (0.5 ms, not 1.6)
ATTRIBUTE_URL = re.compile(r'(\s(?:href|src|action|data-index|data-referral-index|data-base|data-zones|data-include))="(/[^"]*)"')
ATTRIBUTE_URLS = re.compile(r'(\sdata-(?:session|figures|shapes))="(/[^"]*)"')  # URLs, space-separated
INDENT = re.compile(r"\n\s+")  # no page of the site has <pre> or <textarea>
HANDOUT_KEYS = ("tp", "side")  # all a handout reads: its view is the best, its words the client's
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
    if path == "/figure.svg" and {("both", "1"), ("frame", "body")} <= set(args):  # a session handout's:
        return f"/figures/saved_{keyed.replace('/', '_')}.svg"  # every marker of both sides
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


def handout_state(atlas: Atlas, url: str) -> MapState | None:
    """The figure state of a handout URL (its trigger point on its best view, in the client's words)."""
    parts = urlsplit(url)
    args = dict(parse_qsl(parts.query))
    if parts.path != "/handout" or not args.get("tp"):
        return None
    try:
        state = parse_state(atlas, {k: v for k, v in args.items() if k in HANDOUT_KEYS})
    except UnknownId:
        return None
    return replace(state, view=best_view(atlas, atlas.trigger_points[state.tp], state.side), audience="client")


def folded(atlas: Atlas, url: str) -> str:
    """`url` with a map state replaced by the kept state it folds to (see :func:`kept_state`), and
    a handout's query by what the handout reads (one handout per trigger point and side)."""
    path, hashmark, fragment = url.partition("#")
    parts = urlsplit(path)
    if parts.path == "/handout":
        kept = sorted((kv for kv in parse_qsl(parts.query) if kv[0] in HANDOUT_KEYS), key=lambda kv: STATE_ORDER.index(kv[0]))
        return "/handout" + (f"?{urlencode(kept)}" if kept else "") + hashmark + fragment
    state = map_state(atlas, path)
    if state is None:
        return url
    kept = kept_state(atlas, state)
    if kept.tp and kept.for_client:  # the client's page of a trigger point is its handout
        return href(MapState(view=atlas.default_view, side=kept.side, tp=kept.tp), atlas, "/handout") + hashmark + fragment
    return href(kept, atlas, "/") + hashmark + fragment


def file_for(export_url: str) -> str:
    """The file (relative to the export's root) that answers an export URL."""
    path = urlsplit(export_url).path.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def links_in(body: str) -> list[str]:
    return [html.unescape(m.group(2)) for m in ATTRIBUTE_URL.finditer(body)] + \
        [html.unescape(url) for m in ATTRIBUTE_URLS.finditer(body) for url in m.group(2).split()]


class Exporter:
    """Crawls the app with its test client and writes every answer under `out`."""

    def __init__(self, app: Flask, out: Path):
        self.app, self.out = app, Path(out)
        self.atlas = app.extensions["atlas"]
        self.client = app.test_client()
        self.moved: dict[str, str] = {}  # redirecting URL -> the URL it leads to
        self.pages: dict[str, tuple[str, bytes | None]] = {}  # URL -> (mimetype, body; None: written)
        self.folds: dict[str, str] = {}  # URL -> the URL of the state it folds to
        self.targets_of: dict[str, str | None] = {}  # URL (after redirects) -> export URL
        self.swaps: dict[str, tuple[str, str]] = {}  # a link attribute -> (its URL, the attribute rewritten)
        self.figures = SharedFigures(self)

    def map_state(self, url: str) -> MapState | None:
        return map_state(self.atlas, url)

    def kept_state(self, state: MapState) -> MapState:
        return kept_state(self.atlas, state)

    def fetch(self, url: str) -> tuple:
        """One URL: (url, redirect target or None, mimetype, body, links, shared figures' zones)."""
        response = self.client.get(url, headers={"Accept-Encoding": "identity"})
        if response.status_code in (301, 302, 303, 307, 308):
            target = urlsplit(response.headers["Location"])
            moved = target.path + (f"?{target.query}" if target.query else "")
            return url, moved, None, b"", [moved], {}
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}: the site links to a broken page")
        body, html_page, links, state = response.data, response.mimetype == "text/html", [], None
        # a state's page is rewritten and lightened now, in the worker (a page with its figure is
        # big, a light one is not), and its links found as it is rewritten; other pages later
        if html_page and (state := map_state(self.atlas, url)):
            body = self.figures.lighten(self.rewrite_html(body.decode("utf-8"), links), state).encode("utf-8")
        elif html_page and (state := handout_state(self.atlas, url)):
            body = self.figures.lighten(self.rewrite_html(body.decode("utf-8"), links), state, HANDOUT).encode("utf-8")
        elif html_page:
            links = links_in(body.decode("utf-8"))
        if html_page and state:  # final: written by the worker, not sent to the exporter to write
            self.write(self.target(url), body)
            body = None
        found = [self.fold(link.split("#")[0]) for link in links]
        return url, None, response.mimetype, body, found, self.figures.taken()

    def crawl(self, starts: list[str], workers: int = 1) -> None:
        """Breadth first, one level at a time; with `workers` > 1 forked processes render a level."""
        global _CRAWLER
        _CRAWLER, pool = self, None
        if workers > 1:
            gc.collect()
            gc.freeze()  # what the workers inherit: not walked by their collections, nor copied
            pool = multiprocessing.get_context("fork").Pool(workers)
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
                        self.pages[url] = (mimetype, body)
                    self.figures.add(zones)
                    for link in found:
                        if link not in seen and not (export_path(link) or "/static/").startswith("/static/"):
                            seen.add(link)
                            level.append(link)
        finally:
            if pool:
                pool.close()
                pool.join()
                gc.unfreeze()

    def target(self, url: str) -> str | None:
        """The export URL a link to `url` leads to (after redirects and folds), or None."""
        for _ in range(5):  # redirects are found while crawling: only map pages rewrite before
            if url not in self.moved:
                break
            url = self.moved[url]
        if url not in self.targets_of:
            self.targets_of[url] = export_path(self.fold(url), self.atlas.default_view)
        return self.targets_of[url]

    export_url = target

    def fold(self, url: str) -> str:
        if url not in self.folds:  # a page links to hundreds of states: fold each URL once
            self.folds[url] = folded(self.atlas, url)
        return self.folds[url]

    def rewrite_html(self, body: str, links: list[str] | None = None) -> str:
        """`body` with its links to export paths; each link's URL as it was is added to `links`."""
        links = [] if links is None else links

        def swap(match: re.Match) -> str:
            found = self.swaps.get(match.group(0))  # pages share most of their links: swap each once
            if found is None:
                name, raw = match.groups()
                url = html.unescape(raw)
                path, _, fragment = url.partition("#")
                new = self.target(path)
                found = self.swaps[match.group(0)] = (url, match.group(0) if new is None else
                                                       f'{name}="{html.escape(new + (f"#{fragment}" if fragment else ""))}"')
            links.append(found[0])
            return found[1]

        marker = (f'<html data-export data-default-view="{self.atlas.default_view}" '
                  f'data-default-side="{DEFAULT_SIDE.value}" ')
        def swap_each(match: re.Match) -> str:
            urls = [html.unescape(url) for url in match.group(2).split()]
            links.extend(urls)
            return f'{match.group(1)}="{html.escape(" ".join(self.target(u) or u for u in urls))}"'

        body = INDENT.sub("\n", body)  # the templates' indentation: 3 % of a page, no meaning in HTML
        body = ATTRIBUTE_URLS.sub(swap_each, ATTRIBUTE_URL.sub(swap, body))
        return body.replace("<html ", marker, 1)

    def figure_of(self, url: str) -> str:
        """The map's figure of an app URL, its links rewritten to export paths."""
        page = self.client.get(url, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
        return shared_main_svg(self.rewrite_html(page))

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
            if body is None:  # a state's page: its worker wrote it
                continue
            if mimetype in ("text/html", "image/svg+xml"):  # a figure's links too
                body = self.rewrite_html(body.decode("utf-8")).encode("utf-8")
            elif mimetype.endswith("json"):
                body = json.dumps(self.rewrite_json(json.loads(body)), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            self.write(self.target(url), body)
        stylesheet = next(f"/static/{a.path}?v={a.digest}" for a in self.app.extensions["assets"].values()
                          if a.path.endswith(".css"))
        self.figures.write(self.write, stylesheet)
        for asset in self.app.extensions["assets"].values():
            self.write(f"/static/{asset.path}", asset.body)
        missing = self.client.get("/this-page-does-not-exist")
        (self.out / "404.html").write_text(self.rewrite_html(missing.get_data(as_text=True)), encoding="utf-8")


def export_site(app: Flask, out: Path, item_api: bool = False) -> dict:
    """Write the site under `out`; returns counts for the report. The app renders in export mode
    meanwhile (``STATIC_EXPORT``: a repeated block links to the page that holds it). With
    `item_api`, each muscle's, trigger point's and region's own JSON too (see :func:`start_urls`)."""
    kept_answers = app.extensions["response_cache"]
    kept_answers.clear()  # answers rendered for serving are not the export's
    app.config["STATIC_EXPORT"] = True
    try:
        exporter = _crawled(app, out, item_api)
    finally:
        app.config["STATIC_EXPORT"] = False
        kept_answers.clear()
    files = [p for p in Path(out).rglob("*") if p.is_file()]
    return {"pages": len(exporter.pages), "redirects": len(exporter.moved), "files": len(files),
            "bytes": sum(p.stat().st_size for p in files)}


def start_urls(app: Flask, item_api: bool = False) -> list[str]:
    """Where the crawl starts: the map, the lists, every muscle's and condition's page, and the
    API's collections and indexes (what the pages' scripts read). No page or script reads an
    item's own JSON (``/api/muscles/<id>`` and the like: a tenth of a 5x export's bytes and a
    quarter of its files), so only `item_api` adds those, for integrations."""
    with app.test_request_context():
        api = [rule.rule for rule in app.url_map.iter_rules()
               if rule.rule.startswith("/api/") and not rule.arguments and rule.rule != "/api/lookup"]
    atlas = app.extensions["atlas"]
    if item_api:
        api += [f"/api/regions/{r}" for r in atlas.regions] + [f"/api/regions/{r}/referrers" for r in atlas.regions]
        api += [f"/api/muscles/{m}" for m in atlas.muscles] + [f"/api/trigger-points/{t}" for t in atlas.trigger_points]
    pages = [f"/muscles/{m}" for m in atlas.muscles] + [f"/conditions/{c}" for c in atlas.conditions]
    return ["/", "/muscles/", "/sources", "/robots.txt", *pages, *api]  # the search index links them all


def _crawled(app: Flask, out: Path, item_api: bool = False) -> Exporter:
    exporter = Exporter(app, out)
    for url in (f"/trigger-points/{t}" for t in exporter.atlas.trigger_points):  # map pages link these
        exporter.moved[url] = exporter.fetch(url)[1] or url  # redirects, known before pages rewrite
    workers = int(os.environ.get("REFERRAL_MAP_EXPORT_WORKERS") or min(4, os.cpu_count() or 1))
    exporter.figures.prepare()  # shared by the forked workers, not drawn by each
    exporter.crawl(start_urls(app, item_api), workers)
    exporter.write_all()
    return exporter
