"""Level of detail in Chromium. At 360, 390, 1024 and 1920 px wide, every target the page shows
(markers, cluster badges, buttons, links) meets WCAG 2.5.8 as tests/target_size.py words it, and
no two of the map's targets overlap, on every view, in every close-up its clusters open (down to
the last level) and in selections' close-ups; on today's content and on a synthetic atlas five
times its size (where close-ups hold close-ups). From the whole-body view, Tab, the arrow keys and Enter reach and select every trigger
point of every view, through its cluster's close-ups, and a screen reader hears what each cluster
holds. The map's regions are left out of the size rule: together they are one target that picks a
place on the body by position (the criterion's note 1, like a colour picker), and each is a
keyboard stop of its own (tests/browser/test_map.py)."""

from __future__ import annotations

import re
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from bench.synthetic import grow_atlas
from webapp import create_app
from webapp.content.loader import load_atlas
from webapp.content.model import Side
from webapp.drawing import lod
from webapp.drawing.lod import STEP
from webapp.paths import ROOT

from ..target_size import Target, failures, overlapping
from .conftest import open_more

SIZES = [(360, 740), (390, 844), (1024, 768), (1920, 1080)]
VIEWS = sorted(path.stem for path in (ROOT / "data" / "views").glob("*.yaml"))  # a test each, some
MAP_TARGETS = "svg.body-map :is(.trigger-point, .tp-cluster)"

# Every visible target of the page, in page coordinates (CSS px): the map's by their hit circle
# (and whether that lies inside the figure's box), the rest by their boxes, one per line a link
# wraps to. A link within a sentence is marked inline (the criterion's exception).
MEASURE = """() => {
  const box = (b) => ({x: b.left + scrollX, y: b.top + scrollY, w: b.width, h: b.height});
  const found = [];
  for (const svg of document.querySelectorAll('svg.body-map')) {
    const frame = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll(':is(.trigger-point, .tp-cluster)')) {
      if (!t.checkVisibility()) continue;
      const b = t.querySelector('.hit').getBoundingClientRect();
      const inside = b.left >= frame.left - 1 && b.right <= frame.right + 1 && b.top >= frame.top - 1
        && b.bottom <= frame.bottom + 1;
      found.push({name: t.getAttribute('aria-label'), map: true, inside, ...box(b)});
    }
  }
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex="0"]')) {
    if (el.closest('svg') || !el.checkVisibility({visibilityProperty: true})) continue;
    const inline = getComputedStyle(el).display === 'inline'
      && el.parentElement.textContent.trim() !== el.textContent.trim();
    for (const r of el.getClientRects()) {
      if (r.width < 2 && r.height < 2) continue;  // clipped out of sight (the skip link until focused)
      found.push({name: (el.getAttribute('aria-label') || el.textContent).trim().slice(0, 60), map: false,
                  inline, ...box(r)});
    }
  }
  return found;
}"""


# What each visible target of the map draws (a marker's ring, a cluster's badge), on screen, as
# circles: pairs that overlap, by more than half a px (the drawings, not only the hit circles).
DRAWN_OVERLAPS = """() => {
  const drawn = [...document.querySelectorAll('svg.body-map .trigger-points > a')]
    .filter((t) => t.checkVisibility())
    .map((t) => { const b = t.querySelector(':scope > .mark > .ring, :scope > .badge').getBoundingClientRect();
                  return {name: t.getAttribute('aria-label'), x: b.left + b.width / 2, y: b.top + b.height / 2, r: b.width / 2}; });
  const found = [];
  for (let i = 0; i < drawn.length; i++) for (let j = i + 1; j < drawn.length; j++) {
    const [a, b] = [drawn[i], drawn[j]];
    if (Math.hypot(a.x - b.x, a.y - b.y) < a.r + b.r - 0.5) found.push(`${a.name} / ${b.name}`);
  }
  return found;
}"""


def measured_targets(page: Page) -> tuple[list[Target], list[Target], list[str]]:
    """(all targets the rule applies to, the map's targets, the map's targets cut by the figure's edge)."""
    found = page.evaluate(MEASURE)
    shapes = [Target(t["name"], t["x"], t["y"], t["w"], t["h"], round=t["map"]) for t in found
              if t["map"] or not t["inline"]]
    cut = [t["name"] for t in found if t["map"] and not t["inside"]]
    return shapes, [s for s in shapes if s.round], cut


