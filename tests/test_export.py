"""The static export: state URLs become paths, every link lands on a file, the API is JSON files."""

from __future__ import annotations

import html
import json
import re

import pytest

from webapp.export import export_path, file_for

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


def test_every_link_of_every_exported_page_lands_on_a_file(exported_site):
    pages = list(exported_site.rglob("*.html"))
    assert len(pages) > 5000  # views x sides x trigger points x regions, client view, close-ups...
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


def test_every_state_of_the_map_is_exported(exported_site, atlas):
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


def test_the_api_is_exported_as_json_with_links_to_exported_pages(exported_site, atlas):
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
