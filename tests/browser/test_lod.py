"""Level of detail in Chromium: every target at least 24 CSS px (WCAG 2.5.8) and none overlapping,
at 360, 390, 1024 and 1920 px wide, on today's content and on a synthetic atlas five times its size;
and every trigger point reached and operated by keyboard from the whole-body view, through its
cluster's close-up."""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from bench.synthetic import grow_atlas
from webapp.paths import ROOT
from webapp import create_app
from webapp.content.loader import load_atlas

from .conftest import open_more

SIZES = [(360, 740), (390, 844), (1024, 768), (1920, 1080)]
TARGETS = "svg.body-map .trigger-point, svg.body-map .tp-cluster"

# Every visible target's hit box in CSS px, and pairs whose circles overlap.
MEASURE = """(selector) => {
  const boxes = [...document.querySelectorAll(selector)].filter((t) => t.checkVisibility())
    .map((t) => { const b = t.querySelector('.hit').getBoundingClientRect();
                  return {name: t.getAttribute('aria-label'), w: b.width, h: b.height,
                          x: b.left + b.width / 2, y: b.top + b.height / 2}; });
  const overlaps = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
    if (Math.hypot(a.x - b.x, a.y - b.y) + 0.5 < (a.w + b.w) / 2) overlaps.push([a.name, b.name]);
  }));
  return {boxes, overlaps};
}"""


@pytest.fixture(scope="module")
def synthetic_server(tmp_path_factory):
    """The app on a synthetic atlas twice today's whole-body content (bench/synthetic.py), on a free port."""
    data = grow_atlas(ROOT / "data", tmp_path_factory.mktemp("atlas") / "data-x2", 2)  # 200 muscles: about 9x the first atlas
    app = create_app({"TESTING": True, "DATA_DIR": str(data)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", load_atlas(data)
    server.shutdown()


def states(page: Page, base: str, atlas, every_closeup: bool) -> list[str]:
    """Whole-body views, the close-ups their clusters open, and selections' close-ups."""
    urls = []
    for view in atlas.views:
        page.goto(f"{base}/?view={view}")
        urls.append(f"{base}/?view={view}")
        closeups = [base + h for h in page.eval_on_selector_all(
            "svg.body-map .tp-cluster", "els => els.map((e) => e.getAttribute('href'))")]
        urls += closeups if every_closeup else closeups[:2]
    urls += [f"{base}/?tp=gluteus-medius-trp1", f"{base}/?tp=gluteus-minimus-anterior&view=lateral",
             f"{base}/?region=right-sacroiliac-joint"]
    return urls


def assert_targets_fit(page: Page, url: str, width: int) -> int:
    page.goto(url)
    found = page.evaluate(MEASURE, TARGETS)
    small = [(b["name"], round(b["w"], 1)) for b in found["boxes"] if min(b["w"], b["h"]) < 23.95]
    assert not small, f"{url} at {width} px: targets under 24 px: {small[:5]}"
    assert not found["overlaps"], f"{url} at {width} px: overlapping targets: {found['overlaps'][:5]}"
    return len(found["boxes"])


@pytest.mark.parametrize("width,height", SIZES)
def test_every_target_is_24_px_on_todays_content(page: Page, base_url, atlas, width, height, shoot):
    page.set_viewport_size({"width": width, "height": height})
    urls = states(page, base_url, atlas, every_closeup=True)
    assert sum(assert_targets_fit(page, url, width) for url in urls) > len(urls)
    page.goto(base_url + "/")
    shoot(f"lod-whole-body-{width}")


@pytest.mark.parametrize("width,height", SIZES)
def test_every_target_is_24_px_on_a_synthetic_atlas_of_twice_todays_content(page: Page, synthetic_server, width, height, shoot):
    base, atlas = synthetic_server
    assert len(atlas.trigger_points) >= 250
    page.set_viewport_size({"width": width, "height": height})
    for url in states(page, base, atlas, every_closeup=width == 360):
        assert_targets_fit(page, url, width)
    page.goto(base + "/")
    shoot(f"lod-whole-body-2x-{width}")


FOCUSED = """() => { const e = document.activeElement;
  return e.dataset.triggerPoint ? `tp ${e.dataset.triggerPoint} ${e.dataset.side}`
       : e.classList.contains('tp-cluster') ? `cluster ${e.getAttribute('href')}` : ''; }"""


def tab_to_targets(page: Page) -> None:
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED):
            return
    raise AssertionError("Tab never reaches the trigger points")


REFOCUS = """(target) => {
  // focus a target found before by its FOCUSED name, as the keys left it
  const [kind, rest] = [target.slice(0, target.indexOf(' ')), target.slice(target.indexOf(' ') + 1)];
  const [tp, side] = rest.split(' ');
  const element = kind === 'tp'
    ? document.querySelector(`svg.body-map [data-trigger-point="${tp}"][data-side="${side}"]`)
    : [...document.querySelectorAll('svg.body-map .tp-cluster')].find((c) => c.getAttribute('href') === rest);
  element.focus();
}"""


def keyboard_walk(page: Page) -> dict[str, list[str]]:
    """Every target the arrow keys reach from the first (Home), with the keys that reach it, in
    the page as it is (focus on one of its targets). An arrow key reads only the target it is
    pressed on (static/js/roving.js), so each step focuses a target the keys reached before and
    presses one key there, in the same page; a target only keys reach joins the walk."""
    page.keyboard.press("Home")
    first = page.evaluate(FOCUSED)
    assert first, "Home focuses a target"
    paths, queue = {first: []}, [first]
    while queue:
        source = queue.pop(0)
        for key in ("ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp"):
            page.evaluate(REFOCUS, source)
            page.keyboard.press(key)
            reached = page.evaluate(FOCUSED)
            assert reached, f"{key} on {source} left the targets"
            if reached not in paths:
                paths[reached] = paths[source] + [key]
                queue.append(reached)
    return paths


def test_keyboard_reaches_every_trigger_point_through_clusters(page: Page, base_url, atlas, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    body = f"{base_url}/"
    reached: set[str] = set()
    page.goto(body)
    tab_to_targets(page)
    walk = keyboard_walk(page)
    for target, keys in walk.items():
        kind, rest = target.split(" ", 1)
        if kind == "tp":
            reached.add(rest)
            continue
        page.goto(body)  # a cluster: Enter opens its close-up, with focus on its first member
        tab_to_targets(page)
        for key in ["Home", *keys]:
            page.keyboard.press(key)
        label = page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert re.fullmatch(r".+: \d+ trigger points, open close-up", label)
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"group="))
        assert page.evaluate(FOCUSED).startswith("tp "), "focus moves into the close-up"
        members = keyboard_walk(page)  # in the close-up Enter opened, as a keyboard user goes on
        assert all(m.startswith("tp ") for m in members)
        assert len(members) == int(re.search(r": (\d+) trigger points", label).group(1))
        reached |= {m.split(" ", 1)[1] for m in members}
    expected = {f"{tp.id} right" for tp in atlas.trigger_points.values() if "posterior" in tp.entry.positions}
    assert reached == expected
    page.goto(body)  # and a marker reached so is operated with Enter
    tab_to_targets(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"tp=|group="))
    assert console_errors == []


