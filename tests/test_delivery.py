"""Delivery: compression by Accept-Encoding, fingerprinted static URLs, caching headers, ETags, /healthz."""

from __future__ import annotations

import gzip
import posixpath
import re

import brotli
import pytest
from bs4 import BeautifulSoup

from bench.weight import TARGET
from webapp.paths import ROOT
from webapp.web.assets import AssetError, build_assets, minify_css

IMMUTABLE = "public, max-age=31536000, immutable"
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}


def static_urls(client, url="/") -> dict[str, str]:
    """The page's static URLs by kind: stylesheet, module, icon."""
    soup = BeautifulSoup(client.get(url).data, "html.parser")
    return {"css": soup.select_one("link[rel=stylesheet]")["href"],
            "js": soup.select_one("script[type=module]")["src"],
            "icon": soup.select_one("link[rel=icon]")["href"]}


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_html_css_js_svg_and_json_are_compressed_as_asked(client, encoding):
    urls = static_urls(client)
    for url in ("/", urls["css"], urls["js"], "/figure.svg?view=posterior", "/api/regions", "/muscles/piriformis"):
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        packed = client.get(url, headers={"Accept-Encoding": f"{encoding}, deflate"})
        assert "Content-Encoding" not in plain.headers, url
        assert packed.headers["Content-Encoding"] == encoding, url
        assert "Accept-Encoding" in packed.headers["Vary"], url
        assert len(packed.data) < len(plain.data) / 2, url
        assert DECODE[encoding](packed.data) == plain.data, url


def test_brotli_is_preferred_when_both_are_accepted(client):
    assert client.get("/", headers={"Accept-Encoding": "gzip, deflate, br"}).headers["Content-Encoding"] == "br"
    assert client.get("/", headers={"Accept-Encoding": "gzip;q=1, br;q=0.5"}).headers["Content-Encoding"] == "gzip"


def test_pages_link_fingerprinted_assets_that_are_immutable(client, app):
    assets = app.extensions["assets"]
    for kind, url in static_urls(client).items():
        path, digest = re.fullmatch(r"/static/([^?]+)\?v=([0-9a-f]{12})", url).groups()
        assert assets[path].digest == digest, kind
        response = client.get(url)
        assert response.status_code == 200 and response.headers["Cache-Control"] == IMMUTABLE, kind


def test_a_static_file_without_its_current_hash_is_revalidated(client):
    for url in ("/static/css/app.css", "/static/css/app.css?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.headers["ETag"]


# `from "./a.js?v=<hash>"`, `import "./a.js?v=<hash>"`, `import("./a.js?v=<hash>")` (loaded on first use)
HASHED_IMPORT = re.compile(rb"""\b(?:from|import)\s*(\(?)\s*["'](\.[^"'?]+)\?v=([0-9a-f]+)["']""")
UNHASHED_IMPORT = re.compile(rb"""\b(?:from|import)\s*\(?\s*["']\.[^"'?]+["']""")


def test_module_imports_carry_their_targets_hash(client, app):
    assets = app.extensions["assets"]
    seen = {"static": 0, "dynamic": 0}
    for path, asset in assets.items():
        if not path.endswith((".js", ".mjs")):
            continue
        for paren, spec, digest in HASHED_IMPORT.findall(asset.body):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), spec.decode()))
            assert assets[target].digest == digest.decode(), (path, spec)
            assert client.get(f"/static/{target}?v={digest.decode()}").headers["Cache-Control"] == IMMUTABLE
            seen["dynamic" if paren else "static"] += 1
        assert not UNHASHED_IMPORT.search(asset.body), f"{path} has an unhashed import"
    # static: app.js -> 2, map.js -> 3, drawing-on-demand.js, drawing.js, search.js -> 1 each;
    # dynamic: app.js -> figure, drawing (handout), search; drawing-on-demand.js -> drawing
    assert seen["static"] >= 8 and seen["dynamic"] >= 4, seen


def test_a_change_in_a_leaf_module_changes_every_url_above_it(tmp_path):
    js = tmp_path / "js"
    (js / "vendor").mkdir(parents=True)
    (js / "app.js").write_text('import { a } from "./a.js";\nimport("./vendor/b.mjs");\n')
    (js / "a.js").write_text('export { b as a } from "./vendor/b.mjs";\n')
    (js / "vendor" / "b.mjs").write_text("export const b = 1;\n")
    (tmp_path / "site.css").write_text("body { margin: 0 }\n")
    before = build_assets(tmp_path)
    (js / "vendor" / "b.mjs").write_text("export const b = 2;\n")
    after = build_assets(tmp_path)
    for path in ("js/app.js", "js/a.js", "js/vendor/b.mjs"):
        assert before[path].digest != after[path].digest, path
    assert before["site.css"].digest == after["site.css"].digest
    assert f'import("./vendor/b.mjs?v={after["js/vendor/b.mjs"].digest}")'.encode() in after["js/app.js"].body


