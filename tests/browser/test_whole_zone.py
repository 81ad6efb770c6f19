"""A zone is shown whole: a selection whose zone lies on other views shows those views beside the map."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

MAGNUS1 = "svg.body-map [data-trigger-point='adductor-magnus-trp1'][data-side='right']"
# crowded on the whole body, adductor magnus TrP1 is its own target in its cluster's close-up
MAGNUS_CLOSEUP = "/?view=posterior&group=adductor-magnus-trp1"
COMPANION_ESSENTIAL = "#map-figure .companion[href*='view=anterior'] svg .zone-essential"


def on_screen(page: Page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    size = page.viewport_size
    return bool(box) and box["width"] > 8 and box["height"] > 8 and box["x"] >= 0 and box["y"] >= 0 \
        and box["x"] + box["width"] <= size["width"] and box["y"] + box["height"] <= size["height"]


def test_selecting_adductor_magnus_from_behind_shows_its_front_zone_at_once(page: Page, console_errors, shoot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(MAGNUS_CLOSEUP)
    page.click(MAGNUS1)
    expect(page).to_have_url(re.compile(r"tp=adductor-magnus-trp1"))
    expect(page.locator(COMPANION_ESSENTIAL)).to_have_count(1)
    assert page.locator(COMPANION_ESSENTIAL).get_attribute("d")
    assert on_screen(page, COMPANION_ESSENTIAL), "the essential zone is on the first screen"
    assert page.locator("svg.body-map").get_attribute("data-view") == "posterior"  # the view stays
    label = page.locator("#map-figure .companion").first.get_attribute("aria-label")
    assert "Anterior view" in label and "inguinal" in label.lower()
    expect(page.locator("#zone-elsewhere")).to_be_hidden()  # the selection shows the rest beside the map
    shoot("whole-zone-adductor-magnus")
    page.click("#map-figure .companion")
    expect(page.locator("svg.body-map")).to_have_attribute("data-view", "anterior")
    expect(page.locator("svg.body-map [data-region='right-groin']")).to_have_attribute("data-zone", "essential")
    assert console_errors == []


def test_without_javascript_the_selection_page_carries_the_other_view(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(MAGNUS_CLOSEUP)
    page.click(MAGNUS1)
    expect(page).to_have_url(re.compile(r"tp=adductor-magnus-trp1"))
    assert page.locator(COMPANION_ESSENTIAL).get_attribute("d")
    assert on_screen(page, COMPANION_ESSENTIAL)
    context.close()


def test_a_hover_says_when_part_of_the_zone_is_on_another_view(page: Page, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(MAGNUS_CLOSEUP)
    note = page.locator("#zone-elsewhere")
    expect(note).to_be_hidden()
    page.hover(MAGNUS1)
    expect(note).to_be_visible()
    page.hover("svg.body-map [data-trigger-point='semitendinosus-semimembranosus-semitendinosus']")
    expect(note).to_be_hidden()  # its zone is all on this view
    page.mouse.move(5, 5)
    expect(note).to_be_hidden()
    assert console_errors == []


def test_a_zone_on_one_view_has_no_companions(page: Page):
    page.goto("/?tp=gluteus-medius-trp1")
    expect(page.locator("#map-figure .companion")).to_have_count(0)


MIRRORED_PATH = """async () => {
  const { regionPathData } = await import(document.querySelector('script[type=module]').src.replace(/app\\.js.*/, 'region-path.js'));
  const svg = document.querySelector('svg.body-map');
  const ns = 'http://www.w3.org/2000/svg';
  const out = {};
  for (const id of ['left-sacroiliac-joint', 'right-sacroiliac-joint', 'left-lateral-thigh-upper']) {
    const region = svg.querySelector(`[data-region="${id}"]`);
    if (!region) continue;
    const probe = document.createElementNS(ns, 'path');
    probe.setAttribute('d', regionPathData(region));
    svg.appendChild(probe);
    const a = probe.getBBox(), b = region.getBBox();
    probe.remove();
    out[id] = [region.firstElementChild.localName, [a.x, a.y, a.width, a.height].map(Math.round),
               [b.x, b.y, b.width, b.height].map(Math.round)];
  }
  return out;
}"""


def test_a_mirrored_regions_path_data_lies_where_it_is_drawn(page: Page):
    """A paired region on the mirrored side is a <use> of its twin; scripts that paint marks or
    zones from region paths read it back mirrored, in the same place."""
    page.goto("/?view=posterior")
    found = page.evaluate(MIRRORED_PATH)
    kinds = {kind for kind, _, _ in found.values()}
    assert kinds == {"use", "path"}, found
    for region_id, (_, probe, drawn) in found.items():
        assert all(abs(p - d) <= 1 for p, d in zip(probe, drawn)), (region_id, probe, drawn)
