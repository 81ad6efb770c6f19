"""The response cache: pages and API answers rendered once, served as a fresh render would be."""

from __future__ import annotations

import gzip

import brotli
import pytest

from webapp.web import api, pages
from webapp import create_app
from webapp.web.response_cache import (COMPRESSORS, LARGE_BYTES, LARGE_COMPRESSORS, KeptAnswer, ResponseCache,
                                       compressor)

DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}
MAX = {"br": lambda body: brotli.compress(body, quality=11), "gzip": lambda body: gzip.compress(body, 9, mtime=0)}
URLS = ["/", "/?view=lateral&tp=piriformis-trp1", "/?region=sacrum&audience=client", "/muscles/piriformis",
        "/muscles/", "/conditions/cauda-equina-syndrome", "/figure.svg?tp=piriformis-trp1", "/api/muscles",
        "/api/trigger-points/piriformis-trp1", "/api/referral-index"]


@pytest.fixture()
def app():
    """A fresh app per test: what one test keeps does not leak into the next."""
    return create_app({"TESTING": True})


@pytest.fixture(scope="module")
def uncached():
    """The same app without the cache: every request renders."""
    return create_app({"TESTING": True, "RESPONSE_CACHE_BYTES": 0}).test_client()


def without_date(response) -> dict:
    return {k: v for k, v in response.headers.items() if k != "Date"}


def get(client, url, encoding="identity", **headers):
    return client.get(url, headers={"Accept-Encoding": encoding, **headers})


def test_kept_answers_are_byte_identical_to_an_uncached_render_and_skip_the_view(app, uncached, monkeypatch):
    client = app.test_client()
    first = {url: get(client, url) for url in URLS}
    fresh = {url: get(uncached, url) for url in URLS}
    calls = []
    monkeypatch.setattr(pages, "atlas", lambda: calls.append("pages"))  # a view that runs now fails
    monkeypatch.setattr(api, "atlas", lambda: calls.append("api"))
    for url in URLS:
        again = get(client, url)
        assert again.status_code == first[url].status_code == fresh[url].status_code == 200, url
        assert again.data == first[url].data == fresh[url].data, url
        assert without_date(again) == without_date(first[url]) == without_date(fresh[url]), url
    assert calls == []


def expected_body(url: str, encoding: str, plain: bytes) -> bytes:
    """Maximum quality, but brotli of a map state (a URL with a query) at flask-compress's level."""
    if encoding == "br" and "?" in url:
        return brotli.compress(plain, quality=5)
    return MAX[encoding](plain)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_compressed_answers_are_made_once_and_kept(app, uncached, encoding, monkeypatch):
    client = app.test_client()
    plain = {url: get(uncached, url).data for url in URLS}
    first = {url: get(client, url, encoding) for url in URLS}
    def fail(*args):
        pytest.fail("compressed again")

    monkeypatch.setitem(COMPRESSORS, encoding, fail)
    monkeypatch.setattr("flask_compress.flask_compress._compress_data", fail)
    for url in URLS:
        again = get(client, url, encoding)
        assert first[url].headers["Content-Encoding"] == again.headers["Content-Encoding"] == encoding, url
        assert first[url].data == again.data == expected_body(url, encoding, plain[url]), url
        assert DECODE[encoding](again.data) == plain[url], url
        assert without_date(first[url]) == without_date(again), url
        assert again.headers["Vary"] == "Accept-Encoding" and again.headers["ETag"].endswith(f':{encoding}"'), url


def test_the_first_paint_page_is_compressed_at_brotli_11_and_a_map_state_at_5(app):
    client = app.test_client()
    home, state = get(client, "/", "br"), get(client, "/?view=posterior", "br")
    assert brotli.decompress(home.data) == brotli.decompress(state.data)  # the same page...
    assert len(home.data) < len(state.data) * 0.95  # ...made smaller where visitors land


