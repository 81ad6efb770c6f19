"""Pages and API answers rendered once per process and then served from memory.

An answer of a view marked ``@cached(query=...)`` is a pure function of its path and the query
arguments it names for the life of the process: the atlas is frozen at start-up, and no cookie,
session, nonce, date or request header reaches those views. Its first 200 answer is kept with
its headers and ETag, before the 304 check and compression (``delivery.revalidate_pages``), and
later requests get it back from a ``before_request`` hook, without running the view. The
``after_request`` hooks still run on it, so a kept answer carries exactly the headers of a
fresh one (CSP, ETag, Vary, a current Date).

Requests with a query argument the view does not name, or a repeated one, are answered afresh
and not kept: junk or hostile query strings cannot fill the cache or push real pages out.

This is also flask-compress's cache backend: each kept answer's brotli and gzip bodies are made
once, when first asked for, and kept with it. Static assets and pages without a query (the map,
the muscle, condition and source pages, the API: a few dozen addresses where visitors land) are
compressed at maximum quality (brotli 11, gzip 9). A URL with a query is a map state: thousands
of them, each asked for rarely and mostly by scripts (a click's page swap, the service worker's
precache at the first visit) where the wait matters more than the bytes, so their brotli is made
at flask-compress's faster level (quality 11 costs 50 times as much as 5 for 13 % fewer bytes).
Everything is bounded by ``RESPONSE_CACHE_BYTES`` (least recently used first out; assets apart,
a fixed set). An answer over a megabyte (an offline bundle, ``offline_bundles.py``) gets brotli 9
with a 16 MB window instead: a tenth more bytes than 11 in a fiftieth of the time (seconds, not
a quarter of a minute, at ten times today's content), and repeats further apart than 4 MB found.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlencode

import brotli
from flask import Flask, Response, current_app, request

KEY, FROM_CACHE = "webapp.cache_key", "webapp.served_from_cache"  # in each request's environ
ENTRY_OVERHEAD = 256  # bytes a kept value costs beyond its body (objects, dict slots): small entries count too
COMPRESSORS = {
    "br": lambda body: brotli.compress(body, quality=11),
    "gzip": lambda body: gzip.compress(body, 9, mtime=0),  # no timestamp: the same bytes in every worker
}

LARGE_BYTES = 1 << 20
LARGE_COMPRESSORS = {**COMPRESSORS, "br": lambda body: brotli.compress(body, quality=9, lgwin=24)}


def compressor(encoding: str, name: str, size: int = 0):
    """Ours at maximum quality (a large answer's at a quicker one), or None for flask-compress's:
    brotli of a map state (see above)."""
    if encoding == "br" and not name.endswith("?"):
        return None
    return (LARGE_COMPRESSORS if size > LARGE_BYTES else COMPRESSORS).get(encoding)


def cached(query: tuple[str, ...] = ()):
    """Mark a view whose answer depends only on its path and these query arguments."""
    def mark(view):
        view.cached_query = tuple(query)
        return view
    return mark


@dataclass(frozen=True)
class KeptAnswer:
    """A view's 200 answer with its headers and ETag: replayed through the after_request hooks."""

    headers: tuple[tuple[str, str], ...]
    body: bytes

    def response(self) -> Response:
        return current_app.response_class(self.body, status=200, headers=list(self.headers))


def size_of(key: str, value: KeptAnswer | bytes) -> int:
    if isinstance(value, KeptAnswer):
        return len(key) + len(value.body) + sum(len(k) + len(v) for k, v in value.headers) + ENTRY_OVERHEAD
    return len(key) + len(value) + ENTRY_OVERHEAD


class ResponseCache:
    """Kept answers and their compressed bodies in one LRU bounded by bytes; compressed assets apart.

    Keys are ``<encoding>;page|<path>?<query>`` and ``<encoding>;static|<file>``, the form
    flask-compress asks for (``<algorithm>;<COMPRESS_CACHE_KEY>``) with ``identity`` for the
    kept answer itself.
    """

    def __init__(self, max_bytes: int, asset_body) -> None:
        self.max_bytes = max_bytes
        self.asset_body = asset_body  # file name -> bytes, or None
        self.entries: OrderedDict[str, KeptAnswer | bytes] = OrderedDict()
        self.assets: dict[str, bytes] = {}
        self.bytes = 0
        self.lock = threading.Lock()

    def clear(self) -> None:
        """Drop every kept answer (authoring mode, after the content changed)."""
        with self.lock:
            self.entries.clear()
            self.bytes = 0

    def answer(self, key: str) -> KeptAnswer | None:
        return self._get(f"identity;{key}")

    def keep(self, key: str, answer: KeptAnswer) -> None:
        self._put(f"identity;{key}", answer)

    def get(self, key: str) -> bytes | None:
        """A compressed body for flask-compress: kept, made now at maximum quality (see
        ``compressor``), or None for flask-compress to make (and ``set``)."""
        encoding, _, name = key.partition(";")
        kind, _, rest = name.partition("|")
        if kind == "static":
            if key not in self.assets and encoding in COMPRESSORS and (body := self.asset_body(rest)):
                self.assets[key] = COMPRESSORS[encoding](body)
            return self.assets.get(key)
        if kind != "page":
            return None  # not kept: flask-compress compresses it afresh
        found = self._get(key)
        answer = self.answer(name) if found is None else None
        if answer and (compress := compressor(encoding, name, len(answer.body))):
            found = compress(answer.body)
            self._put(key, found)
        return found

    def set(self, key: str, value: bytes) -> None:
        """flask-compress made a map state's body at its own level: keep it with its answer."""
        name = key.partition(";")[2]
        if name.startswith("page|") and self.answer(name) is not None:
            self._put(key, value)

    def _get(self, key: str):
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def _put(self, key: str, value: KeptAnswer | bytes) -> None:
        size = size_of(key, value)
        if size > self.max_bytes:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = value
            self.bytes += size
            while self.bytes > self.max_bytes:
                old_key, old = self.entries.popitem(last=False)
                self.bytes -= size_of(old_key, old)


def response_cache() -> ResponseCache:
    return current_app.extensions["response_cache"]


def cache_key() -> str | None:
    """``page|<path>?<named arguments, sorted>`` for a GET of a cached view, else None."""
    if request.method not in ("GET", "HEAD") or request.endpoint is None:
        return None
    names = getattr(current_app.view_functions.get(request.endpoint), "cached_query", None)
    if names is None or any(name not in names or len(request.args.getlist(name)) > 1 for name in request.args):
        return None
    return f"page|{request.script_root}{request.path}?{urlencode(sorted(request.args.items()))}"


def serve_cached():
    """A kept answer, if this request has one (``before_request``: the view does not run).

    The key goes in the request's environ, not in ``g``: a request made inside another (the
    service worker's precache renders pages with the test client) shares its app context.
    """
    key = request.environ[KEY] = cache_key()
    kept = response_cache().answer(key) if key else None
    request.environ[FROM_CACHE] = kept is not None
    return kept.response() if kept else None


def keep(response: Response) -> None:
    """Keep a view's fresh 200 answer (called before the ETag check and compression)."""
    key = request.environ.get(KEY)
    if key is None or request.environ.get(FROM_CACHE) or response.status_code != 200 or response.is_streamed:
        return
    if "Content-Encoding" in response.headers:
        return
    response_cache().keep(key, KeptAnswer(tuple(response.headers.items()), response.get_data()))


def compression_key(req) -> str:
    """flask-compress's cache key: static assets by file, kept answers by their key."""
    if req.endpoint == "static":
        return f"static|{(req.view_args or {}).get('filename', '')}"
    return req.environ.get(KEY) or "-"


def register(app: Flask, asset_body) -> ResponseCache:
    cache = ResponseCache(app.config["RESPONSE_CACHE_BYTES"], asset_body)
    app.extensions["response_cache"] = cache
    app.before_request(serve_cached)
    return cache
