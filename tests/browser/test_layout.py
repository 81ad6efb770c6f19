"""A figure that fills the screen: the whole-body figure takes most of the window, wholly on the
first screen, under one compact row of tools; on a phone it starts on the first screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

MEASURE = """() => {
  const svg = document.querySelector('svg.body-map').getBoundingClientRect();
  const body = document.querySelector('svg.body-map .figure').getBoundingClientRect();
  const items = [...document.querySelectorAll('.map-toolbar .tabs, .map-toolbar .toolbar-row > .tool:not([hidden]), #drawing-toggle, #more-toggle')]
    .map(e => e.getBoundingClientRect()).filter(b => b.width);
  return {svgTop: svg.top, svgBottom: svg.bottom, svgHeight: svg.height, bodyHeight: body.height,
          rows: new Set(items.map(b => Math.round((b.top + b.bottom) / 20))).size, right: Math.max(...items.map(b => b.right))};
}"""


@pytest.mark.parametrize("width, height", [(1280, 900), (1024, 768), (1920, 1080)])
def test_the_whole_body_figure_fills_most_of_the_first_screen(page: Page, shoot, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/?tp=gluteus-medius-trp1&side=left&frame=body")
    expect(page.locator("#more-toggle")).to_be_visible()
    m = page.evaluate(MEASURE)
    print(f"{width}x{height}: figure {m['bodyHeight'] / height:.0%} of the window (svg {m['svgHeight'] / height:.0%})")
    assert m["bodyHeight"] >= 0.65 * height, m
    assert m["svgTop"] >= 0 and m["svgBottom"] <= height, m
    assert m["rows"] == 1, m
    shoot(f"map-{width}x{height}")


def test_on_a_phone_the_figure_starts_on_the_first_screen(browser, base_url):
    from .conftest import SCREENSHOTS, capture

    context = browser.new_context(base_url=base_url, has_touch=True, is_mobile=True,
                                  viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    page.goto("/?tp=gluteus-medius-trp1&side=left")
    expect(page.locator("#more-toggle")).to_be_visible()
    m = page.evaluate(MEASURE)
    assert m["svgTop"] < 844 * 0.6, m
    assert m["right"] <= 390, m
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    capture(page, SCREENSHOTS / "map-390-phone.png")
    context.close()


# Every layout shift since the page began (buffered), each as its value and what moved.
LAYOUT_SHIFTS = """() => {
  const observer = new PerformanceObserver(() => {});
  observer.observe({type: 'layout-shift', buffered: true});
  const shifts = observer.takeRecords();
  observer.disconnect();
  return shifts.map(s => ({value: s.value, moved: s.sources.map(m => m.node?.outerHTML?.slice(0, 80))}));
}"""


@pytest.mark.parametrize("path", ["/", "/?tp=piriformis-trp1&view=posterior"])
def test_nothing_moves_when_the_scripts_start(browser, base_url, path):
    """The tools the scripts show (Pain drawing, More) have their place from the first paint, so
    the figure does not jump down on a phone or a tablet when app.js runs (Lighthouse: CLS)."""
    for width in (360, 412, 800):  # where the tools took a new line when app.js ran
        context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 823})
        page = context.new_page()
        page.goto(path)
        expect(page.locator("#more-toggle")).to_be_visible()
        assert page.evaluate(LAYOUT_SHIFTS) == [], width
        context.close()
