"""The upper quarter in a real browser: a trigger point selected on each view shows its zone on
screen, and a region of the hand lists what refers there and selects it without a reload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

ZONE_ON_SCREEN = """() => {
  const shapes = [...document.querySelectorAll('#map-figure .zones > .zone-essential')]
    .filter((p) => p.getAttribute('d') && getComputedStyle(p).visibility !== 'hidden');
  return shapes.some((p) => { const b = p.getBoundingClientRect();
    return b.width > 4 && b.height > 4 && b.bottom > 0 && b.top < innerHeight && b.left < innerWidth; });
}"""


@pytest.mark.parametrize("view, tp, region", [
    ("anterior", "pectoralis-major-intermediate-sternal", "right-upper-chest"),
    ("posterior", "infraspinatus-trp1", "right-anterior-shoulder"),
    ("lateral", "deltoid-middle", "right-lateral-shoulder"),
])
def test_an_upper_body_trigger_point_shows_its_zone_on_each_view(page: Page, console_errors, shoot, view, tp, region):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/?view={view}&side=right&tp={tp}")
    marker = page.locator(f"svg.body-map [data-trigger-point='{tp}'][data-side='right']")
    expect(marker).to_have_attribute("aria-current", "true")
    assert page.evaluate(ZONE_ON_SCREEN), "the essential zone is painted on the first screen"
    zoned = page.locator(f"#map-figure [data-region='{region}'][data-zone='essential']")
    companion = page.locator("#map-figure .companion")
    assert zoned.count() or companion.count(), "the zone's region is on this view or beside it"
    shoot(f"upper-{view}-{tp}")
    assert console_errors == []


def test_a_region_of_the_hand_lists_its_referrers_and_selects_one(page: Page, console_errors, shoot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/?view=posterior&region=right-dorsal-index")
    page.evaluate("window.__sameDocument = true")
    items = page.locator("#panel .referrers li")
    expect(items.first).to_have_class(re.compile("zone-essential"))
    names = items.locator(".referrer-name").all_inner_texts()
    assert "interosse" in names[0].lower(), names  # first dorsal interosseous first
    assert any("scalen" in n.lower() for n in names), names  # the scalenes' spillover reaches the index
    items.first.locator(".sides a").first.click()
    expect(page).to_have_url(re.compile(r"tp=interossei-hand-trp1"))
    assert page.evaluate("window.__sameDocument === true"), "selected without a reload"
    assert page.evaluate(ZONE_ON_SCREEN)
    shoot("hand-region-referrers-selected")
    assert console_errors == []


@pytest.mark.parametrize("view, regions", [
    ("anterior", ["right-palmar-thumb", "right-palmar-little", "right-upper-teeth", "right-ear", "right-dorsal-big-toe"]),
    ("posterior", ["left-dorsal-index", "left-medial-scapular-border", "left-achilles-tendon", "anal"]),
    ("lateral", ["right-angle-of-jaw", "right-dorsal-thumb", "right-mid-calf"]),
    ("plantar", ["left-plantar-heel", "right-ball-of-foot", "left-medial-arch", "right-plantar-big-toe"]),
])
def test_each_view_draws_the_whole_figure_with_its_fine_regions(page: Page, shoot, view, regions):
    """Hands with a thumb and four fingers, the face, the feet with toes and the soles, each
    region a target on the view that shows it; the screenshots are looked at."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/?view={view}&side=right")
    for region in regions:
        box = page.locator(f"svg.body-map [data-region='{region}']").bounding_box()
        assert box and box["width"] > 1 and box["height"] > 1, region
    labels = page.locator("svg.body-map .side-labels").text_content()
    assert "left" in labels and "right" in labels or view == "lateral", labels
    shoot(f"view-{view}")
