"""A whole session with a client: picks from either view, their zones together over the pain
drawing, one handout for the session, End session; no request ever names a pick, the drawing or
the client's words."""

from __future__ import annotations

import json
import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from webapp.paths import ROOT
from webapp.content.loader import load_atlas
from webapp.drawing import lod
from webapp.content.model import Side

from .test_pain_drawing import mark, marks_on_page, start_drawing
from .test_session import count_pdf_pages

PICKS = [("gluteus-medius-trp1", "left"), ("piriformis-trp1", "left"), ("quadratus-lumborum-superficial-upper", "left")]
MARKED = ["left-sacroiliac-joint", "left-middle-buttock", "left-upper-posterior-thigh", "right-lower-buttock"]
WORDS = "A deep ache on the left when I sit for long"


adding_sent: list[str] = []
ATLAS = load_atlas(ROOT / "data")


def pick(page: Page, tp: str, side: str) -> None:
    """Select a trigger point by its marker when the view shows it, else by its address; then add it."""
    marker = page.locator(f"svg.body-map [data-trigger-point='{tp}'][data-side='{side}']")
    clear = page.locator("#map-nav a:text('Clear')")
    if not marker.count() and clear.count():  # back to the whole body, in this page
        clear.click()
        expect(page.locator("#panel [data-panel=intro]")).to_be_attached()
    if not marker.count():  # crowded on the whole body: open its cluster's close-up, in this page
        view = page.locator("svg.body-map").get_attribute("data-view")
        cluster = lod.group_of(ATLAS, view, (Side(side),), tp)
        assert cluster, f"{tp} is neither a marker nor in a cluster on the {view} view"
        page.locator(f"svg.body-map .tp-cluster[href*='group={cluster.opens}']").first.click()
        expect(marker.first).to_be_visible()
    marker.first.click()
    add = page.locator(f"#panel [data-session-add][data-tp='{tp}'][data-side='{side}']")
    expect(add).to_be_visible()
    page.wait_for_load_state("networkidle")
    during: list[str] = []
    listener = lambda r: during.append(r.url)  # noqa: E731
    page.on("request", listener)
    add.click()
    expect(add).to_have_text("Remove from session")
    page.wait_for_timeout(200)
    page.remove_listener("request", listener)
    adding_sent.extend(u for u in during if tp in u)
    expect(page.locator(f"#session-tray .session-pick[data-tp='{tp}'][data-side='{side}']")).to_be_visible()


def kept(page: Page) -> dict:
    return page.evaluate("({s: sessionStorage.length, l: localStorage.length, hash: location.hash})")


def test_a_three_pick_session_over_a_drawing_never_leaves_the_browser(page: Page, console_errors, shoot):
    sent: list[str] = []
    page.on("request", lambda r: sent.append(f"{r.method} {r.url} {r.post_data or ''} {r.headers}"))
    start_drawing(page)
    for region_id in MARKED:
        mark(page, region_id)
    page.click("#drawing-toggle")  # drawing off: taps select again
    expect(page.locator("#drawing-results-title")).to_have_text("Candidates to palpate")
    expect(page.locator("#drawing-guide")).to_contain_text("pain the client recognises on palpation confirms it")
    for tp, side in PICKS[:2]:
        pick(page, tp, side)
    assert "#pain" not in page.url  # in a session the drawing is kept with it, not in the address
    page.click(".tabs[aria-label=View] a:text('Lateral')")
    expect(page.locator("svg.body-map")).to_have_attribute("data-view", "lateral")
    pick(page, *PICKS[2])
    page.click(".tabs[aria-label=View] a:text('Posterior')")
    expect(page.locator("svg.body-map")).to_have_attribute("data-view", "posterior")
    page.click("#map-nav a:text('Clear')")  # the whole body, every pick's zones on it
    expect(page.locator("#panel [data-panel=intro]")).to_be_attached()
    tray = page.locator("#session-tray")
    expect(tray.locator(".session-pick")).to_have_count(3)
    expect(tray).to_contain_text("Gluteus medius TrP1")
    expect(page.locator("svg.body-map .session-zones .zone-essential")).not_to_have_count(0)
    assert set(marks_on_page(page)) == set(MARKED)  # the drawing stays on the figure under the zones
    expect(tray.locator(".session-explained")).to_contain_text(re.compile(r"Together they explain \d of 4 marked"))
    expect(tray.locator(".session-explained")).to_contain_text("Still unexplained")
    page.fill("#session-words", WORDS)
    page.locator("#session-words").blur()
    page.evaluate("window.scrollTo(0, 0)")
    shoot("session-three-picks")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.reload()  # a reload keeps the session in this tab
    expect(page.locator("#session-tray .session-pick")).to_have_count(3)
    expect(page.locator("#session-words")).to_have_value(WORDS)
    page.click("#session-handout")
    expect(page).to_have_url(re.compile(r"/session/handout$"))
    expect(page.locator("[data-session-handout][data-ready]")).to_be_attached()
    expect(page.locator(".client-words")).to_have_text(WORDS)
    expect(page.locator(".session-pick-text")).to_have_count(3)
    assert page.locator(".session-figure").count() >= 1
    expect(page.locator(".session-figure .pain-mark").first).to_be_attached()
    expect(page.locator(".session-figure .session-zones path").first).to_be_attached()
    expect(page.locator(".session-figure .side-word").first).to_contain_text("your")
    assert page.locator(".session-figure .trigger-point").count() >= 2  # only the picks' markers
    assert page.locator(".session-figure a").count() == 0
    outlines = page.eval_on_selector_all(  # each figure draws the body: its outline's <use> finds its shape
        ".session-figure svg.body-map .figure use",
        "us => us.map((u) => Boolean(document.querySelector(u.getAttribute('href'))) && u.getBBox().height > 100)")
    assert outlines and all(outlines), outlines
    expect(page.locator(".safety")).to_have_text(re.compile(r"own therapist that these exercises suit you\.$"))
    assert page.locator(".handout-care ol li").count() >= 9
    shoot("session-handout", full_page=True)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    shoot("session-handout-a4", full_page=True)
    assert count_pdf_pages(page.pdf(format="A4", print_background=True)) <= 2
    page.emulate_media(media="screen")
    page.go_back()
    expect(page.locator("#session-tray .session-pick")).to_have_count(3)
    # Nothing the session holds went out: the drawing and the words in no request at all; the
    # picks only in the map pages their selection showed (as any selection does), never elsewhere
    # (no API call, no handout, no figure names them), and adding one sent nothing.
    assert len(sent) > 10
    private = MARKED + ["deep ache", "deep%20ache", "deep+ache"]
    assert [r for r in sent for word in private if word in r] == []
    not_a_selection = [r for r in sent if not re.match(r"GET https?://[^/]+/\?", r)]
    assert [r for r in not_a_selection for tp, _ in PICKS if tp in r] == []
    assert adding_sent == []
    page.evaluate("() => { window.__swaps = 0; document.addEventListener('map:swapped', () => window.__swaps++); }")
    page.click("#session-end")
    expect(page.locator("#status")).to_contain_text("Session ended")
    page.wait_for_timeout(500)  # the map followed the ending's way back as well: a second swap, a second announcement
    assert page.evaluate("window.__swaps") == 1
    expect(page.locator("#session-tray")).to_be_hidden()
    assert kept(page) == {"s": 0, "l": 0, "hash": ""}
    assert marks_on_page(page) == {}
    assert "tp=" not in page.url
    page.reload()
    expect(page.locator("#drawing-toggle")).to_be_visible()
    assert page.locator("#session-tray").count() == 0 and marks_on_page(page) == {}
    page.go_back()  # Back finds the map empty, as a new client should
    page.wait_for_timeout(300)
    assert re.fullmatch(r"https?://[^/]+/", page.url), page.url
    assert page.locator("#session-tray").count() == 0 or page.locator("#session-tray").is_hidden()
    assert marks_on_page(page) == {} and kept(page)["s"] == 0
    assert console_errors == []