def assert_targets_fit(page: Page, url: str, width: int) -> int:
    """The page at ``url`` (already open) keeps every target 24 px, the map's apart and inside the figure."""
    shapes, on_map, cut = measured_targets(page)
    assert on_map, f"{url}: no targets on the map"
    problems = failures(shapes) + overlapping(on_map)
    assert not problems, f"{url} at {width} px: {problems[:4]}"
    assert not cut, f"{url} at {width} px: targets cut by the figure's edge: {cut[:4]}"
    return len(on_map)


def cluster_links(page: Page, base: str) -> list[str]:
    return [base + h for h in page.eval_on_selector_all(
        "svg.body-map .tp-cluster", "els => els.map((e) => e.getAttribute('href'))")]


def assert_every_state_fits(page: Page, base: str, atlas, per_page: int | None = None,
                            starts: list[str] | None = None, selections: bool = True) -> list[str]:
    """Open the whole-body views (one side; both sides on the first), the close-ups their clusters
    open and those close-ups' own (every one, or the first ``per_page`` of each page), found by
    their links, and selections' close-ups, one visit each; measure each at every width of
    ``SIZES`` (``assert_targets_fit``: the server draws a state the same for every width, and the
    layout follows the viewport alone, so a resize lays it out as a load at that width would)."""
    urls, targets = [], 0

    def visit(url: str) -> list[str]:
        nonlocal targets
        urls.append(url)
        page.goto(url)
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            targets += assert_targets_fit(page, url, width)
        return cluster_links(page, base)

    queue = starts or [f"{base}/?view={view}" for view in atlas.views] + [f"{base}/?both=1"]
    while queue:
        found = visit(queue.pop(0))
        queue += [u for u in found if u not in urls and u not in queue][:per_page]
    for url in (f"{base}/?tp=gluteus-medius-trp1", f"{base}/?tp=gluteus-minimus-anterior&view=lateral",
                f"{base}/?region=right-sacroiliac-joint") if selections else ():
        visit(url)
    assert targets > len(urls) * len(SIZES)
    return urls


def shoot_at_every_width(page: Page, shoot, pages: dict[str, str]) -> None:
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        for name, url in pages.items():
            page.goto(url)
            shoot(f"{name}-{width}")


@pytest.mark.parametrize("start", [*VIEWS, "both-sides-and-selections"])
def test_every_target_is_24_px_on_todays_content(page: Page, base_url, atlas, shoot, start):
    """At 360, 390, 1024 and 1920 px wide: each view and every close-up it opens (a share of the
    test workers' each), and the both-sides figure with its close-ups and selections' close-ups."""
    if start in VIEWS:
        assert_every_state_fits(page, base_url, atlas, starts=[f"{base_url}/?view={start}"], selections=False)
        return
    assert_every_state_fits(page, base_url, atlas, starts=[f"{base_url}/?both=1"])
    shoot_at_every_width(page, shoot, {"lod-whole-body": base_url + "/",
                                       "lod-dense-close-up": densest_closeup(base_url, atlas)})


def densest_closeup(base: str, atlas, deeper: bool = False) -> str:
    """The address of the close-up with the most trigger points (of those a close-up opens)."""
    found = [(len(lod.closeup(atlas, v, (Side.RIGHT,), n).members), v, n) for v in atlas.views
             for n in lod.closeups(atlas, v, (Side.RIGHT,)) if not deeper or STEP in n]
    _, view, name = max(found)
    return f"{base}/?view={view}&group={name}"


