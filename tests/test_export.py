"""The static export: state URLs become paths, every link lands on a file, the API is JSON files.

The site exported is the small atlas's (tests/small_atlas.py: a few muscles, every region, view
and condition), so the crawl writes every kind of page and link in seconds; its size is held per
trigger point and region, the way the export grows."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET

import pytest

from webapp.drawing import lod
from webapp.content.model import Side
from webapp.drawing import export_figure
from webapp.commands.export import export_path, file_for, folded

# one worker exports the small atlas once for both export modules
pytestmark = pytest.mark.xdist_group("export")

LINK = re.compile(r'\b(?:href|src|data-index|data-base)="(/[^"#]*)')


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


def test_every_link_of_every_exported_page_lands_on_a_file(exported_site, small_atlas):
    pages = list(exported_site.rglob("*.html"))
    # the kept states, muscles, conditions, handouts (each trigger point on 2 sides x 2 audiences)
    assert len(small_atlas.muscles) + len(small_atlas.conditions) + 8 * len(small_atlas.trigger_points) < len(pages)
    assert len(pages) < budget(small_atlas, 16, 5)  # not every state
    checked = set()
    for page in pages:
        for url in LINK.findall(page.read_text(encoding="utf-8")):
            url = html.unescape(url)
            if url in checked:
                continue
            checked.add(url)
            assert (exported_site / file_for(url)).is_file(), f"{page.relative_to(exported_site)} links to {url}"
    assert any(u.startswith("/map/") and "tp-" in u for u in checked)
    assert any("region-" in u for u in checked) and any(u.startswith("/handout/") for u in checked)


def test_every_state_of_the_map_is_exported(exported_site, small_atlas):
    atlas = small_atlas
    states = [set(p.parent.relative_to(exported_site / "map").parts)
              for p in (exported_site / "map").rglob("index.html")]
    for view in atlas.views:
        assert view == atlas.default_view or any(f"view-{view}" in s for s in states), view
    for tp in atlas.trigger_points:
        assert any(f"tp-{tp}" in s and "side-left" in s for s in states), tp
        assert any(f"tp-{tp}" in s and not any(p.startswith("side-") for p in s) for s in states), tp
    for region in (r for r in atlas.regions.values() if r.views):
        assert any(f"region-{region.id}" in s for s in states), region.id
    for muscle in atlas.muscles:
        assert (exported_site / "muscles" / muscle / "index.html").is_file()
    for condition in atlas.conditions:
        assert (exported_site / "conditions" / condition / "index.html").is_file()
    assert (exported_site / "sources" / "index.html").is_file()
    assert any((exported_site / "handout").rglob("index.html"))


def test_the_api_is_exported_as_json_with_links_to_exported_pages(exported_site, small_atlas):
    atlas = small_atlas
    regions = json.loads((exported_site / "api" / "regions.json").read_text())
    assert len(regions) == len(atlas.regions)
    assert (exported_site / "api" / "regions" / "sacrum" / "referrers.json").is_file()
    assert (exported_site / "api" / "muscles" / "piriformis.json").is_file()
    index = json.loads((exported_site / "api" / "search-index.json").read_text())
    urls = {v for entry in index for k, v in (entry.items() if isinstance(entry, dict) else []) if k == "url"}
    assert urls and all((exported_site / file_for(u)).is_file() for u in urls), sorted(urls)[:5]


def test_pages_tell_the_scripts_they_are_exported(exported_site):
    head = (exported_site / "index.html").read_text()[:300]
    assert re.search(r'<html data-export data-default-view="posterior" data-default-side="right"', head)


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
    ("/muscles/piriformis", "/muscles/piriformis"),
])
def test_links_to_states_not_exported_fold_to_the_kept_state(atlas, url, expected):
    assert folded(atlas, url) == expected


def apply_patch(base_svg: str, patch: dict) -> ET.Element:
    """What static/js/shared-figure.js does, in Python."""
    base = ET.fromstring(base_svg)
    svg = ET.Element(base.tag, {k.replace("xlink:", f"{{{export_figure.XLINK_NS}}}"): v for k, v in patch["root"].items()})
    for layer in patch["layers"]:
        if "xml" in layer:
            svg.append(ET.fromstring(layer["xml"]))
            continue
        copy = ET.fromstring(ET.tostring(base[layer["base"]]))
        elements = list(copy.iter())
        for index, attrs, *text in layer.get("changes", []):
            for name, value in attrs.items():
                name = name.replace("xlink:", f"{{{export_figure.XLINK_NS}}}")
                if value is None:
                    del elements[index].attrib[name]
                else:
                    elements[index].set(name, value)
            if text:
                elements[index].text = text[0]
        svg.append(copy)
    return svg


@pytest.mark.parametrize("state", ["/?side=left&tp=gluteus-medius-trp1", "/?region=sacrum",
                                   "/?view=lateral&tp=tensor-fasciae-latae-trp1&audience=client"])
def test_a_patch_on_the_shared_figure_gives_the_state_s_own_figure(client, state):
    own = export_figure.main_svg(client.get(state).get_data(as_text=True))
    base_url = "/?" + "&".join(a for a in state[2:].split("&") if not a.startswith(("tp=", "region=")))
    base = export_figure.main_svg(client.get(base_url.rstrip("?")).get_data(as_text=True))
    patch = export_figure.figure_patch(own, base, "/figures/x.svg")
    assert len(json.dumps(patch)) < len(own) / 2  # a patch, not a copy (a close-up moves many targets)
    canonical = lambda e: ET.canonicalize(ET.tostring(e, encoding="unicode"))  # noqa: E731
    assert canonical(apply_patch(base, patch)) == canonical(ET.fromstring(own))


def test_exported_state_pages_share_the_figure(exported_site):
    page = (exported_site / "map" / "side-left" / "tp-gluteus-medius-trp1" / "index.html").read_text()
    assert "<svg" not in page.split('class="map-views"')[1].split("</figure>")[0].split('class="companions"')[0]
    patch = json.loads(re.search(r'<script type="application/json" class="figure-patch">(.*?)</script>', page).group(1))
    figure = exported_site / patch["figure"].lstrip("/")
    assert figure.is_file() and len(list((exported_site / "figures").iterdir())) < 40
    shown = re.search(r'<object class="body-map-file"[^>]* data="([^"]+)"', page).group(1)
    target = shown.split("#")[1]
    assert f'id="{target}"' in figure.read_text()  # without scripts, :target shows this state's zone


def test_the_export_grows_with_trigger_points_and_regions_not_with_every_state(exported_site, small_atlas):
    """At 5x content the export must fit a static host (100 MB, 20,000 files): map pages number
    about 4 per trigger point and 1 per region and view, each a light page sharing its figure."""
    atlas = small_atlas
    states = list((exported_site / "map").rglob("index.html"))
    regions = sum(len(r.views) for r in atlas.regions.values())  # each region on each view drawing it
    closeups = sum(len(lod.closeups(atlas, v, sides)) for v in atlas.views
                   for sides in ((Side.LEFT,), (Side.RIGHT,), (Side.LEFT, Side.RIGHT), (Side.RIGHT, Side.LEFT)))
    assert len(states) <= 4 * len(atlas.trigger_points) + regions + 8 * len(atlas.views) + 4 * closeups
    sizes = sorted(p.stat().st_size for p in states)
    assert sizes[len(sizes) // 2] < 45_000 and sizes[-1] < 200_000, sizes[-5:]
    files = [p for p in exported_site.rglob("*") if p.is_file()]
    # Today's whole content (100 muscles, 197 trigger points, 275 regions) exports 3,890 files,
    # 132 MB; these budgets allow it 4,627 files and 157 MB (the bounds this test held it to, 5,000
    # and 160 MB), this atlas 1,670 files and 31.5 MB of its 1,907 and 38 MB. They hold the export
    # from growing back toward the 670 MB every page once carried with its own figure.
    assert sum(p.stat().st_size for p in files) < budget(atlas, 700_000, 70_000)
    assert len(files) < budget(atlas, 16, 5, more=100)
