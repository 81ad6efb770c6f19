"""The static export served by a plain static file server: hover, click, regions and search still work."""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from .conftest import click_region

# one worker exports the small atlas once for both export modules
pytestmark = pytest.mark.xdist_group("export")

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


def test_hover_and_click_on_the_export(page: Page, static_site, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{static_site}/map/side-left/group-gluteus-maximus-trp1/")  # TrP1's cluster, one by one
    page.locator("#drawing-toggle").wait_for(state="visible")  # the modules ran
    page.hover(TP1)
    assert zones(page)["left-sacroiliac-joint"] == "essential"
    page.evaluate("window.__sameDocument = true")
    page.click(TP1)
    expect(page).to_have_url(f"{static_site}/map/side-left/tp-gluteus-medius-trp1/")
    expect(page.locator("#panel-title")).to_have_text(re.compile(r"Gluteus medius\s+TrP1"))
    assert page.evaluate("window.__sameDocument === true")  # moved without a reload
    page.go_back()
    expect(page).to_have_url(f"{static_site}/map/side-left/group-gluteus-maximus-trp1/")
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
