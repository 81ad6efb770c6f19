"""The static export: state URLs become paths, every link lands on a file, the API is JSON files.

The site exported is the small atlas's (tests/small_atlas.py: a few muscles, every region, view
and condition), so the crawl writes every kind of page and link in seconds; its size is held per
trigger point and region, the way the export grows."""


from __future__ import annotations

import gzip
import html
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qsl

import pytest

import importlib

from webapp.commands.export import export_path, file_for, folded, start_urls
from webapp.content.model import Side
from webapp.drawing import export_figure, lod, targets
from webapp.drawing.render import render_map
from webapp.queries.state import parse_state

cli = importlib.import_module("webapp.commands.cli")

LINK = re.compile(r'\b(?:href|src|data|data-index|data-base|data-zones|data-include)="(/[^"#]*)')


@pytest.mark.parametrize("url, expected", [
    ("/", "/"),
    ("/?view=lateral&tp=piriformis-trp1", "/map/view-lateral/tp-piriformis-trp1/"),
    ("/?tp=piriformis-trp1&view=lateral", "/map/view-lateral/tp-piriformis-trp1/"),  # one order of keys
    ("/?view=anterior&side=left&region=left-groin&audience=client", "/map/view-anterior/side-left/region-left-groin/audience-client/"),
    ("/handout?tp=piriformis-trp1&side=left", "/handout/side-left/tp-piriformis-trp1/"),
    ("/muscles/piriformis", "/muscles/piriformis/"),
    ("/manifest.webmanifest", "/manifest.webmanifest"),
    ("/api/regions", "/api/regions.json"),
    ("/api/lookup?regions=sacrum", None),
    ("/search?q=ql", None),
    ("/figure.svg?view=lateral&tp=x", "/static/svg/lateral.svg"),
    ("/static/js/app.js?v=0123456789ab", "/static/js/app.js?v=0123456789ab"),
])
def test_state_urls_map_to_paths(url, expected):
    assert export_path(url) == expected


def test_export_paths_name_files():
    assert file_for("/") == "index.html"
    assert file_for("/map/view-lateral/") == "map/view-lateral/index.html"
    assert file_for("/api/regions.json") == "api/regions.json"
    assert file_for("/static/js/app.js?v=1") == "static/js/app.js"


def budget(atlas, per_trigger_point: float, per_region: float, more: float = 0) -> float:
    """What the export may hold: it grows with trigger points and regions, not with every state."""
    return per_trigger_point * len(atlas.trigger_points) + per_region * len(atlas.regions) + more


def test_every_link_of_every_exported_page_lands_on_a_file(exported_site, exported_atlas):
    pages = list(exported_site.rglob("*.html"))
    # the kept states, muscles, conditions, handouts (each trigger point on 2 sides, and its handout)
    assert len(exported_atlas.muscles) + len(exported_atlas.conditions) + 4 * len(exported_atlas.trigger_points) < len(pages)
    assert len(pages) < budget(exported_atlas, 16, 5)  # not every state
    figures = [p.read_text(encoding="utf-8") for p in (exported_site / "figures").glob("*.svg")]
    pools = [gzip.decompress(p.read_bytes()).decode("utf-8") for p in (exported_site / "figures").glob("*.gz")]
    assert figures and pools
    checked = set()
    for page, text in [(p, p.read_text(encoding="utf-8")) for p in pages] + [("a figure", t) for t in figures + pools]:
        for url in LINK.findall(text):
            url = html.unescape(url)
            if url in checked:
                continue
            checked.add(url)
            assert (exported_site / file_for(url)).is_file(), f"{page} links to {url}"
    assert any(u.startswith("/map/") and "tp-" in u for u in checked)
    assert any("region-" in u for u in checked) and any(u.startswith("/handout/") for u in checked)
    assert any(u.startswith("/conditions/") for u in checked) and any(u.startswith("/figures/") for u in checked)


def test_a_session_s_handout_and_what_it_reads_are_exported(exported_site):
    """The map's session tray opens its handout, which reads the words, figures and zones from files."""
    drawing = (exported_site / "index.html").read_text(encoding="utf-8")
    urls = re.search(r'data-session="([^"]+)"', drawing).group(1).split()
    handout = (exported_site / file_for(urls[1])).read_text(encoding="utf-8")
    for name in ("data-figures", "data-shapes", "data-index", "data-referral-index"):
        urls += re.search(rf'{name}="([^"]+)"', handout).group(1).split()
    assert all((exported_site / file_for(html.unescape(u))).is_file() for u in urls), urls
    assert "/figures/saved_" in handout  # every marker of both sides: a pick's cross is there