OPEN_REVEALED = """() => {
  for (const tp of document.querySelectorAll('svg.body-map .trigger-point[data-revealed]')) {
    const b = tp.querySelector('.ring').getBoundingClientRect(), x = b.left + b.width / 2, y = b.top + b.height / 2;
    if (b.width && document.elementFromPoint(x, y)?.closest('.trigger-point') === tp) return [x, y];
  }
  return null;
}"""


def test_zooming_in_swaps_a_cluster_for_its_members_and_back(page: Page, base_url, console_errors, shoot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    clusters = page.locator("svg.body-map .tp-cluster")
    before = clusters.count()
    open_more(page)  # zoom lives in the "More" tools
    zoom_in = page.get_by_role("button", name="Zoom in")
    for _ in range(5):
        zoom_in.click()
    expect(page.locator("svg.body-map .trigger-point[data-revealed]:visible").first).to_be_visible()
    assert page.locator("svg.body-map .tp-cluster:visible").count() < before
    found = page.evaluate(MEASURE, TARGETS)
    assert all(min(b["w"], b["h"]) >= 23.95 for b in found["boxes"])
    shoot("lod-zoomed-in")
    point = page.evaluate(OPEN_REVEALED)
    assert point, "a revealed marker lies in the zoomed figure, under the pointer"
    page.mouse.move(*point)  # a revealed marker previews its zone like any other
    expect(page.locator("svg.body-map .trigger-point[data-previewing][data-revealed]")).to_have_count(1)
    assert page.evaluate("""() => [...document.querySelectorAll('svg.body-map .zones > .zone')]
        .some((p) => p.getAttribute('visibility') !== 'hidden' && p.getAttribute('d'))
        || !!document.querySelector('svg.body-map .zone-cache > [visibility=visible]')
        || document.getElementById('zone-elsewhere').hasAttribute('data-shown')""")
    open_more(page)
    page.get_by_role("button", name="Reset zoom").click()
    expect(page.locator("svg.body-map .trigger-point[data-revealed]:visible")).to_have_count(0)
    assert page.locator("svg.body-map .tp-cluster:visible").count() == before
    assert console_errors == []