def test_client_view_adds_and_removes_picks_and_the_clinician_view_prints_one_handout(page: Page, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/?tp=gluteus-medius-trp1&side=left&audience=client")
    page.click("#panel [data-session-add]")
    tray = page.locator("#session-tray")
    expect(tray.locator(".session-pick")).to_have_count(1)
    expect(tray).to_contain_text("Side hip muscle")
    expect(page.locator("#panel [data-session-add]")).to_have_text("Remove from session")
    results = Axe().run(page)  # the tray in the client view's large type
    assert results.violations_count == 0, results.generate_report()
    tray.locator("[data-remove]").click()
    expect(tray.locator(".session-pick")).to_have_count(0)
    expect(tray.locator(".empty")).to_be_visible()
    page.goto("/?tp=gluteus-medius-trp1&side=left#pain=sacrum:2")
    page.click("#panel [data-session-add]")  # the drawing joins the session and leaves the address
    expect(page.locator("#session-tray .session-pick")).to_have_count(1)
    assert "#pain" not in page.url
    page.click("#panel [data-handout]")  # the single trigger point's handout, from the clinician view
    expect(page).to_have_url(re.compile(r"/handout\?"))
    expect(page.locator("h1")).to_contain_text("Side hip muscle")
    expect(page.locator("svg.body-map .pain-mark")).to_have_count(1)  # the session's drawing is on it
    assert console_errors == []


def test_add_to_session_by_touch_and_by_keyboard(browser, base_url):
    context = browser.new_context(base_url=base_url, has_touch=True, is_mobile=True,
                                  viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    page.goto("/?tp=gluteus-medius-trp1&side=left")
    page.locator("#panel [data-session-add]").tap()
    expect(page.locator("#session-tray .session-pick")).to_have_count(1)
    page.goto("/?tp=piriformis-trp1&side=left")
    add = page.locator("#panel [data-session-add]")
    add.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#session-tray .session-pick")).to_have_count(2)
    box = add.bounding_box()
    assert box["height"] >= 44
    context.close()


def test_the_more_menu_is_a_disclosure_for_keyboard_and_screen_readers(page: Page, console_errors, shoot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/?frame=body")
    toggle = page.locator("#more-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#more-menu")).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(page.locator("#more-menu button:text('Zoom in')")).to_be_focused()
    svg = page.locator("svg.body-map")
    before = svg.get_attribute("viewBox")
    page.keyboard.press("Enter")
    assert svg.get_attribute("viewBox") != before
    expect(page.locator("#more-menu")).to_be_visible()  # a zoom step leaves it open
    shoot("map-more-menu")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    toggle.click()
    page.mouse.click(5, 890)  # a press outside closes it
    expect(page.locator("#more-menu")).to_be_hidden()
    assert console_errors == []


def seed(page: Page, picks) -> None:
    page.goto("/muscles/")
    session = {"picks": [{"tp": tp, "side": side} for tp, side in picks],
               "marks": [["left-sacroiliac-joint", 2], ["sacrum", 1]], "words": "It hurts when I stand up", "showAll": True}
    page.evaluate("s => sessionStorage.setItem('referral-map.session', s)", json.dumps(session))
    page.goto("/session/handout")
    expect(page.locator("[data-session-handout][data-ready]")).to_be_attached()