def test_broken_module_graphs_are_refused_with_the_file_named(tmp_path):
    (tmp_path / "a.js").write_text('import "./missing.js";\n')
    with pytest.raises(AssetError, match=r"static/a.js: imports './missing.js', but static/missing.js does not exist"):
        build_assets(tmp_path)
    (tmp_path / "a.js").write_text('import "./b.js";\n')
    (tmp_path / "b.js").write_text('import "./a.js";\n')
    with pytest.raises(AssetError, match="import cycle"):
        build_assets(tmp_path)


@pytest.mark.parametrize("encoding", ["identity", "br", "gzip"])
def test_unchanged_pages_and_assets_answer_304(client, encoding):
    for url in ("/", "/?tp=piriformis-trp1", "/api/muscles", static_urls(client)["js"], "/static/js/map.js"):
        first = client.get(url, headers={"Accept-Encoding": encoding})
        etag = first.headers["ETag"]
        again = client.get(url, headers={"Accept-Encoding": encoding, "If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"", (url, encoding)
        changed = client.get(url, headers={"Accept-Encoding": encoding, "If-None-Match": '"stale"'})
        assert changed.status_code == 200 and changed.data == first.data, (url, encoding)


def test_pages_and_api_are_revalidated_not_stored_for_long(client):
    for url in ("/", "/muscles/", "/api/regions"):
        assert client.get(url).headers["Cache-Control"] == "no-cache", url


def test_unknown_static_file_is_404(client):
    assert client.get("/static/js/nope.js").status_code == 404


def test_healthz_says_the_atlas_is_loaded_with_counts(client, atlas):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == "ok" and body["atlas"]["loaded"] is True
    assert body["atlas"]["muscles"] == len(atlas.muscles) >= 23
    assert body["atlas"]["trigger_points"] == len(atlas.trigger_points)
    assert body["atlas"]["regions"] == len(atlas.regions)
    assert response.headers["Cache-Control"] == "no-store"


def test_each_map_state_gets_its_own_compressed_page(client):
    for url in ("/", "/?view=lateral", "/?tp=piriformis-trp1", "/?view=lateral", "/"):
        plain = client.get(url, headers={"Accept-Encoding": "identity"}).data
        for encoding, decode in DECODE.items():
            packed = client.get(url, headers={"Accept-Encoding": encoding})
            assert decode(packed.data) == plain, (url, encoding)


def test_stylesheets_are_served_without_comments_or_spare_whitespace(client, app):
    css = app.extensions["assets"]["css/app.css"]
    source = (ROOT / "static" / "css" / "app.css").read_bytes()
    assert b"/*" in source and b"/*" not in css.body and b"\n" not in css.body
    assert len(css.body) < len(source) * 0.9
    assert client.get(static_urls(client)["css"]).data == css.body


def test_the_first_paint_fits_in_the_first_round_trip(client):
    """The HTML and CSS of / as sent with brotli: about ten TCP segments (bench/weight.py)."""
    html = client.get("/", headers={"Accept-Encoding": "br"})
    css = client.get(static_urls(client)["css"], headers={"Accept-Encoding": "br"})
    assert html.headers["Content-Encoding"] == css.headers["Content-Encoding"] == "br"
    assert len(html.data) + len(css.data) <= TARGET, (len(html.data), len(css.data))


@pytest.mark.parametrize("source, served", [
    ("a :hover { color: red; }", "a :hover{color:red}"),  # a space before ':' selects descendants
    ('p::before { content: "a  /* b */ ;  c" }', 'p::before{content:"a  /* b */ ;  c"}'),  # strings as they are
    ("/* it's */ a { margin: calc(1px + 2px) }", "a{margin:calc(1px + 2px)}"),  # a quote in a comment; calc()
    ("@media screen and (max-width: 9px) {\n  b { c: d }\n}", "@media screen and (max-width:9px){b{c:d}}"),
    ("a,\n  b > c /* x */ /* y */ { x: 1 }", "a,b>c{x:1}"),
])
def test_minified_css_keeps_every_space_that_means_something(source, served):
    assert minify_css(source) == served
