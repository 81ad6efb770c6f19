"""Delivery in the browser: the fingerprinted modules load, and a second visit takes them from cache."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import open_more

RESOURCES = """() => performance.getEntriesByType('resource')
    .filter(e => new URL(e.name).pathname.startsWith('/static/'))
    .map(e => ({url: e.name, transferSize: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize}))"""


def test_every_module_loads_fingerprinted_and_compressed(page, base_url, console_errors):
    page.goto(f"{base_url}/")
    page.locator("#drawing-toggle").wait_for(state="visible")  # the first view's modules have run
    with page.expect_request(lambda r: "/fuse.basic.min.mjs?v=" in r.url):  # the rest on first use
        page.locator("#search-q").focus()
    with page.expect_download():
        open_more(page)
        page.click("#download-png")
    page.click("#drawing-toggle")
    expect(page.locator("#drawing")).to_be_visible()
    loaded = page.evaluate(RESOURCES)
    scripts = [r for r in loaded if ".js" in r["url"] or ".mjs" in r["url"]]
    names = {r["url"].split("/static/")[1].split("?")[0] for r in scripts}
    assert {"js/app.js", "js/map.js", "js/drawing.js", "js/zoom.js", "js/search.js", "js/figure.js",
            "js/drawing-on-demand.js", "js/state-url.js", "js/vendor/fuse.basic.min.mjs"} <= names
    assert all("?v=" in r["url"] for r in loaded), [r["url"] for r in loaded if "?v=" not in r["url"]]
    big = [r for r in loaded if r["decoded"] > 4000]
    assert big and all(r["encoded"] < r["decoded"] / 2 for r in big), big  # sent compressed
    assert console_errors == []


def test_a_second_visit_takes_every_asset_from_the_cache(page, base_url):
    page.goto(f"{base_url}/?view=lateral")
    page.wait_for_load_state("networkidle")
    page.goto(f"{base_url}/?view=anterior")
    page.wait_for_load_state("networkidle")
    again = page.evaluate(RESOURCES)
    assert len(again) >= 7  # CSS, icon and the first view's modules (the rest load on first use)
    assert [r["url"] for r in again if r["transferSize"] != 0] == []  # immutable: not even a 304
