"""The pain drawing in a real browser: mouse, touch and keyboard; the same ranking as the
API; and the drawing never leaves the browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

MARKS = ["left-posterior-iliac-crest", "left-sacroiliac-joint", "sacrum"]


def region_path(page: Page, region_id: str):
    return page.locator(f"svg.body-map [data-region='{region_id}'] > :is(path, use)")


def mark(page: Page, region_id: str) -> None:
    box = region_path(page, region_id).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def marks_on_page(page: Page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "svg.body-map [data-mark]", "els => Object.fromEntries(els.map(e => [e.dataset.region, e.dataset.mark]))")


def start_drawing(page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/?side=left&view=posterior")
    toggle = page.locator("#drawing-toggle")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")


def test_marking_regions_ranks_the_explaining_trigger_points_like_the_api(page: Page, console_errors, shoot,
                                                                         live_server):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url + " " + (r.post_data or "")))
    start_drawing(page)
    for region_id in MARKS:
        mark(page, region_id)
    mark(page, "left-sacroiliac-joint")  # a second tap raises the intensity
    expect(page).to_have_url(re.compile(r"#pain="))
    assert marks_on_page(page) == {"left-posterior-iliac-crest": "1", "left-sacroiliac-joint": "2", "sacrum": "1"}
    results = page.locator("#drawing-results li")
    expect(results.first).to_have_attribute("data-trigger-point", "gluteus-medius-trp1")
    expect(results.first).to_have_attribute("data-side", "left")
    shoot("pain-drawing")

    in_browser = [(li.get_attribute("data-trigger-point"), li.get_attribute("data-side"),
                   float(re.search(r"score (-?[\d.]+)", li.inner_text()).group(1))) for li in results.all()]
    api = page.request.get(f"{live_server}/api/lookup?regions=left-posterior-iliac-crest,"
                           "left-sacroiliac-joint:2,sacrum&limit=10").json()
    assert in_browser == [(c["trigger_point"], c["side"], c["score"]) for c in api]

    # the drawing never left the browser: no request names a marked region
    page_requests = [r for r in requests if "/api/lookup" not in r]
    assert not [r for r in page_requests for region_id in MARKS if region_id in r]
    assert console_errors == []


def test_drawing_survives_selecting_a_candidate_and_changing_view(page: Page, console_errors):
    start_drawing(page)
    for region_id in MARKS:
        mark(page, region_id)
    page.locator("#drawing-results li a").first.click()
    expect(page).to_have_url(re.compile(r"tp=gluteus-medius-trp1.*#pain="))
    expect(page.locator("svg.body-map .trigger-point.selected")).to_have_attribute(
        "data-trigger-point", "gluteus-medius-trp1")
    assert set(marks_on_page(page)) == set(MARKS)
    page.click(".tabs[aria-label=View] a:text('Lateral')")
    expect(page.locator("svg.body-map")).to_have_attribute("data-view", "lateral")
    expect(page).to_have_url(re.compile(r"#pain="))
    assert "left-posterior-iliac-crest" in marks_on_page(page)  # drawn on the lateral view too
    assert console_errors == []


def test_keyboard_marks_and_unmarks_regions(page: Page, console_errors):
    start_drawing(page)
    region_path(page, "sacrum").locator("..").focus()
    for _ in range(2):
        page.keyboard.press("Space")
    page.keyboard.press("Enter")
    assert marks_on_page(page) == {"sacrum": "3"}
    expect(page.locator("#status")).to_contain_text("intensity 3 of 3")
    page.keyboard.press("Enter")
    assert marks_on_page(page) == {}
    expect(page).not_to_have_url(re.compile("pain="))
    assert console_errors == []


def test_touch_taps_mark_regions(browser, base_url):
    context = browser.new_context(base_url=base_url, has_touch=True, is_mobile=True,
                                  viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    page.goto("/?side=left")
    page.locator("#drawing-toggle").tap()
    box = region_path(page, "left-middle-buttock").bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert marks_on_page(page) == {"left-middle-buttock": "1"}
    expect(page.locator("#drawing-results li").first).to_be_visible()
    context.close()


def test_no_request_ever_carries_the_pain_drawing(page: Page, console_errors):
    """A whole session with a drawing: select, change view, client view, handout, search."""
    private = ["left-lower-buttock", "right-upper-lateral-thigh"]  # marked, never selected
    sent: list[str] = []
    page.on("request", lambda r: sent.append(f"{r.method} {r.url} {r.post_data or ''} {r.headers}"))
    start_drawing(page)
    for region_id in private:
        mark(page, region_id)
    assert set(marks_on_page(page)) == set(private)
    page.locator("#drawing-results li a").first.click()
    expect(page).to_have_url(re.compile(r"tp="))  # the selection is in (its view tabs keep it)
    page.click(".tabs[aria-label=View] a:text('Lateral')")
    expect(page.locator("svg.body-map")).to_have_attribute("data-view", "lateral")
    page.click("a.audience-toggle")
    expect(page).to_have_url(re.compile("audience=client.*#pain="))
    page.click("[data-handout]")
    expect(page).to_have_url(re.compile(r"/handout\?.*#pain="))
    expect(page.locator("svg.body-map .pain-mark").first).to_be_attached()
    page.locator("#search-q").type("glut", delay=10)
    expect(page.locator("#search-options [role=option]").first).to_be_visible()
    assert len(sent) > 10
    leaks = [r for r in sent for region_id in private if region_id in r]
    assert leaks == []
    assert console_errors == []