def test_every_block_a_page_brings_in_is_on_the_page_it_names(exported_site):
    """A placeholder (data-include="<page>#<id>") names a page of the export holding that block."""
    includes = {html.unescape(m) for page in exported_site.rglob("*.html")
                for m in re.findall(r'data-include="([^"]+)"', page.read_text(encoding="utf-8"))}
    pages = {url.split("#")[0] for url in includes}
    assert any(p.startswith("/muscles/") for p in pages) and any(p.startswith("/conditions/") for p in pages)
    blocks = {p: (exported_site / file_for(p)).read_text(encoding="utf-8") for p in pages}
    for url in includes:
        page, block = url.split("#")
        assert f'id="{block}"' in blocks[page], url


def test_every_state_of_the_map_is_exported(exported_site, exported_atlas):
    atlas = exported_atlas
    states = [set(p.parent.relative_to(exported_site / "map").parts)
              for p in (exported_site / "map").rglob("index.html")]
    for view in atlas.views:
        assert view == atlas.default_view or any(f"view-{view}" in s for s in states), view
    for tp in atlas.trigger_points:
        assert any(f"tp-{tp}" in s and "side-left" in s for s in states), tp
        assert any(f"tp-{tp}" in s and not any(p.startswith("side-") for p in s) for s in states), tp
        assert not any(f"tp-{tp}" in s and "audience-client" in s for s in states), tp  # its handout instead
        for side in ("side-left/", ""):
            assert (exported_site / "handout" / f"{side}tp-{tp}" / "index.html").is_file(), (side, tp)
    for region in (r for r in atlas.regions.values() if r.views):
        assert any(f"region-{region.id}" in s for s in states), region.id
    for muscle in atlas.muscles:
        assert (exported_site / "muscles" / muscle / "index.html").is_file()
    for condition in atlas.conditions:
        assert (exported_site / "conditions" / condition / "index.html").is_file()
    assert (exported_site / "sources" / "index.html").is_file()
    assert any((exported_site / "handout").rglob("index.html"))


def test_the_api_is_exported_as_json_with_links_to_exported_pages(exported_site, exported_atlas):
    atlas = exported_atlas
    regions = json.loads((exported_site / "api" / "regions.json").read_text())
    assert len(regions) == len(atlas.regions)
    for name in ("muscles", "conditions", "search-index", "referral-index", "handout-index"):
        assert (exported_site / "api" / f"{name}.json").is_file(), name
    # an item's own JSON only with --item-api: no page or script reads it
    assert not (exported_site / "api" / "muscles").exists() and not (exported_site / "api" / "trigger-points").exists()
    assert not (exported_site / "api" / "regions").exists()
    index = json.loads((exported_site / "api" / "search-index.json").read_text())
    urls = {v for entry in index for k, v in (entry.items() if isinstance(entry, dict) else []) if k == "url"}
    assert urls and all((exported_site / file_for(u)).is_file() for u in urls), sorted(urls)[:5]


def test_pages_tell_the_scripts_they_are_exported(exported_site):
    head = (exported_site / "index.html").read_text()[:300]
    assert re.search(r'<html data-export data-default-view="posterior" data-default-side="right"', head)


def test_item_api_adds_each_item_s_json_to_the_crawl(app):
    atlas = app.extensions["atlas"]
    plain, with_items = start_urls(app), start_urls(app, item_api=True)
    assert not any(u.startswith(("/api/muscles/", "/api/trigger-points/", "/api/regions/")) for u in plain)
    added = set(with_items) - set(plain)
    assert {f"/api/muscles/{m}" for m in atlas.muscles} <= added
    assert {f"/api/trigger-points/{t}" for t in atlas.trigger_points} <= added
    assert {f"/api/regions/{r}/referrers" for r in atlas.regions} <= added
    assert all(app.test_client().get(u).status_code == 200 for u in sorted(added)[::7])


def test_the_export_command_passes_item_api_on(runner, tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "export_site", lambda app, out, item_api: seen.append(item_api) or
                        {"files": 0, "bytes": 0, "pages": 0, "redirects": 0})
    assert runner.invoke(args=["export", str(tmp_path / "a"), "--item-api"]).exit_code == 0
    assert runner.invoke(args=["export", str(tmp_path / "b")]).exit_code == 0
    assert seen == [True, False]