@pytest.fixture(scope="module")
def synthetic_server(tmp_path_factory):
    """The app on a synthetic atlas five times today's whole-body content (bench/synthetic.py), on
    a free port."""
    data = grow_atlas(ROOT / "data", tmp_path_factory.mktemp("atlas") / "data-x5", 5)
    app = create_app({"TESTING": True, "DATA_DIR": str(data)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", load_atlas(data)
    server.shutdown()


def test_every_target_is_24_px_on_a_synthetic_atlas_of_five_times_todays_content(page: Page, synthetic_server, shoot):
    """At 360, 390, 1024 and 1920 px wide, a sample of the close-ups (the first three each page
    opens, down every level): every one of them is held in figure units by tests/test_lod.py."""
    base, atlas = synthetic_server
    assert len(atlas.trigger_points) >= 5 * 197
    urls = assert_every_state_fits(page, base, atlas, per_page=3)
    assert any(STEP in parse_qs(urlsplit(u).query).get("group", [""])[0] for u in urls), "a second level"
    shoot_at_every_width(page, shoot, {"lod-whole-body-5x": base + "/",
                                       "lod-dense-close-up-5x": densest_closeup(base, atlas, deeper=False),
                                       "lod-second-level-5x": densest_closeup(base, atlas, deeper=True)})


FOCUSED = """() => { const e = document.activeElement;
  return e.dataset.triggerPoint ? `tp ${e.dataset.triggerPoint} ${e.dataset.side}`
       : e.classList.contains('tp-cluster') ? `cluster ${e.getAttribute('href')}` : ''; }"""


def tab_to(page: Page, selector: str, text: str | None = None, limit: int = 80) -> None:
    """Press Tab until the focus is on an element matching ``selector`` (and reading ``text``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("([s, t]) => document.activeElement.matches(s)"
                         " && (t === null || document.activeElement.textContent.trim() === t)", [selector, text]):
            return
    raise AssertionError(f"Tab never reaches {selector} {text or ''}")


def press(page: Page, keys: list[str]) -> str:
    for key in keys:
        page.keyboard.press(key)
    return page.evaluate(FOCUSED)


REFOCUS = """(target) => {
  // focus a target found before by its FOCUSED name, as the keys left it
  const [kind, rest] = [target.slice(0, target.indexOf(' ')), target.slice(target.indexOf(' ') + 1)];
  const [tp, side] = rest.split(' ');
  const element = kind === 'tp'
    ? document.querySelector(`svg.body-map [data-trigger-point="${tp}"][data-side="${side}"]`)
    : [...document.querySelectorAll('svg.body-map .tp-cluster')].find((c) => c.getAttribute('href') === rest);
  element.focus();
}"""


# The targets the arrow keys move between, as map.js's one Tab stop holds them (BodyMap.targetGroup).
TARGET_COUNT = """() => [...document.querySelectorAll('svg.body-map .trigger-point, svg.body-map .tp-cluster')]
  .filter((t) => !t.hasAttribute('data-lod-hidden')).length"""


KEYS = ("ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp")


def arrow_walk(page: Page) -> dict[str, list[str]]:
    """Every target the arrow keys reach from the first (Home), with the keys that reach it, in
    the page as it is (focus on one of its targets). The walk goes on from wherever a key leaves
    the focus, as a keyboard user does, pressing there a key not yet pressed on that target; only
    where a target's four keys are all pressed does it focus one the keys reached before that has
    keys left (an arrow key reads only the target it is pressed on: static/js/roving.js). It ends
    once the keys have reached every target the page has, or have nowhere new left to try."""
    here = press(page, ["Home"])
    assert here, "Home focuses a target"
    targets = page.evaluate(TARGET_COUNT)
    paths, untried = {here: []}, {here: list(KEYS)}
    while len(paths) < targets:
        if not untried[here]:
            here = next((t for t, keys in untried.items() if keys), None)
            if here is None:
                break  # every key on every target reached: the rest is out of the keys' reach
            page.evaluate(REFOCUS, here)
        key = untried[here].pop(0)
        reached = press(page, [key])
        assert reached, f"{key} on {here} left the targets"
        if reached not in paths:
            paths[reached] = paths[here] + [key]
            untried[reached] = list(KEYS)
        here = reached
    return paths


def muscles_of(atlas, tps: set[str]) -> set[str]:
    return {atlas.muscles[atlas.trigger_points[tp.split(" ")[0]].muscle].file.name for tp in tps}


def walk_closeups(page: Page, atlas, reached: set[str]) -> set[str]:
    """From the page as it is (focus anywhere): Tab into the map, walk its targets by arrow keys,
    open each cluster with Enter and walk the close-up it opens in turn, as a keyboard user goes
    on; select a marker with Enter. Adds every trigger point reached to ``reached``; returns those
    under this page's targets. (Back to this page for the next cluster by its address, and to the
    cluster by the focus the keys gave it: Enter reads only the link it is pressed on.)"""
    url = page.url
    if not page.evaluate(FOCUSED):  # Enter on a cluster leaves the focus in its close-up
        tab_to(page, MAP_TARGETS)
    walk = arrow_walk(page)
    here = {t.split(" ", 1)[1] for t in walk if t.startswith("tp ")}
    reached |= here
    for target in walk:
        if not target.startswith("cluster "):
            continue
        if page.url != url:
            page.goto(url)
        page.evaluate(REFOCUS, target)
        badge = page.locator(":focus")
        label = badge.get_attribute("aria-label")
        count = int(re.search(r": (\d+) trigger points, open close-up$", label).group(1))
        expect(badge).to_have_accessible_name(label)
        expect(badge).to_have_role("link")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"group="))
        assert page.evaluate(FOCUSED), "focus moves into the close-up"
        inside = walk_closeups(page, atlas, reached)
        assert len(inside) == count, f"{label}: {len(inside)} reached"
        named = re.match(r"(.+?)(?: and (\d+) more muscles)?: \d+ trigger points", label)
        muscles = muscles_of(atlas, inside)  # the badge says which muscles it holds: three by name
        said = {m for m in muscles if m in named.group(1)}
        assert len(said) == min(3, len(muscles)) and len(said) + int(named.group(2) or 0) == len(muscles), label
        here |= inside
    marker = next((t for t in walk if t.startswith("tp ")), None)
    if marker is not None:  # a marker reached so is selected with Enter
        if page.url != url:
            page.goto(url)
        page.evaluate(REFOCUS, marker)
        chosen = marker.split(" ")
        expect(page.locator(":focus")).to_have_accessible_name(re.compile(rf".+, {chosen[2]} side$"))
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(rf"tp={chosen[1]}\b"))
        expect(page.locator(f"svg.body-map .trigger-point.selected[data-trigger-point='{chosen[1]}']")).to_have_count(1)
    return here


def test_the_walks_cover_every_trigger_point(atlas):
    """Each view's walk below reaches every trigger point drawn on it; every one is on a view."""
    assert VIEWS == sorted(atlas.views)
    assert [tp.id for tp in atlas.trigger_points.values() if not set(tp.entry.positions) & set(VIEWS)] == []


@pytest.mark.parametrize("view", VIEWS)
def test_keyboard_reaches_and_selects_every_trigger_point_of_every_view(page: Page, base_url, atlas, console_errors, view):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base_url}/")
    tab_to(page, "nav.tabs a", atlas.views[view].file.name)
    page.keyboard.press("Enter")  # the view's tab: the page swaps in, focus on its panel
    expect(page.locator("#panel")).to_be_focused()  # (the first view's figure is already there)
    expect(page.locator("svg.body-map")).to_have_attribute("data-view", view)
    reached: set[str] = set()
    on_view = walk_closeups(page, atlas, reached)
    assert on_view == reached == {f"{tp.id} right" for tp in atlas.trigger_points.values() if view in tp.entry.positions}
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
    _, on_map, _ = measured_targets(page)
    assert not failures(on_map) and not overlapping(on_map)
    assert page.evaluate(DRAWN_OVERLAPS) == [], "what the targets draw stays apart under the zoom too"
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


