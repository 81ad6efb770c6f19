"""The static export served by a plain static file server: hover, click, regions and search still work."""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Locator, Page, expect

from webapp.content.loader import load_atlas
from webapp.content.model import Side
from webapp.drawing import lod

from .conftest import SCREENSHOTS, capture, click_region, open_more

TP1 = "[data-trigger-point='gluteus-medius-trp1']"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def static_site(exported_site):
    handler = functools.partial(QuietHandler, directory=str(exported_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def zones(page: Page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "svg.body-map [data-zone]", "els => Object.fromEntries(els.map(e => [e.dataset.region, e.dataset.zone]))")


def closeup_of(data, tp: str, view: str = "posterior", side: Side = Side.LEFT) -> str:
    """The close-up (at any depth) that draws ``tp`` as a target of its own."""
    atlas = load_atlas(data)
    return next(name for name in lod.closeups(atlas, view, (side,))
                if any(len(t.members) == 1 and t.lead.tp == tp
                       for t in lod.closeup(atlas, view, (side,), name).targets))


def test_hover_and_click_on_the_export(page: Page, static_site, export_data, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    closeup = f"{static_site}/map/side-left/group-{closeup_of(export_data, 'gluteus-medius-trp1')}/"
    page.goto(closeup)  # TrP1's cluster, one by one
    page.locator("#drawing-toggle").wait_for(state="visible")  # the modules ran
    page.hover(TP1)
    assert zones(page)["left-sacroiliac-joint"] == "essential"
    page.evaluate("window.__sameDocument = true")
    page.click(TP1)
    expect(page).to_have_url(f"{static_site}/map/side-left/tp-gluteus-medius-trp1/")
    expect(page.locator("#panel-title")).to_have_text(re.compile(r"Gluteus medius\s+TrP1"))
    assert page.evaluate("window.__sameDocument === true")  # moved without a reload
    page.go_back()
    expect(page).to_have_url(closeup)
    assert console_errors == []


def test_a_region_lists_its_referrers_and_they_open_on_the_export(page: Page, static_site, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{static_site}/map/side-left/")
    page.locator("#drawing-toggle").wait_for(state="visible")
    click_region(page, "left-middle-buttock")
    expect(page).to_have_url(f"{static_site}/map/side-left/region-left-middle-buttock/")
    first = page.locator("#panel .referrers li .sides a").first
    href = first.get_attribute("href")
    assert href.startswith("/map/") and "?" not in href
    first.click()
    expect(page).to_have_url(f"{static_site}{href}")
    expect(page.locator("#panel-title")).to_have_text(re.compile("TrP"))
    assert console_errors == []


def test_search_and_pain_drawing_links_on_the_export(page: Page, static_site, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{static_site}/")
    page.locator("#drawing-toggle").wait_for(state="visible")
    page.fill("#search-q", "piriformis")
    expect(page.locator("#search-options [role=option]").first).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/map/.*tp-piriformis"))
    expect(page.locator("#panel-title")).to_have_text(re.compile("Piriformis"))
    page.goto(f"{static_site}/map/side-left/#pain=left-middle-buttock:3,sacrum:2")
    page.locator("#drawing-toggle").wait_for(state="visible")
    candidate = page.locator("#drawing-results a").first
    expect(candidate).to_be_visible()
    assert re.fullmatch(r"/map/(.+/)?tp-[a-z0-9-]+/(.+/)?#pain=.+", candidate.get_attribute("href"))
    candidate.click()
    expect(page.locator("#panel-title")).to_be_visible()
    assert console_errors == []


def test_a_state_s_tools_come_from_the_map_s_first_page_and_work(page: Page, static_site, console_errors):
    """An exported map page holds only its figure's download link; the tools that need scripts
    (the pain drawing, zoom, full screen, PNG) are one block on the first page, brought in."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{static_site}/map/side-left/tp-gluteus-medius-trp1/")
    expect(page.locator("#drawing-toggle")).to_be_visible()
    open_more(page)
    svg = page.locator("svg.body-map")
    before = svg.get_attribute("viewBox")
    page.get_by_role("button", name="Zoom in").click()
    expect(svg).not_to_have_attribute("viewBox", before)
    with page.expect_download() as png:
        page.get_by_role("button", name="Save PNG").click()
    assert png.value.suggested_filename.endswith(".png")
    page.get_by_role("button", name="Pain drawing").click()
    expect(page.locator("#drawing")).to_be_visible()
    page.locator("#panel nav.chips a", has_text="TrP2").click()  # a move in the page keeps them
    expect(page).to_have_url(re.compile(r"/tp-gluteus-medius-trp2/$"))
    expect(page.locator("#panel-title")).to_have_text(re.compile(r"TrP2"))
    open_more(page)
    before = svg.get_attribute("viewBox")
    page.get_by_role("button", name="Zoom in").click()
    expect(svg).not_to_have_attribute("viewBox", before)
    assert console_errors == []


@pytest.fixture()
def no_script_page(browser, static_site):
    """A page of a browser context with JavaScript off: what a reader without scripts gets."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    yield context.new_page()
    context.close()


def shown_target(page: Page) -> Locator:
    """The part of the shared figure file that the page's <object> shows through its fragment."""
    figure = page.locator("object.body-map-file")
    expect(figure).to_be_visible()
    target = figure.get_attribute("data").split("#")[1]
    frame = next(f for f in page.frames if f.url.endswith(f"#{target}"))
    return frame.locator(f"[id='{target}']")


@pytest.mark.parametrize("path, title, shape, listed", [
    ("/map/side-left/tp-gluteus-medius-trp1/", r"Gluteus medius\s+TrP1", ".zone-essential", "#panel .zone-list li"),
    ("/map/side-left/region-left-middle-buttock/", "Left mid-gluteal region", ".region-target", "#panel .referrers li"),
    ("/handout/side-left/tp-gluteus-medius-trp1/", "Side hip muscle", ".zone-essential", ".handout-text p"),
])
def test_without_scripts_a_state_shows_its_zone_on_the_figure_and_its_panel(no_script_page, static_site, path, title,
                                                                          shape, listed):
    page = no_script_page
    page.goto(f"{static_site}{path}")
    zone = shown_target(page)
    expect(zone).to_be_visible()  # :target shows this state's zone in the shared file
    if path.startswith("/map/"):  # the figure file takes the frame's width (its figure centred in it)
        frame, figure = page.locator(".map-views").bounding_box(), page.locator("object.body-map-file").bounding_box()
        assert figure["width"] >= 0.9 * frame["width"], (figure, frame)
    expect(zone.locator(shape).first).to_be_visible()
    expect(page.locator("h1" if path.startswith("/handout/") else "#panel-title")).to_have_text(re.compile(title, re.I))
    expect(page.locator(listed).first).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    capture(page, SCREENSHOTS / f"export-no-script-{path.strip('/').split('/')[0]}-{path.split('/')[-2]}.png")
    expect(page.locator("main button:visible")).to_have_count(0)  # each needs a script: none shows without
    if path.startswith("/map/"):  # the page's own figure file, without the tools that need a script
        save = page.get_by_role("link", name="Save SVG")
        expect(save).to_be_visible()
        assert save.get_attribute("href").startswith("/figures/") or save.get_attribute("href").startswith("/static/svg/")
    if path.startswith("/map/"):  # a differential's details are a link away, on its condition's page
        page.locator("#panel details summary").first.click()  # no script needed to open a <details>
        more = page.locator("#panel details[open] [data-include] a")
        expect(more).to_be_visible()
        assert more.get_attribute("href").startswith("/conditions/")


def test_a_session_s_handout_works_from_the_export(page: Page, static_site, console_errors, shoot):
    """A pick added on an exported page prints its handout: its words, figure and zones all come
    from files, with no server to ask."""
    page.set_viewport_size({"width": 1280, "height": 900})
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(f"{static_site}/map/side-left/tp-gluteus-medius-trp1/")
    page.locator("#drawing-toggle").wait_for(state="visible")  # the modules ran
    add = page.locator("#panel [data-session-add][data-tp='gluteus-medius-trp1'][data-side='left']")
    expect(add).to_be_visible()
    add.click()
    expect(add).to_have_text("Remove from session")
    expect(page.locator("#session-tray .session-pick[data-tp='gluteus-medius-trp1']")).to_be_visible()
    page.click("#session-handout")
    expect(page.locator("[data-session-handout][data-ready]")).to_be_attached()
    expect(page.locator(".session-pick-text")).to_have_count(1)
    expect(page.locator(".session-pick-text h3").first).to_contain_text("your left side")  # the client's words
    expect(page.locator(".session-figure .session-zones path").first).to_be_attached()
    assert page.locator(".session-figure .trigger-point").count() == 1  # only the pick's marker
    shoot("export-session-handout", full_page=True)
    assert missing == []
    assert console_errors == []
