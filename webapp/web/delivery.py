"""How responses travel: compression, fingerprinted static assets, caching headers, ETags.

- flask-compress answers brotli or gzip by Accept-Encoding for HTML, CSS, JS, SVG and JSON.
  Pages and API answers are rendered and compressed once and kept (``response_cache.py``);
  what is not kept (search, the pain-drawing lookup, the handout) is compressed afresh.
- ``/static/<file>?v=<hash>`` (what ``url_for('static', ...)`` now builds) is immutable and
  cached for a year; the same file without its current hash is revalidated (``no-cache``).
- Pages and API answers carry an ETag of their bytes and ``no-cache``: the browser keeps
  them and asks each time, and an unchanged page costs a 304 without a body.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, abort, current_app, request
from flask_compress import Compress

from . import response_cache
from .assets import Asset, build_assets

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
COMPRESSIBLE = ["text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml",
                "application/json", "application/problem+json", "application/manifest+json", "text/plain"]


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
    """Pages and API answers: an ETag of the bytes, ``no-cache``, 304 when unchanged.

    A fresh answer of a cached view is kept here, with its ETag and before the 304 check
    (whose ``Date`` header is the time of each request).
    """
    if request.endpoint == "static" or request.method not in ("GET", "HEAD"):
        return response
    if response.status_code != 200 or response.is_streamed or "Content-Encoding" in response.headers:
        return response
    response.headers.setdefault("Cache-Control", REVALIDATE)
    if not response.get_etag()[0]:
        response.add_etag()
    response_cache.keep(response)
    return response.make_conditional(request)


def asset_body(filename: str) -> bytes | None:
    asset = assets().get(filename)
    return asset.body if asset else None


def register(app: Flask, static_dir: Path) -> None:
    app.extensions["assets"] = build_assets(static_dir)
    app.add_url_rule("/static/<path:filename>", endpoint="static", view_func=serve_static)
    app.url_defaults(add_fingerprint)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSIBLE)
    cache = response_cache.register(app, asset_body)
    app.config.setdefault("COMPRESS_CACHE_BACKEND", lambda: cache)
    app.config.setdefault("COMPRESS_CACHE_KEY", response_cache.compression_key)
    # after_request hooks run in reverse order: compression (registered first) runs last,
    # after the page has its ETag, and re-evaluates the conditional request with "<etag>:br".
    Compress(app)
    app.after_request(revalidate_pages)