def test_zooming_further_opens_a_second_level_in_place(page: Page, synthetic_server, console_errors):
    """On a denser atlas a close-up's own clusters join the zoomed figure and part in turn; zooming
    out folds them back, and no target under the zoom is ever under 24 px or overlapping."""
    base, atlas = synthetic_server
    view = next(v for v in atlas.views if any(STEP in name for name in lod.closeups(atlas, v, (Side.RIGHT,))))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/?view={view}")
    open_more(page)
    zoom_in = page.get_by_role("button", name="Zoom in")
    seen_nested = False
    for _ in range(6):
        zoom_in.click()  # lod.js says when its targets answer the zoom (close-ups fetched, swapped in)
        page.wait_for_function("() => { const svg = document.querySelector('svg.body-map');"
                               " return svg.dataset.lodZoom === svg.dataset.zoom; }")
        _, on_map, _ = measured_targets(page)
        problems = failures(on_map) + overlapping(on_map) + page.evaluate(DRAWN_OVERLAPS)
        assert not problems, f"at zoom {page.get_attribute('svg.body-map', 'data-zoom')}: {problems[:3]}"
        seen_nested |= page.locator("svg.body-map .tp-cluster[data-revealed]:visible").count() > 0
    assert seen_nested, "a close-up's clusters joined the figure"
    open_more(page)
    page.get_by_role("button", name="Reset zoom").click()
    expect(page.locator("svg.body-map [data-revealed]:visible")).to_have_count(0)
    assert console_errors == []