@pytest.mark.parametrize("accept, chosen", [
    ("br", "br"), ("gzip", "gzip"), ("identity", None), ("", None), ("gzip, deflate, br", "br"),
    ("gzip;q=1, br;q=0.5", "gzip"), ("br;q=0, gzip", "gzip"), ("deflate", None), ("*", "br"),
])
def test_the_encoding_follows_accept_encoding_as_flask_compress_chooses(app, uncached, accept, chosen):
    client = app.test_client()
    plain = get(uncached, "/").data
    for _ in range(2):  # fresh, then kept
        response = client.get("/", headers={"Accept-Encoding": accept})
        assert response.headers.get("Content-Encoding") == chosen, accept
        assert (DECODE[chosen](response.data) if chosen else response.data) == plain, accept


@pytest.mark.parametrize("encoding", ["identity", "br", "gzip"])
def test_kept_answers_answer_304_to_their_etag_and_200_to_another(app, encoding, monkeypatch):
    client = app.test_client()
    for url in ("/muscles/piriformis", "/api/muscles"):
        etag = get(client, url, encoding).headers["ETag"]
        monkeypatch.setattr(pages, "atlas", None)
        monkeypatch.setattr(api, "atlas", None)
        again = get(client, url, encoding, **{"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag, url
        assert "Content-Security-Policy" in again.headers
        other = get(client, url, encoding, **{"If-None-Match": '"other"'})
        assert other.status_code == 200 and other.headers["ETag"] == etag, url
        monkeypatch.undo()


def test_a_conditional_first_request_is_still_kept(app):
    """A browser revalidating after a restart gets its 304, and the page is kept all the same."""
    client = app.test_client()
    etag = get(create_app({"TESTING": True}).test_client(), "/sources").headers["ETag"]
    assert get(client, "/sources", **{"If-None-Match": etag}).status_code == 304
    assert app.extensions["response_cache"].answer("page|/sources?") is not None


def test_a_request_made_inside_another_keeps_its_own_answer(app):
    """The first /sw.js renders map pages with the test client while it runs: each keeps its own."""
    client = app.test_client()
    get(client, "/?side=left", "br")
    sw = get(client, "/sw.js", "br")
    assert brotli.decompress(sw.data) == get(client, "/sw.js").data
    assert sw.data == brotli.compress(get(client, "/sw.js").data, quality=11)
    assert get(client, "/sw.js").data.startswith(b"const VERSION")


def test_kept_answers_carry_the_security_headers_and_a_fresh_date(app):
    client = app.test_client()
    get(client, "/")
    kept = app.extensions["response_cache"].answer("page|/?")
    assert "Date" not in dict(kept.headers)  # werkzeug dates each 304 check: never replay an old one
    again = get(client, "/", "br")
    assert again.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert again.headers["X-Frame-Options"] == "DENY" and again.headers["Cache-Control"] == "no-cache"
    assert "Date" in again.headers


def test_head_is_served_from_the_cache_without_a_body(app, monkeypatch):
    client = app.test_client()
    full = get(client, "/muscles/piriformis", "br")
    monkeypatch.setattr(pages, "atlas", None)
    head = client.head("/muscles/piriformis", headers={"Accept-Encoding": "br"})
    assert head.status_code == 200 and head.data == b""
    assert without_date(head) == without_date(full)


def test_the_cache_is_bounded_by_bytes_and_drops_the_least_recently_used(app):
    client = app.test_client()
    cache = app.extensions["response_cache"]
    cache.max_bytes = 400_000  # about four map pages
    states = [f"/?tp={tp}" for tp in ("piriformis-trp1", "gluteus-medius-trp1", "gluteus-medius-trp2",
                                      "gluteus-minimus-posterior", "gluteus-maximus-trp1")]
    states += [f"/?region={r}" for r in ("sacrum", "left-sacroiliac-joint", "right-upper-buttock")]
    for url in states:
        assert get(client, url, "br").status_code == 200, url
        get(client, "/?tp=piriformis-trp1")  # kept in use: it stays
        assert cache.bytes <= cache.max_bytes
    assert cache.answer(f"page|{states[1]}") is None and cache.answer(f"page|{states[2]}") is None
    assert cache.answer(f"page|{states[-1]}") is not None and cache.answer("page|/?tp=piriformis-trp1") is not None


@pytest.mark.parametrize("url", [
    "/?junk={i}", "/?view=lateral&utm_source={i}", "/muscles/piriformis?v={i}", "/?tp=nope-{i}",
    "/?view=lateral&view=posterior&side={side}", "/api/lookup?regions=sacrum:{level}&limit={limit}",
    "/search?q=glute{i}", "/muscles/nope-{i}", "/api/muscles/nope-{i}", "/handout?tp=piriformis-trp1&side={side}",
])
def test_unique_or_hostile_queries_and_errors_are_not_kept(app, url):
    client = app.test_client()
    cache = app.extensions["response_cache"]
    get(client, "/", "br")
    kept = dict(cache.entries)
    for i in range(40):
        get(client, url.format(i=i, side=("left", "right")[i % 2], level=1 + i % 3, limit=1 + i), "br")
    assert dict(cache.entries) == kept  # nothing added, nothing pushed out
    assert cache.answer("page|/?") is not None


def test_errors_and_redirects_are_answered_afresh_each_time(app):
    client = app.test_client()
    cache = app.extensions["response_cache"]
    for url in ("/muscles/nope", "/api/regions/nope", "/trigger-points/piriformis-trp1", "/regions/sacrum"):
        first, again = get(client, url), get(client, url)
        assert first.status_code == again.status_code != 200 and first.data == again.data, url
    assert len(cache.entries) == 0


def test_static_assets_are_compressed_once_at_maximum_quality(app):
    client = app.test_client()
    css = app.extensions["assets"]["css/app.css"]
    for encoding in ("br", "gzip"):
        for url in (f"/static/css/app.css?v={css.digest}", "/static/css/app.css"):
            response = get(client, url, encoding)
            assert response.headers["Content-Encoding"] == encoding
            assert response.data == MAX[encoding](css.body)
    assert set(app.extensions["response_cache"].assets) == {"br;static|css/app.css", "gzip;static|css/app.css"}


def test_the_store_counts_every_entry_and_refuses_one_larger_than_itself():
    cache = ResponseCache(10_000, lambda name: None)
    answer = KeptAnswer((("Content-Type", "text/html"),), b"x" * 4000)
    for i in range(5):
        cache.keep(f"page|/{i}?", answer)
    assert list(cache.entries) == ["identity;page|/3?", "identity;page|/4?"]
    assert 0 < cache.bytes <= 10_000
    cache.keep("page|/big?", KeptAnswer((), b"x" * 20_000))
    assert cache.answer("page|/big?") is None and cache.answer("page|/4?") is answer
    assert cache.get("br;page|/4?") == brotli.compress(answer.body, quality=11)
    assert cache.get("br;page|/gone?") is None and cache.get("br;-") is None and cache.get("zstd;page|/4?") is None


def test_an_answer_over_a_megabyte_is_compressed_at_a_quicker_level():
    """An offline bundle (megabytes): brotli 9 with a large window, not 11 (seconds, not a minute,
    at ten times the content); a map state still gets flask-compress's level."""
    assert compressor("br", "page|/offline/pages.json?", LARGE_BYTES + 1) is LARGE_COMPRESSORS["br"]
    assert compressor("br", "page|/muscles/?", 1000) is COMPRESSORS["br"]
    assert compressor("br", "page|/?tp=x", LARGE_BYTES + 1) is None
    body = b'{"chunks": ["<p>a</p>\\n"]}' * 50_000
    assert brotli.decompress(LARGE_COMPRESSORS["br"](body)) == body
