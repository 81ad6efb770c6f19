"""Installable and offline: manifest, service worker script, a cache version that follows the release."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from webapp import create_app

# one worker renders every precached state once (the session app keeps them) for all three
pytestmark = pytest.mark.xdist_group("precache")


def worker(client) -> tuple[str, list[str]]:
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"  # a new release is found at once
    body = response.get_data(as_text=True)
    version = json.loads(re.search(r"^const VERSION = (.*);$", body, re.M).group(1))
    urls = json.loads(re.search(r"^const PRECACHE = (.*);$", body, re.M).group(1))
    return version, urls


def test_pages_link_a_manifest_that_makes_the_map_installable(client):
    soup = BeautifulSoup(client.get("/").data, "html.parser")
    manifest = client.get(soup.select_one("link[rel=manifest]")["href"])
    assert manifest.mimetype == "application/manifest+json"
    body = manifest.get_json()
    assert body["start_url"] == "/" and body["display"] == "standalone" and body["name"]
    for icon in body["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_worker_precaches_the_shell_and_the_content(client, atlas):
    version, urls = worker(client)
    assert re.fullmatch(r"[0-9a-f]{16}", version)
    for path in ("/", "/muscles/", "/sources", "/api/referral-index", "/api/search-index"):
        assert path in urls
    assert all(f"/muscles/{m}" in urls for m in atlas.muscles)
    assert all(f"/conditions/{c}" in urls for c in atlas.conditions)
    assert any(u.startswith("/static/js/app.js?v=") for u in urls)
    assert any("tp=gluteus-medius-trp1" in u and "side=left" in u for u in urls)
    assert len(urls) == len(set(urls))
    for url in urls[:40] + [u for u in urls if "tp=" in u][:20]:
        assert client.get(url).status_code == 200, url


def test_the_worker_precaches_the_zone_shapes_each_precached_map_names(client):
    _, urls = worker(client)
    maps = [u for u in urls if u == "/" or u.startswith("/?")]
    named = {re.search(r'data-zones="([^"]+)"', client.get(u).get_data(as_text=True)).group(1) for u in maps}
    assert len(named) == 5  # the back and front views one each, the lateral view two, the soles one
    assert named <= set(urls)
    # no trigger point sits on the sole view yet, so its set is empty
    assert all(client.get(u).get_json()["zones"] for u in named if "/plantar/" not in u)


def test_the_worker_precaches_every_module_a_page_may_import(client):
    """Modules imported on first use must work offline too: the whole graph from the entry,
    static and dynamic imports alike, at the hashed URLs the browser asks for."""
    _, urls = worker(client)
    entry = BeautifulSoup(client.get("/").data, "html.parser").select_one("script[type=module]")["src"]
    graph, queue = set(), [urljoin("http://localhost/", entry)]
    while queue:
        url = queue.pop()
        if url not in graph:
            graph.add(url)
            body = client.get(url).get_data(as_text=True)
            queue += [urljoin(url, spec) for spec in re.findall(r"""(?:from|import)\s*\(?\s*["'](\.[^"']+)["']""", body)]
    paths = {urlsplit(url).path.removeprefix("/static/") for url in graph}
    assert {"js/search.js", "js/vendor/fuse.basic.min.mjs", "js/figure.js", "js/drawing.js"} <= paths
    for url in graph:
        assert url.removeprefix("http://localhost") in urls, url


def test_a_content_change_gives_a_new_cache_version(client, content):
    version, _ = worker(client)
    assert worker(create_app({"TESTING": True, "DATA_DIR": str(content)}).test_client())[0] == version
    muscle = content / "muscles" / "piriformis.yaml"
    muscle.write_text(muscle.read_text().replace("deep buttock rotator", "deep buttock turner"))
    assert worker(create_app({"TESTING": True, "DATA_DIR": str(content)}).test_client())[0] != version


def test_the_worker_precaches_what_the_session_handout_fetches(client, atlas):
    _, urls = worker(client)
    page = client.get("/session/handout").get_data(as_text=True)
    fetched = list(re.search(r'data-index="([^"]+)" data-referral-index="([^"]+)"', page).groups())
    fetched += [u.replace("&amp;", "&") for attr in re.findall(r'data-(?:figures|shapes)="([^"]+)"', page)
                for u in attr.split()]
    views = len(atlas.views)
    assert "/session/handout" in urls and len(fetched) == 2 + views + 2 * views  # indexes, figures, shapes a side
    assert set(fetched) <= set(urls)
