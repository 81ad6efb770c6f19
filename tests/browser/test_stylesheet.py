"""The stylesheet as served (comments and spare whitespace gone) styles every page as its source does."""

from __future__ import annotations

import pytest

from webapp.paths import ROOT

SOURCE = (ROOT / "static" / "css" / "app.css").read_text(encoding="utf-8")
STYLES = """() => Array.from(document.querySelectorAll('*'), (e) => {
  const own = getComputedStyle(e);
  let text = ['::before', '::after'].map((pseudo) => getComputedStyle(e, pseudo).content).join('|');
  for (const name of own) text += `;${name}:${own.getPropertyValue(name)}`;
  let hash = 2166136261;  // FNV-1a of every computed value: the page answers a number an element
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return `${e.tagName}#${e.id}.${e.getAttribute('class') || ''} ${hash >>> 0}`;
})"""
URLS = ["/", "/?tp=piriformis-trp1", "/?region=sacrum&audience=client", "/muscles/piriformis",
        "/handout?tp=piriformis-trp1"]


def settled(page, url: str) -> None:
    """Loaded, and on the map with its zone shapes in (they arrive after the first paint)."""
    page.goto(url)
    if page.locator("#map-figure[data-zones]").count():
        page.wait_for_selector("svg.body-map .zone-cache", state="attached")


def styles_of(page, base_url) -> dict:
    return {url: settled(page, base_url + url) or page.evaluate(STYLES) for url in URLS}


@pytest.mark.parametrize("width, media", [(1280, "screen"), (380, "screen"), (1280, "print")])
def test_the_served_stylesheet_computes_the_same_styles_as_its_source(page, base_url, width, media):
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(media=media)
    served = styles_of(page, base_url)
    page.route("**/static/css/app.css*", lambda route: route.fulfill(content_type="text/css", body=SOURCE))
    source = styles_of(page, base_url)
    for url in URLS:
        assert len(served[url]) == len(source[url]) > 50, url
        differ = [mine for mine, theirs in zip(served[url], source[url]) if mine != theirs]
        assert differ == [], (url, differ[:5])
