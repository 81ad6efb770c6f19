"""The stylesheet as served (comments and spare whitespace gone) styles every page as its source does."""

from __future__ import annotations

import re

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
# computed on two pages (the map with a selection, a handout): every rule of every stylesheet is
# compared as Chromium parses it by the test below, so these stand for the pages the rules style
URLS = ["/?tp=piriformis-trp1", "/handout?tp=piriformis-trp1"]
COMMA = re.compile(r"\s*,\s*")  # space beside a comma: never significant outside a string
SHEETS = sorted((ROOT / "static" / "css").glob("*.css"))
RULES = """async ([url, source]) => {
  // each text parsed by Chromium as a stylesheet: its rules as Chromium writes them back
  const rules = async (text) => [...(await new CSSStyleSheet().replace(text)).cssRules].map((r) => r.cssText);
  const served = await (await fetch(url)).text();
  return {served: await rules(served), source: await rules(source), bytes: [served.length, source.length]};
}"""


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


def test_every_served_stylesheet_parses_to_the_rules_of_its_source(page, base_url):
    """Rule for rule as Chromium parses them (selectors, declarations, @media and all): the same
    cascade on any page, at any width, in any medium."""
    page.goto(base_url + "/session/handout")  # it links every stylesheet there is
    links = page.eval_on_selector_all("link[rel=stylesheet]", "links => links.map((l) => l.href)")
    assert len(SHEETS) >= 3
    for path in SHEETS:
        url = next((h for h in links if f"/css/{path.name}?" in h), None)
        assert url, f"{path.name} is linked from the session handout"
        found = page.evaluate(RULES, [url, path.read_text(encoding="utf-8")])
        # a value with var() in it stays as written until it is computed, commas and all
        served, source = ([COMMA.sub(",", rule) for rule in found[k]] for k in ("served", "source"))
        assert found["bytes"][0] < found["bytes"][1], f"{path.name} is served smaller than its source"
        assert len(served) == len(source) > 5, path.name
        assert [a for a, b in zip(served, source) if a != b] == [], path.name
