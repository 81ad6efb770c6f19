"""Installable and offline: manifest, service worker script, a cache version that follows the release,
and a precache that holds every state of the map in a few bundles (webapp/web/offline_bundles.py)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from webapp import create_app

MAP_LINK = re.compile(r'<a [^>]*class="(trigger-point|tp-cluster|region)[^"]*"[^>]*href="([^"]+)"')

def worker(client) -> tuple[str, list[str]]:
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"  # a new release is found at once
    body = response.get_data(as_text=True)
    version = json.loads(re.search(r"^const VERSION = (.*);$", body, re.M).group(1))
    urls = json.loads(re.search(r"^const PRECACHE = (.*);$", body, re.M).group(1))
    return version, urls


def offline_config(client) -> dict:
    body = client.get("/sw.js").get_data(as_text=True)
    return json.loads(re.search(r"^const OFFLINE = (.*);$", body, re.M).group(1))


@lru_cache(maxsize=16)
def bundle(client_app, url: str) -> dict:
    return client_app.test_client().get(url).get_json()


def page_of(found: dict, address: str) -> str:
    """A page as the worker writes it from its bundle: its runs of chunks, joined."""
    runs = found["pages"][address]
    return "".join("".join(found["chunks"][first:first + count]) for first, count in zip(runs[::2], runs[1::2]))


def links(html: str, kind: str) -> list[str]:
    return [url.replace("&amp;", "&") for k, url in MAP_LINK.findall(html) if k == kind]


def views_and_sides(client, atlas, audience: str = "clinician"):
    """(view, side, the view's address on that side with nothing selected) for each view and side."""
    for view in atlas.views:
        for side in ("left", "right"):
            tabs = BeautifulSoup(client.get(f"/?view={view}&side={side}&audience={audience}").data, "html.parser")
            yield view, side, tabs.select_one("#map-nav .sides a[aria-current]")["href"]


def test_pages_link_a_manifest_that_makes_the_map_installable(client):
    soup = BeautifulSoup(client.get("/").data, "html.parser")
    manifest = client.get(soup.select_one("link[rel=manifest]")["href"])
    assert manifest.mimetype == "application/manifest+json"
    body = manifest.get_json()
    assert body["start_url"] == "/" and body["display"] == "standalone" and body["name"]
    for icon in body["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_worker_precaches_the_shell_and_one_bundle_per_view_and_audience(client, atlas):
    version, urls = worker(client)
    assert re.fullmatch(r"[0-9a-f]{16}", version)
    for path in ("/muscles/", "/sources", "/api/referral-index", "/api/search-index", "/offline/pages.json"):
        assert path in urls
    assert all(f"/offline/map/{view}.json" in urls and f"/offline/map/client/{view}.json" in urls for view in atlas.views)
    assert any(u.startswith("/static/js/app.js?v=") for u in urls)
    assert len(urls) == len(set(urls))
    for url in urls:
        assert client.get(url).status_code == 200, url
    # no page of its own for each state, muscle or condition: the bundles hold them
    assert not [u for u in urls if u.startswith(("/?", "/muscles/", "/conditions/")) and u != "/muscles/"]
    assert offline_config(client) == {
        "map": {view: f"/offline/map/{view}.json" for view in atlas.views},
        "client": {view: f"/offline/map/client/{view}.json" for view in atlas.views}, "pages": "/offline/pages.json",
        "defaults": {"view": atlas.default_view, "side": "right", "audience": "clinician", "both": "0"}}


def test_the_precache_does_not_grow_with_the_atlas(client, tmp_path):
    """Twice the muscles, the same addresses: the shell and the bundles (bytes grow, not requests)."""
    from bench.synthetic import grow_atlas
    from webapp.paths import ROOT

    grown = create_app({"TESTING": True, "DATA_DIR": str(grow_atlas(ROOT / "data", tmp_path / "x2", 2))})
    shell = lambda urls: sorted(u.split("?v=")[0] for u in urls)  # noqa: E731 - the same files, any hash
    assert shell(worker(grown.test_client())[1]) == shell(worker(client)[1])


@pytest.mark.parametrize("audience, bundles", [("clinician", "map"), ("client", "client")])
def test_the_bundles_hold_every_trigger_point_region_and_close_up_of_every_view_and_side(client, app, atlas,
                                                                                          audience, bundles):
    """Every state the map links to from each view and side (its markers, its clusters' close-ups and
    their markers, its regions) is a page of that view's bundle, in the clinician's view and the client's."""
    config = offline_config(client)
    seen = set()
    for view, side, address in views_and_sides(client, atlas, audience):
        assert ("audience=client" in address) == (audience == "client")
        found = bundle(app, config[bundles][view])
        page = client.get(address).get_data(as_text=True)
        wanted = {address, *links(page, "trigger-point"), *links(page, "region")}
        closeups = links(page, "tp-cluster")
        while closeups:  # every depth: a crowded close-up's clusters open deeper ones (group=a~b)
            closeup = closeups.pop(0)
            if closeup not in wanted:
                wanted.add(closeup)
                inside = client.get(closeup).get_data(as_text=True)
                wanted.update(links(inside, "trigger-point"))
                closeups += links(inside, "tp-cluster")
        assert wanted <= set(found["pages"]), (view, side, sorted(wanted - set(found["pages"]))[:5])
        seen |= {u for u in wanted if "tp=" in u}
    drawn = {(tp.id, view) for tp in atlas.trigger_points.values() for view in tp.entry.positions}
    assert len(seen) == 2 * len(drawn)  # each trigger point on each view that draws it, on each side


def test_a_trigger_point_on_a_view_that_does_not_draw_it_folds_to_one_that_does(client, app, atlas):
    """The view tabs, the search and the muscle pages link to a trigger point on views that do not
    draw it: each view's bundle sends those to the trigger point's page on a view that draws it."""
    config = offline_config(client)
    for view, bundles in ((view, bundles) for view in atlas.views for bundles in ("map", "client")):
        moved = bundle(app, config[bundles][view])["moved"]
        hidden = [tp for tp in atlas.trigger_points.values() if view not in tp.entry.positions]
        assert len(moved) == 2 * len(hidden)
        for source, target in list(moved.items())[::17]:
            there = dict(arg.split("=") for arg in urlsplit(target).query.split("&"))
            assert there["tp"] in source and there.get("side", "right") in ("left", "right")
            assert there.get("view", atlas.default_view) in atlas.trigger_points[there["tp"]].entry.positions
            assert (there.get("audience") == "client") == (bundles == "client") == ("audience=client" in source)
            assert target in bundle(app, config[bundles][there.get("view", atlas.default_view)])["pages"]
    search = {e["url"] for e in client.get("/api/search-index").get_json() if e["kind"] != "condition"}
    everywhere = {a for url in config["map"].values() for a in [*bundle(app, url)["pages"], *bundle(app, url)["moved"]]}
    assert search <= everywhere  # every muscle, trigger point and region the search finds opens offline


@pytest.mark.parametrize("audience, bundles", [("clinician", "map"), ("client", "client")])
def test_a_bundled_page_is_the_served_page_with_the_figure_it_is_selected_on(client, app, atlas, audience, bundles):
    """A view and a close-up are served as they are; a selection is the served page (panel, toolbar,
    companions, title) with its view's figure, or its cluster's close-up, and what to select there."""
    config = offline_config(client)
    addresses = {(view, side): address for view, side, address in views_and_sides(client, atlas, audience)}
    shown = {key: client.get(address).get_data(as_text=True) for key, address in addresses.items()}
    for (view, side), served in shown.items():
        found = bundle(app, config[bundles][view])
        assert page_of(found, addresses[(view, side)]) == served
        closeups = links(served, "tp-cluster")
        deeper = [c for closeup in closeups for c in links(client.get(closeup).get_data(as_text=True), "tp-cluster")]
        for closeup in closeups[:2] + deeper[:1]:  # a close-up opened from the body, and one from a close-up
            inside = client.get(closeup).get_data(as_text=True)
            assert page_of(found, closeup) == inside
            assert_selected_on(page_of(found, links(inside, "trigger-point")[0]), inside, client)
        singles = links(served, "trigger-point")
        for state in singles[::max(1, len(singles) // 4)]:
            assert_selected_on(page_of(found, state), served, client, state)
        regions = links(served, "region")
        for state in regions[::max(1, len(regions) // 6)]:  # selected on the figure of the region's side
            figure_side = "left" if "side=left" in state else "right"
            assert_selected_on(page_of(found, state), shown[(view, figure_side)], client, state)


FIGURE = re.compile(r'<svg [^>]*class="body-map.*?</svg>', re.S)  # a page has one svg: the map's


def without_figure(html: str) -> tuple[BeautifulSoup, str]:
    """A page parsed without its figure (the largest part by far), and the figure as written."""
    figure = FIGURE.search(html)
    assert figure, "a map page draws its figure"
    return BeautifulSoup(html[:figure.start()] + html[figure.end():], "html.parser"), figure.group()


@lru_cache(maxsize=64)
def figure_markers(svg: str) -> BeautifulSoup:
    return BeautifulSoup(svg, "html.parser")


def assert_selected_on(written: str, figure_page: str, client, address: str | None = None) -> None:
    """`written` is the served page of its state but for its figure, which is `figure_page`'s, with
    data-select-* naming the state's selection; the marker or region to select is in that figure."""
    ours, drawn = without_figure(written)
    address = address or ours.select_one("#map-nav .tabs a[aria-current]")["href"]
    served, _ = without_figure(client.get(address).get_data(as_text=True))
    for part in ("title", "#map-nav", "#map-links", "#panel", "nav.companions", "#zone-elsewhere"):
        assert ours.select_one(part) is not None or part == "nav.companions", (address, part)  # not cut out
        assert str(ours.select_one(part)) == str(served.select_one(part)), (address, part)
    _, figure_drawn = without_figure(figure_page)
    assert drawn == figure_drawn, address  # the very figure the page is selected on, byte for byte
    figure = ours.select_one("#map-figure")
    panel = served.select_one("#panel [data-selected]")
    if panel["data-panel"] == "trigger-point":
        side = re.search(r"(?:client's|your) (left|right) side", panel.select_one(".eyebrow").text).group(1)
        assert (figure["data-select-tp"], figure["data-select-side"]) == (panel["data-selected"], side)
        assert figure_markers(drawn).select_one(
            f'.trigger-point[data-trigger-point="{panel["data-selected"]}"][data-side="{side}"]')
    else:
        assert figure["data-select-region"] == panel["data-selected"]
        assert figure_markers(drawn).select_one(f'.region[data-region="{panel["data-selected"]}"]')


def test_the_pages_bundle_holds_every_muscle_and_condition_page_as_served(client, app, atlas):
    found = bundle(app, offline_config(client)["pages"])
    wanted = [f"/muscles/{m}" for m in atlas.muscles] + [f"/conditions/{c}" for c in atlas.conditions]
    assert sorted(found["pages"]) == sorted(wanted)
    for address in wanted[::7]:
        assert page_of(found, address) == client.get(address).get_data(as_text=True), address


def test_a_bundle_shares_its_chunks_between_pages(client, app):
    """Pages share their head, their figure and their muscle's card: a bundle's chunks are a small
    part of its pages laid end to end."""
    found = bundle(app, offline_config(client)["map"]["posterior"])
    written = sum(sum(runs[1::2]) for runs in found["pages"].values())
    assert len(found["chunks"]) < written / 10
    assert len(set(found["chunks"])) == len(found["chunks"])


@pytest.mark.parametrize("url", ["/offline/map/posterior.json", "/offline/map/client/posterior.json", "/offline/pages.json"])
def test_a_bundle_is_compressed_and_revalidated(client, url):
    response = client.get(url, headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br" and response.headers["Cache-Control"] == "no-cache"
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("url", ["/offline/map/ventral.json", "/offline/map/client/ventral.json"])
def test_an_unknown_view_has_no_bundle(client, url):
    response = client.get(url)
    assert response.status_code == 404 and "ventral" in response.get_data(as_text=True)


def test_the_worker_precaches_the_zone_shapes_each_bundled_page_names(client, app):
    _, urls = worker(client)
    config = offline_config(client)
    named = set()
    for url in [*config["map"].values(), *config["client"].values()]:
        found = bundle(app, url)
        named |= {re.search(r'data-zones="([^"]+)"', c).group(1) for c in found["chunks"] if 'id="map-figure"' in c}
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
    assert {"js/search.js", "js/vendor/fuse.basic.min.mjs", "js/figure.js", "js/drawing.js", "js/offline-select.js"} <= paths
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
