"""After one visit the map keeps working with no network: the service worker serves it, writing any
state's page it has not cached from its view's bundle (webapp/web/offline_bundles.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOTS, capture

TP1 = "[data-trigger-point='gluteus-medius-trp1']"
READY = """async () => {
  const timeout = new Promise((done) => setTimeout(() => done(null), 300000));
  const registration = await Promise.race([navigator.serviceWorker.ready, timeout]);
  if (!registration) return 'no service worker within 300 s';
  const worker = registration.active;
  if (worker.state !== 'activated') {
    await new Promise((done) => worker.addEventListener('statechange', () => worker.state === 'activated' && done()));
  }
  return worker.state;
}"""
SHOWN_ZONES = """() => {
  // the zones on screen: each region's label, and whether a zone shape is painted
  const svg = document.querySelector('svg.body-map');
  const labels = Object.fromEntries([...svg.querySelectorAll('[data-zone]')].map((e) => [e.dataset.region, e.dataset.zone]));
  const painted = [...svg.querySelectorAll('.zones path')].some((p) => p.getAttribute('d')
    && getComputedStyle(p).visibility === 'visible' && p.getBBox().width > 0);
  return { labels, painted };
}"""
EXPECTED_ZONES = """(marker) => {
  // the marker's zones among the regions this figure draws, as a selection labels them
  const drawn = new Set([...document.querySelectorAll('svg.body-map .region')].map((r) => r.dataset.region));
  const zones = {};
  for (const zone of ['spillover', 'essential']) {
    for (const id of (marker.dataset[zone] || '').split(' ')) if (drawn.has(id)) zones[id] = zone;
  }
  return zones;
}"""


def zones(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "svg.body-map [data-zone]", "els => Object.fromEntries(els.map(e => [e.dataset.region, e.dataset.zone]))")


@pytest.fixture(scope="module")
def offline_page(browser, base_url, precached):
    """A page whose first visit installed the worker, then the network cut (one install for the
    module: each test opens its own addresses)."""
    context = browser.new_context(base_url=base_url, service_workers="allow", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto("/")
    assert page.evaluate(READY) == "activated"  # installed: the shell and the bundles precached
    context.set_offline(True)
    page.errors = errors
    yield page
    context.close()


def test_the_map_works_offline_after_the_first_visit(offline_page, atlas):
    page = offline_page
    page.goto("/?side=left&group=gluteus-maximus-trp1")  # a cluster's close-up: TrP1 is a target there
    expect(page.locator("svg.body-map")).to_be_visible()
    page.locator("#drawing-toggle").wait_for(state="visible")  # the modules came from the cache
    page.hover(TP1)
    assert zones(page)["left-sacroiliac-joint"] == "essential"
    page.click(TP1)
    expect(page).to_have_url(re.compile(r"tp=gluteus-medius-trp1"))
    expect(page.locator("#panel-title")).to_have_text(re.compile(r"Gluteus medius\s+TrP1"))
    expect(page.locator(f"svg.body-map {TP1}.selected")).to_have_attribute("aria-current", "true")
    page.mouse.move(5, 5)
    assert zones(page)["left-sacroiliac-joint"] == "essential"  # the selection stays
    # modules the first visit never loaded (they load on first use) come from the precache
    page.locator("#search-q").press_sequentially("pirif")
    expect(page.locator("#search-options [role=option]").first).to_contain_text("Piriformis")
    page.keyboard.press("Escape")
    page.click("#drawing-toggle")
    expect(page.locator("#drawing")).to_be_visible()
    page.goto("/muscles/piriformis")  # written from the bundle of muscle and condition pages
    expect(page.locator("h1")).to_have_text(re.compile("Piriformis"))
    condition = next(iter(atlas.conditions.values()))
    page.goto(f"/conditions/{condition.id}")
    expect(page.locator("h1")).to_have_text(condition.name)
    page.goto("/?view=lateral")
    expect(page.locator("svg.body-map")).to_have_attribute("data-view", "lateral")
    assert page.errors == []


def test_a_reload_of_any_state_offline_shows_its_selection(offline_page):
    """A state no page visited, opened by its address: the bundle's page, selected as a click would."""
    page = offline_page
    page.goto("/?view=lateral&side=left&tp=deltoid-posterior")
    expect(page.locator("#panel [data-selected='deltoid-posterior']")).to_contain_text("client's left side")
    expect(page.locator("svg.body-map [data-trigger-point='deltoid-posterior'].selected")).to_have_count(1)
    assert zones(page)["left-posterior-shoulder"] == "essential"
    page.goto("/?view=anterior&region=right-anterior-knee")
    expect(page.locator("#panel [data-panel=region]")).to_have_attribute("data-selected", "right-anterior-knee")
    expect(page.locator("svg.body-map .region.selected")).to_have_attribute("data-region", "right-anterior-knee")
    page.goto("/?view=lateral&side=left&tp=deltoid-posterior&frame=body")  # folds to the state it shows
    expect(page).to_have_url(re.compile(r"/\?view=lateral&side=left&tp=deltoid-posterior$"))
    expect(page.locator("#panel [data-selected='deltoid-posterior']")).to_be_visible()
    assert page.errors == []


def test_offline_a_trigger_point_on_a_view_that_does_not_draw_it_opens_where_it_is_drawn(offline_page, atlas):
    page = offline_page
    drawn = set(atlas.trigger_points["deltoid-posterior"].entry.positions)
    assert "plantar" not in drawn
    page.goto("/?view=plantar&side=left&tp=deltoid-posterior")  # its address, as the search links it
    expect(page.locator("#panel [data-selected='deltoid-posterior']")).to_contain_text("client's left side")
    assert page.locator("svg.body-map").get_attribute("data-view") in drawn
    expect(page.locator("svg.body-map [data-trigger-point='deltoid-posterior'].selected")).to_have_count(1)
    page.evaluate("window.__sameDocument = true")
    page.locator("#map-nav a", has_text="Plantar").click()  # in the page: the tab folds the same way
    expect(page.locator("#panel [data-selected='deltoid-posterior']")).to_be_visible()
    expect(page).not_to_have_url(re.compile("plantar"))
    assert page.locator("svg.body-map").get_attribute("data-view") in drawn
    assert page.evaluate("window.__sameDocument === true")
    assert page.errors == []


