"""How responses travel: compression, fingerprinted static assets, caching headers, ETags.

- flask-compress answers brotli or gzip by Accept-Encoding for HTML, CSS, JS, SVG and JSON;
  compressed static assets and recent map pages are kept (fixed for the life of the process).
- ``/static/<file>?v=<hash>`` (what ``url_for('static', ...)`` now builds) is immutable and
  cached for a year; the same file without its current hash is revalidated (``no-cache``).
- Pages and API answers carry an ETag of their bytes and ``no-cache``: the browser keeps
  them and asks each time, and an unchanged page costs a 304 without a body.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from flask import Flask, Response, abort, current_app, request
from flask_compress import Compress

from .assets import Asset, build_assets

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
COMPRESSIBLE = ["text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml",
                "application/json", "application/problem+json", "application/manifest+json", "text/plain"]


class CompressionCache:
    """flask-compress cache backend: compressed static assets, and the latest map pages.

    Both are pure functions of their URL for the life of the process (the atlas is frozen).
    Keys are ``<algorithm>;<endpoint>|<path or full path>`` (see ``compression_key``); assets
    are bounded by the number of files, map pages by ``MAX_PAGES`` (least recently used go).
    Other pages are compressed afresh each time.
    """

    MAX_PAGES = 256

    def __init__(self) -> None:
        self.assets: dict[str, bytes] = {}
        self.pages: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            if key in self.pages:
                self.pages.move_to_end(key)
                return self.pages[key]
            return self.assets.get(key)

    def set(self, key: str, value: bytes) -> None:
        with self.lock:
            if ";static|" in key:
                self.assets[key] = value
            elif ";pages.index|" in key:
                self.pages[key] = value
                self.pages.move_to_end(key)
                while len(self.pages) > self.MAX_PAGES:
                    self.pages.popitem(last=False)


def compression_key(req) -> str:
    """Assets by path (the query only names the version); map pages by path and query."""
    return f"{req.endpoint}|{req.full_path if req.endpoint == 'pages.index' else req.path}"


def assets() -> dict[str, Asset]:
    return current_app.extensions["assets"]


def serve_static(filename: str) -> Response:
    """A static file from memory: immutable under its current hash, revalidated otherwise."""
    asset = assets().get(filename)
    if asset is None:
        abort(404, f"There is no static file '{filename}'.")
    response = current_app.response_class(asset.body, mimetype=asset.mimetype)
    response.set_etag(asset.digest)
    response.headers["Cache-Control"] = IMMUTABLE if request.args.get("v") == asset.digest else REVALIDATE
    return response.make_conditional(request)


def add_fingerprint(endpoint: str, values: dict) -> None:
    """``url_for('static', filename=f)`` builds ``/static/f?v=<hash of f>``."""
    if endpoint == "static" and "v" not in values:
        asset = current_app.extensions["assets"].get(values.get("filename", ""))
        if asset:
            values["v"] = asset.digest


def revalidate_pages(response: Response) -> Response:
    """Pages and API answers: an ETag of the bytes, ``no-cache``, 304 when unchanged."""
    if request.endpoint == "static" or request.method not in ("GET", "HEAD"):
        return response
    if response.status_code != 200 or response.is_streamed or "Content-Encoding" in response.headers:
        return response
    response.headers.setdefault("Cache-Control", REVALIDATE)
    if not response.get_etag()[0]:
        response.add_etag()
    return response.make_conditional(request)


def register(app: Flask, static_dir: Path) -> None:
    app.extensions["assets"] = build_assets(static_dir)
    app.add_url_rule("/static/<path:filename>", endpoint="static", view_func=serve_static)
    app.url_defaults(add_fingerprint)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSIBLE)
    app.config.setdefault("COMPRESS_CACHE_BACKEND", CompressionCache)
    app.config.setdefault("COMPRESS_CACHE_KEY", compression_key)
    # after_request hooks run in reverse order: compression (registered first) runs last,
    # after the page has its ETag, and re-evaluates the conditional request with "<etag>:br".
    Compress(app)
    app.after_request(revalidate_pages)