def test_export_refuses_a_folder_with_files(runner, tmp_path):
    (tmp_path / "old.html").write_text("stale")
    result = runner.invoke(args=["export", str(tmp_path)])
    assert result.exit_code != 0 and "not empty" in result.output


@pytest.mark.parametrize("url, expected", [
    ("/?view=lateral&tp=piriformis-trp1", "/?tp=piriformis-trp1"),  # its best view is the posterior
    ("/?tp=piriformis-trp1&frame=body&both=1", "/?tp=piriformis-trp1"),
    ("/?view=anterior&region=sacrum", "/?region=sacrum"),  # the sacrum is drawn on the posterior view
    ("/?view=lateral&side=left&frame=body", "/?view=lateral&side=left"),
    ("/?view=lateral&audience=client", "/?view=lateral&audience=client"),
    ("/?region=sacrum&audience=client", "/?audience=client"),
    ("/?view=lateral&side=left&tp=piriformis-trp1&audience=client", "/handout?side=left&tp=piriformis-trp1"),
    ("/handout?view=lateral&tp=piriformis-trp1&audience=client&side=left", "/handout?side=left&tp=piriformis-trp1"),
    ("/muscles/piriformis", "/muscles/piriformis"),
])
def test_links_to_states_not_exported_fold_to_the_kept_state(atlas, url, expected):
    assert folded(atlas, url) == expected


def apply_patch(shared_file: str, patch: dict, pool: bytes | None = None) -> ET.Element:
    """What static/js/shared-figure.js does, in Python: build the state's figure from the file and
    its pool (gzipped)."""
    source = ET.fromstring(shared_file)
    sources = {"from": source, "pool": ET.fromstring(gzip.decompress(pool)) if pool else None}
    name = lambda n: n.replace("xlink:", f"{{{export_figure.XLINK_NS}}}")  # noqa: E731

    def build(item: dict) -> ET.Element:
        if "xml" in item:
            return ET.fromstring(item["xml"])
        if "tag" in item:
            element = ET.Element(f"{{{export_figure.SVG_NS}}}{item['tag']}", {name(k): v for k, v in item["attrs"].items()})
            element.extend(build(child) for child in item["children"])
            return element
        where = "from" if "from" in item else "pool"
        found = sources[where]
        for index in item[where]:
            found = found[index]
        copy = ET.fromstring(ET.tostring(found))
        elements = list(copy.iter())
        for index, attrs, *text in item.get("changes", []):
            for key, value in attrs.items():
                if value is None:
                    del elements[index].attrib[name(key)]
                else:
                    elements[index].set(name(key), value)
            if text:
                elements[index].text = text[0]
        return copy

    svg = ET.Element(source.tag, {name(k): v for k, v in patch["root"].items()})
    svg.extend(build(layer) for layer in patch["layers"])
    for anchor in svg.iter(f"{{{export_figure.SVG_NS}}}a"):
        anchor.attrib.pop("target", None)  # the file's links open in the whole window; the page's do not
    return svg


def shared_file_of(atlas, base_state) -> tuple[str, bytes, export_figure.SharedFile]:
    """A shared figure file as the export writes it (no zones), its pool's file, and their index."""
    every = render_map(atlas, base_state, "/", every_marker=True)
    lead = lod.closeups(atlas, base_state.view, targets.sides_of(atlas.views[base_state.view], base_state))[0]
    pool = export_figure.pool_of([every, render_map(atlas, base_state.with_group(lead), "/")])
    base = render_map(atlas, base_state, "/")
    written = export_figure.shared_figure(base, [], "/static/css/app.css")
    return written, export_figure.pool_file(pool), export_figure.SharedFile(base, pool)


@pytest.mark.parametrize("state", ["/?side=left&tp=gluteus-medius-trp1", "/?region=sacrum", "/?group=gluteus-medius-trp1",
                                   "/?view=lateral&tp=tensor-fasciae-latae-trp1&audience=client"])
def test_a_patch_on_the_shared_figure_gives_the_state_s_own_figure(atlas, state):
    ours = parse_state(atlas, dict(parse_qsl(state[2:])))
    own = render_map(atlas, ours, "/")
    written, pool, index = shared_file_of(atlas, ours.cleared())
    patch = export_figure.figure_patch(own, index, "/figures/x.svg", "/figures/pool_x.svg.gz")
    assert len(json.dumps(patch)) < len(own) / 4  # a patch, not a copy: a close-up's markers come from the pool
    canonical = lambda e: ET.canonicalize(ET.tostring(e, encoding="unicode"))  # noqa: E731
    assert canonical(apply_patch(written, patch, pool)) == canonical(ET.fromstring(own))


