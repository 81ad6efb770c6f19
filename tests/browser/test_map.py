"""The map in a real browser: hover, click, keyboard, regions, URL state, no reloads."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import REGION_PATH_DATA, click_region

TP1 = "[data-trigger-point='gluteus-medius-trp1']"
TP2 = "[data-trigger-point='gluteus-medius-trp2']"
# Crowded on the whole body (webapp/drawing/lod.py), the gluteal markers are drawn one by one in
# their cluster's close-up: tests of a marker start there (tests/browser/test_lod.py, the whole body).
GLUTEAL = "/?group=gluteus-maximus-trp1"


def zones(page: Page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "svg.body-map [data-zone]", "els => Object.fromEntries(els.map(e => [e.dataset.region, e.dataset.zone]))")


def mark_document(page: Page) -> None:
    """Tag the loaded document so a later full reload would be noticed."""
    page.evaluate("window.__sameDocument = true")


def still_same_document(page: Page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def test_hover_previews_a_zone_and_leaving_clears_it(page: Page, console_errors, shoot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(GLUTEAL)
    assert zones(page) == {}
    page.hover(TP2)
    preview = zones(page)
    assert preview["right-middle-buttock"] == "essential"
    assert preview["right-upper-posterior-thigh"] == "spillover"
    shoot("hover-preview")
    page.mouse.move(5, 5)
    assert zones(page) == {}
    assert console_errors == []


def test_click_selects_without_reload_and_the_panel_shows_the_differentials(page: Page, console_errors, shoot, atlas):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(GLUTEAL + "&side=left")
    mark_document(page)
    page.click(TP1)
    expect(page).to_have_url(re.compile(r"tp=gluteus-medius-trp1"))
    expect(page.locator("#panel-title")).to_have_text(re.compile(r"Gluteus medius\s+TrP1"))
    assert still_same_document(page)
    assert zones(page)["left-sacroiliac-joint"] == "essential"
    differentials = atlas.muscles["gluteus-medius"].file.differentials
    assert page.locator("#panel ul.differentials:not(.red-flag-list) .condition-name").count() == len(differentials)
    page.mouse.move(5, 5)
    assert zones(page)["sacrum"] == "essential"  # the selection stays after the pointer leaves
    page.hover("svg.body-map .trigger-point:not(.selected):not([data-essential~='left-sacroiliac-joint'])"
               ":not([data-spillover~='left-sacroiliac-joint'])")
    assert "left-sacroiliac-joint" not in zones(page)  # hovering another previews it instead
    page.mouse.move(5, 5)
    assert zones(page)["left-sacroiliac-joint"] == "essential"
    shoot("selected-trp1-left")
    assert console_errors == []


def test_clicking_a_pain_region_lists_what_refers_there(page: Page, console_errors, shoot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/?side=left")
    mark_document(page)
    click_region(page, "left-middle-buttock")
    expect(page).to_have_url(re.compile(r"region=left-middle-buttock"))
    referrers = page.locator("#panel .referrers li")
    expect(referrers.first).to_have_class(re.compile("zone-essential"))
    expect(referrers.last).to_have_class(re.compile("zone-spillover"))
    assert still_same_document(page)
    shoot("region-left-middle-buttock")
    first = referrers.first.locator(".sides a").first
    target = re.search(r"tp=([a-z0-9-]+)", first.get_attribute("href")).group(1)
    first.click()
    expect(page).to_have_url(re.compile(f"tp={target}"))
    expect(page.locator("svg.body-map .trigger-point.selected")).to_have_attribute("data-trigger-point", target)
    assert console_errors == []


def test_back_and_forward_restore_states(page: Page, console_errors):
    page.goto(GLUTEAL + "&side=left")
    page.click(TP1)
    expect(page).to_have_url(re.compile("trp1"))
    page.click("#panel .chips a:text-is('TrP2')")  # in TrP1's close-up TrP2 is too near for a target
    expect(page).to_have_url(re.compile("trp2"))
    page.mouse.move(5, 5)  # the pointer would otherwise preview whatever lies under it
    page.go_back()
    expect(page.locator("#panel-title")).to_have_text(re.compile("TrP1"))
    assert zones(page)["left-sacroiliac-joint"] == "essential"
    page.go_forward()
    expect(page.locator("#panel-title")).to_have_text(re.compile("TrP2"))
    assert console_errors == []


def test_switching_view_keeps_the_selection(page: Page, console_errors, shoot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(GLUTEAL + "&side=left")
    page.click(TP2)
    expect(page).to_have_url(re.compile("trp2"))
    page.click(".tabs[aria-label=View] a:text('Lateral')")
    expect(page.locator("svg.body-map")).to_have_attribute("data-view", "lateral")
    expect(page).to_have_url(re.compile(r"view=lateral.*tp=gluteus-medius-trp2"))
    assert page.locator(TP2).get_attribute("aria-current") == "true"
    assert zones(page)["left-lateral-buttock"] == "essential"
    shoot("lateral-trp2-left")
    assert console_errors == []


def test_keyboard_reaches_and_operates_trigger_points_and_regions(page: Page, console_errors, shoot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(GLUTEAL + "&side=left")
    focused = "document.activeElement.dataset.triggerPoint || document.activeElement.dataset.region || ''"
    is_tp = "!!document.activeElement.dataset.triggerPoint"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(is_tp):
            break
    first = page.evaluate(focused)
    assert page.evaluate(is_tp), "Tab reaches the trigger points"
    expected = page.evaluate("""() => {
        const tp = document.activeElement, here = new Set([...document.querySelectorAll('[data-region]')]
            .map(r => r.dataset.region)), out = {};
        for (const zone of ['spillover', 'essential'])
            for (const r of tp.dataset[zone].split(' ')) if (here.has(r)) out[r] = zone;
        return out; }""")
    assert page.evaluate("document.activeElement.hasAttribute('data-previewing')")
    assert zones(page) == expected, "focusing a trigger point previews its zone"
    page.keyboard.press("ArrowRight")
    second = page.evaluate(focused)
    assert second != first and page.evaluate(is_tp)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(second))
    assert page.evaluate(focused) == second, "focus stays on the selected trigger point"
    shoot("keyboard-focus")
    page.keyboard.press("Shift+Tab")  # one tab stop per group: the regions come just before
    region = page.evaluate(focused)
    assert region and not page.evaluate(is_tp)
    page.keyboard.press("ArrowDown")
    moved = page.evaluate(focused)
    assert moved != region
    page.keyboard.press(" ")
    expect(page).to_have_url(re.compile(f"region={moved}"))
    expect(page.locator("#status")).to_contain_text("Pain region")
    assert console_errors == []


def test_the_page_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto(GLUTEAL + "&side=left")
    page.click(TP1)
    expect(page).to_have_url(re.compile("tp=gluteus-medius-trp1"))
    expect(page.locator("#panel-title")).to_have_text(re.compile("TrP1"))
    assert page.locator("[data-region='sacrum']").get_attribute("data-zone") == "essential"
    context.close()


PAINTED = """() => [...document.querySelectorAll('svg.body-map .zones path')]
  .filter((p) => getComputedStyle(p).visibility === 'visible' && p.getAttribute('d'))
  .map((p) => [p.closest('[data-key]')?.dataset.key || 'drawn', p.classList[1], p.getAttribute('d')])"""


def painted(page: Page) -> dict[tuple[str, str], str]:
    """The zone shapes on screen: (marker key or 'drawn' for the server's, zone class) -> path data."""
    return {(key, zone): d for key, zone, d in page.evaluate(PAINTED)}


def shapes_adopted(page: Page) -> None:
    markers = page.locator("svg.body-map .trigger-point").count()
    expect(page.locator("svg.body-map .zone-cache > [data-key]")).to_have_count(markers)


def test_a_hover_paints_the_markers_smooth_zone_shape(page: Page, console_errors, shoot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(GLUTEAL)
    shapes = page.request.get(page.locator("#map-figure").get_attribute("data-zones")).json()["zones"]
    shapes_adopted(page)
    assert painted(page) == {}
    page.hover(TP2)
    key = "gluteus-medius-trp2 right"
    assert painted(page) == {(key, "zone-essential"): shapes[key]["essential"],
                             (key, "zone-spillover"): shapes[key]["spillover"]}
    page.mouse.move(5, 5)
    assert painted(page) == {}
    # selected: the server draws its shape; previews of others replace it until the pointer leaves
    page.click(TP2)
    expect(page.locator(f"svg.body-map {TP2}.selected")).to_have_attribute("aria-current", "true")
    shapes_adopted(page)  # the new figure got the shapes before it joined the page
    assert painted(page) == {("drawn", "zone-essential"): shapes[key]["essential"],
                             ("drawn", "zone-spillover"): shapes[key]["spillover"]}
    other = page.locator("svg.body-map .trigger-point:not(.selected)").first
    other_key = f"{other.get_attribute('data-trigger-point')} {other.get_attribute('data-side')}"
    other.hover()
    assert {k for k, _ in painted(page)} == {other_key}
    shoot("hover-over-a-selection")
    page.mouse.move(5, 5)
    assert {k for k, _ in painted(page)} == {"drawn"}
    assert console_errors == []


def test_before_the_shapes_arrive_a_hover_paints_the_zones_regions(page: Page, console_errors):
    held = []
    page.route("**/api/zone-shapes/**", lambda route: held.append(route))
    page.goto(GLUTEAL)
    expect(page.locator("#drawing-toggle")).to_be_visible()  # the scripts are running
    page.hover(TP2)
    shown = painted(page)
    assert set(shown) == {("drawn", "zone-essential"), ("drawn", "zone-spillover")}
    outline = page.evaluate(REGION_PATH_DATA, "right-middle-buttock")  # a mirrored <use>: read back as data
    assert outline in shown[("drawn", "zone-essential")]
    page.mouse.move(5, 5)
    assert painted(page) == {}
    assert held, "the map asked for its shapes"
    for route in held:
        route.continue_()
    shapes_adopted(page)
    page.hover(TP2)
    assert {k for k, _ in painted(page)} == {"gluteus-medius-trp2 right"}
    assert console_errors == []
