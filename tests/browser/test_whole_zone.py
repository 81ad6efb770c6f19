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


# The figure as served (its mirrored regions are <use>s) in a shadow root of its own (ids scoped to
# it); each region of it, its path data read back by regionPathData, and the page's own region.
MIRRORED_PATH = """async () => {
  const { regionPathData } = await import(document.querySelector('script[type=module]').src.replace(/app\\.js.*/, 'region-path.js'));
  const html = await (await fetch(location.href)).text();
  const host = document.body.appendChild(document.createElement('div'));
  const svg = host.attachShadow({ mode: 'open' }).appendChild(
    document.importNode(new DOMParser().parseFromString(html, 'text/html').querySelector('svg.body-map'), true));
  const live = document.querySelector('#map-figure svg.body-map');
  const box = (e) => { const b = e.getBBox(); return [b.x, b.y, b.width, b.height].map(Math.round); };
  const out = {};
  for (const id of ['left-sacroiliac-joint', 'right-sacroiliac-joint', 'left-lateral-thigh-upper']) {
    const region = svg.querySelector(`[data-region="${id}"]`);
    if (!region) continue;
    const probe = svg.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'path'));
    probe.setAttribute('d', regionPathData(region));
    const shown = live.querySelector(`[data-region="${id}"]`);
    out[id] = [region.firstElementChild.localName, shown.firstElementChild.localName, box(probe), box(region), box(shown)];
  }
  host.remove();
  return out;
}"""


def test_a_mirrored_regions_path_data_lies_where_it_is_drawn(page: Page):
    """A paired region on the mirrored side is served as a <use> of its twin; scripts that paint
    marks or zones from region paths read it back mirrored, in the same place, and the page draws
    it as that path (no transform per region for a repaint to layerize)."""
    page.goto("/?view=posterior")
    expect(page.locator("svg.body-map .region > use")).to_have_count(0)  # drawn as paths once idle
    found = page.evaluate(MIRRORED_PATH)
    assert {served for served, *_ in found.values()} == {"use", "path"}, found
    assert {shown for _, shown, *_ in found.values()} == {"path"}, found
    for region_id, (_, _, probe, served, shown) in found.items():
        assert all(abs(p - d) <= 1 for p, d in zip(probe, served)), (region_id, probe, served)
        assert all(abs(p - d) <= 1 for p, d in zip(shown, served)), (region_id, shown, served)