def test_exported_state_pages_share_the_figure(exported_site, exported_atlas):
    page = (exported_site / "map" / "side-left" / "tp-gluteus-medius-trp1" / "index.html").read_text()
    assert "<svg" not in page.split('class="map-views"')[1].split("</figure>")[0].split('class="companions"')[0]
    patch = export_figure.unpacked(re.search(r'<script type="application/gzip" class="figure-patch">(.*?)</script>', page).group(1))
    figure = exported_site / patch["figure"].lstrip("/")
    views = len(exported_atlas.views)  # a file per view, side, audience and "both sides"; per view and side for
    # handouts; a pool per view and audience; one per view with every marker of both sides (a session's handout)
    assert figure.is_file() and len(list((exported_site / "figures").iterdir())) <= \
        views * 2 * 2 * 2 + views * 2 + views * 2 + views
    shown = re.search(r'<object class="body-map-file"[^>]* data="([^"]+)"', page).group(1)
    target = shown.split("#")[1]
    assert f'id="{target}"' in figure.read_text()  # without scripts, :target shows this state's zone
    pool = (exported_site / patch["pool"].lstrip("/")).read_bytes()
    written = apply_patch(figure.read_text(), patch, pool)  # and scripts build the state's own figure from it
    assert written.find(".//*[@aria-current='true'][@data-trigger-point='gluteus-medius-trp1']") is not None


def test_a_handout_shares_a_figure_without_markers_and_shows_its_own(exported_site):
    page = (exported_site / "handout" / "side-left" / "tp-gluteus-medius-trp1" / "index.html").read_text()
    assert "<svg" not in page.split('id="map-figure"')[1].split("</figure>")[0]
    patch = export_figure.unpacked(re.search(r'class="figure-patch">(.*?)</script>', page).group(1))
    figure = (exported_site / patch["figure"].lstrip("/")).read_text()
    assert patch["figure"].startswith("/figures/handout_") and "data-trigger-point" not in figure
    target = re.search(r'<object class="body-map-file"[^>]* data="[^"#]+#([^"]+)"', page).group(1)
    shown = ET.fromstring(figure).find(f".//*[@id='{target}']")
    assert shown.find(".//*[@class='zone zone-essential']") is not None and shown.find(".//*[@class='x']") is not None
    assert re.search(r'href="/map/(?:view-[a-z]+/)?side-left/audience-client/">Back to the map', page)  # default view left out


def test_the_export_grows_with_trigger_points_and_regions_not_with_every_state(exported_site, exported_atlas):
    """At 5x content the export must fit a static host (100 MB, 20,000 files; bench/offline_export.py
    measures it): map pages number about 2 per trigger point and 1 per region and view, each light."""
    atlas = exported_atlas
    states = list((exported_site / "map").rglob("index.html"))
    regions = sum(len(r.views) for r in atlas.regions.values())  # each region on each view drawing it
    closeups = sum(len(lod.closeups(atlas, v, sides)) for v in atlas.views
                   for sides in ((Side.LEFT,), (Side.RIGHT,), (Side.LEFT, Side.RIGHT), (Side.RIGHT, Side.LEFT)))
    assert len(states) <= 2 * len(atlas.trigger_points) + regions + 8 * len(atlas.views) + 2 * closeups
    sizes = sorted(p.stat().st_size for p in states)
    assert sizes[len(sizes) // 2] < 16_000, sizes[len(sizes) // 2]
    for page in states:  # the largest: a region's, which lists every trigger point referring there,
        # and a trigger point's whose zone reaches other views, each drawn small beside the map
        text = page.read_text()
        size, listed, companions = page.stat().st_size, text.count('<li class="referrer '), text.count('class="companion-map"')
        assert size < 30_000 + 450 * listed + 10_000 * companions, (page, size, listed, companions)
    files = [p for p in exported_site.rglob("*") if p.is_file()]
    # This atlas exported 1,907 files and 38 MB when each page held its own copy of every block and
    # each trigger point had a client's page; now 1,572 files and 13.2 MB. Today's whole content
    # and five times it: README, "Size"; bench/offline_export.py measures the 5x export.
    assert sum(p.stat().st_size for p in files) < budget(atlas, 120_000, 32_000, more=3_000_000)
    assert len(files) < budget(atlas, 8, 5, more=100)


def test_the_export_has_the_robots_txt_the_app_serves(exported_site, client):
    assert (exported_site / "robots.txt").read_bytes() == client.get("/robots.txt").data