def spread(items: list, count: int) -> list:
    """`count` of `items`, spread from first to last."""
    return items if len(items) <= count else [items[i * (len(items) - 1) // (count - 1)] for i in range(count)]


def select_marker(page, index: int, side: str, says: str = "client's {side} side") -> None:
    """Select the figure's `index`th marker as a click does; its panel (which `says` which side),
    marker and zones follow."""
    marker = page.locator("svg.body-map .trigger-point").nth(index)
    tp = marker.get_attribute("data-trigger-point")
    wanted = marker.evaluate(EXPECTED_ZONES)
    marker.dispatch_event("click", {"button": 0})
    expect(page.locator(f"#panel [data-panel=trigger-point][data-selected='{tp}']")).to_contain_text(says.format(side=side))
    selected = page.locator(f"svg.body-map .trigger-point.selected[data-trigger-point='{tp}'][data-side='{side}']")
    expect(selected).to_have_attribute("aria-current", "true")
    page.mouse.move(1, 1)
    shown = page.evaluate(SHOWN_ZONES)
    assert shown["labels"] == wanted, tp
    assert shown["painted"] == bool(wanted), tp


def select_region(page, index: int) -> None:
    region = page.locator("svg.body-map .region").nth(index)
    rid = region.get_attribute("data-region")
    region.dispatch_event("click", {"button": 0})
    expect(page.locator("#panel [data-panel=region]")).to_have_attribute("data-selected", rid)
    expect(page.locator("svg.body-map .region.selected")).to_have_attribute("data-region", rid)
    expect(page.locator("#panel-title")).not_to_be_empty()


@pytest.mark.parametrize("view", ["posterior", "anterior", "lateral", "plantar"])
def test_offline_each_view_and_side_selects_its_trigger_points_close_ups_and_regions(offline_page, view):
    """On each side of the view, with no network: markers spread over the whole figure, selected one
    after another in the page; two clusters' close-ups and two markers in each; regions spread over
    the figure."""
    page = offline_page
    for side in ("left", "right"):
        shown = f"/?view={view}&side={side}"
        page.goto(shown)
        page.evaluate("window.__sameDocument = true")
        for index in spread(list(range(page.locator("svg.body-map .trigger-point").count())), 6):
            select_marker(page, index, side)
        assert page.evaluate("window.__sameDocument === true")  # each in the page, without a reload
        for cluster in spread(list(range(page.locator("svg.body-map .tp-cluster").count())), 2):
            page.goto(shown)
            page.locator("svg.body-map .tp-cluster").nth(cluster).dispatch_event("click", {"button": 0})
            expect(page.locator("#panel [data-panel=group]")).to_be_visible()
            for number, member in enumerate(spread(list(range(page.locator("svg.body-map .trigger-point").count())), 2)):
                if number:
                    page.go_back()
                    expect(page.locator("#panel [data-panel=group]")).to_be_visible()
                select_marker(page, member, side)
        page.goto(shown)
        for index in spread(list(range(page.locator("svg.body-map .region").count())), 8):
            select_region(page, index)
    assert page.errors == []


def test_the_client_view_works_offline(offline_page):
    """A client in session when the clinic's network drops: client-view states no page visited open
    from the client's bundles, in plain words; a sore spot, a close-up and a region are selected in
    the page, and the clinician's view is one link away."""
    page = offline_page
    page.goto("/?view=posterior&side=left&tp=gluteus-medius-trp1&audience=client")
    expect(page.locator("body")).to_have_class(re.compile("audience-client"))
    expect(page.locator("#panel [data-selected='gluteus-medius-trp1']")).to_contain_text("your left side")
    expect(page.locator("#panel h3").first).to_have_text("Where it is")  # the client's panel, not the clinician's
    expect(page.locator(f"svg.body-map {TP1}.selected")).to_have_attribute("aria-current", "true")
    assert zones(page)["left-sacroiliac-joint"] == "essential"
    capture(page, SCREENSHOTS / "offline-client-view.png")
    page.evaluate("window.__sameDocument = true")
    for index in spread(list(range(page.locator("svg.body-map .trigger-point").count())), 3):
        select_marker(page, index, "left", "your {side} side")
    assert page.evaluate("window.__sameDocument === true")  # each in the page, without a reload
    page.goto("/?view=posterior&side=left&audience=client")  # the whole body: clusters of sore spots
    page.evaluate("window.__sameDocument = true")
    page.locator("svg.body-map .tp-cluster").first.dispatch_event("click", {"button": 0})
    expect(page.locator("#panel [data-panel=group]")).to_contain_text("sore spots")
    expect(page).to_have_url(re.compile(r"group=.*audience=client"))
    select_marker(page, 0, "left", "your {side} side")
    assert page.evaluate("window.__sameDocument === true")  # each in the page, without a reload
    page.goto("/?view=anterior&region=right-anterior-knee&audience=client")
    expect(page.locator("#panel [data-panel=region]")).to_contain_text("Sore spots that can send pain here")
    page.locator("a.audience-toggle", has_text="Clinician view").click()
    expect(page).not_to_have_url(re.compile("audience=client"))
    expect(page.locator("#panel [data-panel=region]")).to_have_attribute("data-selected", "right-anterior-knee")
    assert page.errors == []
