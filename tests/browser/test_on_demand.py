"""The first view loads only the map's modules; the search, the figure downloads and the pain
drawing are imported when first used, and nothing the user does while they load is lost."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import click_region, open_more

FIRST_VIEW = {"app.js", "map.js", "zone-painter.js", "state-url.js", "region-path.js", "drawing-on-demand.js", "roving.js",
              "zoom.js"}
ON_DEMAND = {"search.js", "fuse.basic.min.mjs", "figure.js", "drawing.js"}


def module_name(url: str) -> str | None:
    match = re.search(r"/static/js/(?:vendor/)?([^/?]+\.m?js)\?", url)
    return match.group(1) if match else None


def record_modules(page: Page) -> list[str]:
    """Names of the modules the page requests, in order, from now on."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(module_name(r.url)) if module_name(r.url) else None)
    return requested


def hold(page: Page, name: str) -> list:
    """Hold back the responses for one module (a slow network); release with `route.continue_()`."""
    held: list = []
    page.route(re.compile(rf"/static/js/{re.escape(name)}\?v="), lambda route: held.append(route))
    return held


def wait_until_held(page: Page, held: list, count: int = 1) -> None:
    """Wait until the page has asked for the held module (a loaded machine parses the page late);
    fail if it asks for it more often."""
    for _ in range(600):
        if len(held) >= count:
            break
        page.wait_for_timeout(50)  # lets Playwright deliver the route to `hold`'s handler
    assert len(held) == count


def open_map(page: Page, path: str) -> None:
    """Open a map page and wait until the network has been quiet for 500 ms (so a module
    imported at start-up, statically or not, has been asked for)."""
    page.goto(path, wait_until="networkidle")
    expect(page.locator("#drawing-toggle")).to_be_visible()  # app.js has run


def settle(page: Page) -> None:
    """Time for a module that an action should not import to be asked for all the same."""
    page.wait_for_timeout(500)


def test_the_first_view_requests_only_the_map_modules(page: Page, console_errors):
    requested = record_modules(page)
    open_map(page, "/?side=left&group=gluteus-maximus-trp1")  # TrP1 is its own target there
    assert set(requested) == FIRST_VIEW, requested
    assert len(requested) == len(FIRST_VIEW)  # each once
    page.hover("[data-trigger-point='gluteus-medius-trp1']")  # hover previews need nothing more
    page.click("[data-trigger-point='gluteus-medius-trp1']")
    expect(page.locator("#panel-title")).to_have_text(re.compile(r"Gluteus medius\s+TrP1"))
    settle(page)
    assert not set(requested) & ON_DEMAND, requested
    assert console_errors == []


def test_each_module_arrives_with_the_first_use_that_needs_it(page: Page, console_errors):
    requested = record_modules(page)
    open_map(page, "/?side=left")
    with page.expect_request(re.compile(r"/fuse\.basic\.min\.mjs\?v=")):
        page.locator("#search-q").focus()
    settle(page)
    assert "search.js" in requested and not {"figure.js", "drawing.js"} & set(requested)
    with page.expect_download():
        open_more(page)
        page.click("#download-png")
    settle(page)
    assert "figure.js" in requested and "drawing.js" not in requested
    page.click("#drawing-toggle")
    expect(page.locator("#drawing")).to_be_visible()
    assert "drawing.js" in requested
    assert len(requested) == len(set(requested)), requested  # each once
    assert console_errors == []


def test_typing_at_once_loses_no_keystroke_while_the_search_loads(page: Page, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    held = hold(page, "search.js")
    open_map(page, "/")
    box = page.locator("#search-q")
    box.press_sequentially("pirif")  # no delay between keys, all before search.js arrives
    expect(box).to_have_value("pirif")
    wait_until_held(page, held)  # asked for at the first key; the route reaches the test a little later
    assert page.locator("#search-options").is_hidden()
    held[0].continue_()
    options = page.locator("#search-options [role=option]")
    expect(options.first).to_contain_text("Piriformis")  # searched for what was typed meanwhile
    box.press_sequentially("ormis")
    expect(box).to_have_value("piriformis")
    expect(options.first).to_contain_text("Piriformis")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"tp=piriformis-"))
    assert console_errors == []


def test_keys_typed_before_the_scripts_ran_are_searched(page: Page, console_errors):
    held = hold(page, "map.js")  # app.js waits for it: no script has run while the keys go in
    page.goto("/", wait_until="commit")
    box = page.locator("#search-q")
    box.press_sequentially("glut med")
    expect(box).to_have_value("glut med")
    wait_until_held(page, held)
    held[0].continue_()
    expect(page.locator("#search-options [role=option]").first).to_contain_text("Gluteus medius")
    expect(box).to_have_value("glut med")
    assert console_errors == []


def test_the_drawing_keeps_a_toggle_and_taps_made_while_it_loads(page: Page, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    held = hold(page, "drawing.js")
    open_map(page, "/?side=left&view=posterior")
    assert held == []
    with page.expect_request(re.compile(r"/static/js/drawing\.js\?v=")):  # asked for, and held
        page.click("#drawing-toggle")
    expect(page.locator("#drawing-toggle")).to_have_attribute("aria-pressed", "true")  # answered at once
    click_region(page, "left-middle-buttock")
    click_region(page, "left-middle-buttock")
    assert "region=" not in page.url  # taps while drawing mark regions, they do not select them
    wait_until_held(page, held)
    held[0].continue_()
    expect(page.locator("svg.body-map [data-region='left-middle-buttock']")).to_have_attribute("data-mark", "2")
    expect(page).to_have_url(re.compile(r"#pain=left-middle-buttock:2$"))
    expect(page.locator("#drawing-results li").first).to_be_visible()
    assert console_errors == []


def test_a_drawing_in_the_address_loads_the_drawing_at_once(page: Page, console_errors):
    requested = record_modules(page)
    page.goto("/?side=left#pain=sacrum:2,left-sacroiliac-joint")
    expect(page.locator("svg.body-map [data-region='sacrum']")).to_have_attribute("data-mark", "2")
    expect(page.locator("#drawing-results li").first).to_be_visible()
    assert "drawing.js" in requested and "search.js" not in requested
    assert console_errors == []
