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
