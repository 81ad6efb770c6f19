"""In session with a client: client view, sides, search, touch, zoom, handout, downloads."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from .conftest import SCREENSHOTS, capture, open_more

TP1 = "[data-trigger-point='gluteus-medius-trp1']"


def test_client_view_speaks_plainly_in_large_type_without_differentials(page: Page, console_errors, shoot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/?tp=gluteus-medius-trp1&side=left")
    page.click("a.audience-toggle")
    expect(page).to_have_url(re.compile("audience=client"))
    panel = page.locator("#panel")
    expect(panel.locator("#panel-title")).to_have_text("Side hip muscle")
    expect(panel).to_contain_text("Spot at the back of the hip bone rim")
    expect(panel).not_to_contain_text("Posterior fibres, just below the iliac crest")
    assert page.locator(".differentials, .red-flags, .muscle-card").count() == 0
    assert page.locator("svg.body-map .legend").text_content().startswith("sore spot")
    assert float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")) >= 19
    assert page.locator("svg.body-map .side-word").first.text_content() == "your left"
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    shoot("client-view")
    page.click("a.audience-toggle")
    expect(panel.locator(".differentials").first).to_be_visible()
    assert console_errors == []


def centre_x(page: Page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    return box["x"] + box["width"] / 2


@pytest.mark.parametrize("view, left_on_screen", [("posterior", "left"), ("anterior", "right")])
def test_sides_mirror_between_front_and_back(page: Page, view, left_on_screen):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/?view={view}&side=left&frame=body")
    middle = centre_x(page, "svg.body-map .figure")
    xs = [centre_x(page, f"svg.body-map [data-trigger-point='{tp}']")
          for tp in page.eval_on_selector_all("svg.body-map .trigger-point", "e => e.map(a => a.dataset.triggerPoint)")]
    assert xs and all((x < middle) == (left_on_screen == "left") for x in xs)
    letters = page.locator("svg.body-map .side-letter")
    assert [letters.nth(i).text_content() for i in range(2)] == (["L", "R"] if left_on_screen == "left" else ["R", "L"])


DRAWN = """() => document.querySelectorAll('svg.body-map .trigger-point').length
  + [...document.querySelectorAll('svg.body-map .tp-cluster')].reduce((n, c) => n + Number(c.dataset.count), 0)"""


def test_both_sides_draws_every_marker_twice_and_keeps_the_selection_on_its_side(page: Page, console_errors):
    page.goto("/?side=left")
    one_side = page.evaluate(DRAWN)
    page.click(".tabs.sides a:text('Both')")
    expect(page).to_have_url(re.compile("both=1"))
    assert page.evaluate(DRAWN) == 2 * one_side  # markers, and markers counted in clusters
    page.goto("/?both=1&group=gluteus-maximus-trp1")  # the crowded gluteal markers, one by one
    page.locator(f"svg.body-map {TP1}[data-side='right']").click()
    expect(page).to_have_url(re.compile(r"tp=gluteus-medius-trp1"))
    assert "side=left" not in page.url  # the right side is the default, left out of the address
    sides = page.eval_on_selector_all("svg.body-map [data-zone]", "e => e.map(r => r.dataset.region.split('-')[0])")
    assert "left" not in sides and "right" in sides
    assert console_errors == []


@pytest.mark.parametrize("typed, expected", [
    ("QL", r"tp=quadratus-lumborum-"), ("TFL", r"tp=tensor-fasciae-latae-"), ("SIJ", r"region=(left|right)-sacroiliac-joint"),
    ("piriformus", r"tp=piriformis-"), ("quadratuslumborum", r"tp=quadratus-lumborum-"), ("ITB", r"region=(left|right)-(upper|lower)-lateral-thigh|conditions/iliotibial"),
])
def test_search_by_keyboard_selects_on_the_map(page: Page, console_errors, typed, expected):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    page.mark = page.evaluate("window.__same = true")
    box = page.locator("#search-q")
    box.focus()
    box.type(typed, delay=20)
    options = page.locator("#search-options [role=option]")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-activedescendant", "search-option-0")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(expected))
    if "conditions/" not in page.url:
        assert page.evaluate("window.__same === true"), "the map opened the result without a reload"
    assert console_errors == []


def test_search_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/")
    page.fill("#search-q", "glut med")
    page.press("#search-q", "Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=glut"))
    expect(page.locator(".search-results-page a").first).to_have_text("Gluteus medius")
    context.close()


def test_tap_selects_on_a_touch_device(browser, base_url):
    context = browser.new_context(base_url=base_url, has_touch=True, is_mobile=True,
                                  viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    page.goto("/?side=left&group=gluteus-maximus-trp1")  # crowded on the whole body: in its close-up
    page.locator(TP1).tap()
    expect(page).to_have_url(re.compile("tp=gluteus-medius-trp1"))
    expect(page.locator("#panel-title")).to_have_text(re.compile("TrP1"))
    zone = page.eval_on_selector_all("svg.body-map [data-zone]", "e => e.map(r => r.dataset.region)")
    assert "left-sacroiliac-joint" in zone
    SCREENSHOTS.mkdir(exist_ok=True)
    capture(page, SCREENSHOTS / "phone-390-touch.png")
    context.close()


@pytest.mark.parametrize("width, height", [(360, 740), (390, 844), (844, 390), (1024, 768), (1920, 1080)])
def test_no_layout_break_from_phone_to_wall_screen(page: Page, shoot, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/?tp=gluteus-medius-trp2&side=left")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow}px of horizontal scrolling at {width}x{height}"
    svg = page.locator("svg.body-map").bounding_box()
    assert svg["width"] <= width and svg["height"] >= min(300, height * 0.5)
    for target in page.locator(".tabs a, .tool:visible, #panel .chips a").all():
        box = target.bounding_box()
        assert box["height"] >= 44, (target.inner_text(), box)
    if width in (1920, 390):
        shoot(f"screen-{width}")


def test_zoom_buttons_change_only_the_view(page: Page):
    page.goto("/?frame=body")
    svg = page.locator("svg.body-map")
    before = [float(v) for v in svg.get_attribute("viewBox").split()]
    open_more(page)
    page.click("button:text('Zoom in')")
    page.click("button:text('Zoom in')")
    after = [float(v) for v in svg.get_attribute("viewBox").split()]
    assert after[2] == pytest.approx(before[2] / 2.25, rel=0.01)
    page.click("button:text('Reset zoom')")
    assert [float(v) for v in svg.get_attribute("viewBox").split()] == pytest.approx(before)


def count_pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def prints_on_one_page(page: Page, paper: str) -> bool:
    """Whether the page prints on one sheet of ``paper``, as Chromium paginates it: asked for its
    second page alone, Chromium answers that there is none, without writing the first (a tenth
    of the time of a whole PDF); ``count_pdf_pages`` counts the pages of a whole one."""
    try:
        page.pdf(format=paper, print_background=True, page_ranges="2")
    except PlaywrightError as error:
        if "Page range exceeds page count" in error.message:
            return True
        raise
    return False


def test_handout_prints_on_one_page_on_a4_and_letter(page: Page, console_errors, shoot):
    page.set_viewport_size({"width": 1000, "height": 1300})
    page.goto("/?tp=gluteus-medius-trp1&side=left#pain=left-sacroiliac-joint:2,sacrum")
    page.click("a:text('Client view')")
    page.click("[data-handout]")
    expect(page).to_have_url(re.compile(r"/handout\?.*#pain="))
    expect(page.locator("h1")).to_contain_text("Side hip muscle")
    expect(page.locator("svg.body-map .pain-mark")).to_have_count(2)  # the pain drawing goes on the handout
    assert page.locator(".handout-care ol li").count() >= 9
    expect(page.locator(".safety")).to_contain_text("own therapist")
    shoot("handout", full_page=True)
    page.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        assert count_pdf_pages(page.pdf(format=paper, print_background=True)) == 1, paper
        assert prints_on_one_page(page, paper), paper  # the quick check agrees (a false one: test_session_print.py)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert console_errors == []


def test_figure_downloads_as_svg_and_png_with_the_drawing(page: Page, tmp_path):
    page.goto("/?tp=gluteus-medius-trp1&side=left#pain=sacrum:3")
    with page.expect_download() as svg_download:
        open_more(page)
        page.click("[data-download-svg]")
    svg_text = open(svg_download.value.path(), encoding="utf-8").read()
    assert svg_text.startswith("<?xml") and "pain-mark" in svg_text and 'data-zone="essential"' in svg_text
    with page.expect_download() as png_download:
        open_more(page)
        page.click("#download-png")
    png = open(png_download.value.path(), "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    assert png_download.value.suggested_filename.endswith(".png")


HANDOUT_SHARES = 4  # every trigger point's handout, in shares the test workers deal out


@pytest.mark.parametrize("share", range(HANDOUT_SHARES))
def test_every_trigger_points_handout_fits_one_page(page: Page, atlas, share):
    page.emulate_media(media="print")
    overflowing = []
    for tp_id in list(atlas.trigger_points)[share::HANDOUT_SHARES]:
        page.goto(f"/handout?tp={tp_id}&side=left")
        overflowing += [(tp_id, paper) for paper in ("A4", "Letter") if not prints_on_one_page(page, paper)]
    assert overflowing == []


def test_handout_figure_shows_the_view_with_most_of_the_zone(page: Page):
    page.goto("/handout?tp=quadratus-lumborum-superficial-upper&side=left")
    assert page.locator("svg.body-map").get_attribute("data-view") == "lateral"
    assert page.locator("svg.body-map [data-zone=essential]").count() >= 1


def test_full_screen_fills_the_screen_with_the_figure(page: Page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto("/?audience=client&tp=gluteus-medius-trp1&side=left")
    open_more(page)
    page.click("#fullscreen-toggle")
    page.wait_for_function("document.fullscreenElement && document.fullscreenElement.id === 'map-figure'")
    svg = page.locator("svg.body-map").bounding_box()
    assert svg["height"] >= 1080 * 0.9
    page.keyboard.press("Escape")
