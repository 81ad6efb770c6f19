"""After one visit the map keeps working with no network: the service worker serves it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

# one worker renders every precached state once (the session app keeps them) for all three
pytestmark = pytest.mark.xdist_group("precache")

TP1 = "[data-trigger-point='gluteus-medius-trp1']"
READY = """async () => {
  const timeout = new Promise((done) => setTimeout(() => done(null), 90000));
  const registration = await Promise.race([navigator.serviceWorker.ready, timeout]);
  if (!registration) return 'no service worker within 90 s';
  const worker = registration.active;
  if (worker.state !== 'activated') {
    await new Promise((done) => worker.addEventListener('statechange', () => worker.state === 'activated' && done()));
  }
  return worker.state;
}"""


def zones(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "svg.body-map [data-zone]", "els => Object.fromEntries(els.map(e => [e.dataset.region, e.dataset.zone]))")


def test_the_map_works_offline_after_the_first_visit(browser, base_url, precached):
    context = browser.new_context(base_url=base_url, service_workers="allow", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/?side=left&group=gluteus-maximus-trp1")  # a cluster's close-up: TrP1 is a target there
    assert page.evaluate(READY) == "activated"  # installed: everything precached
    context.set_offline(True)
    page.reload()
    expect(page.locator("svg.body-map")).to_be_visible()
    page.locator("#drawing-toggle").wait_for(state="visible")  # the modules came from the cache
    page.hover(TP1)
    assert zones(page)["left-sacroiliac-joint"] == "essential"
    page.click(TP1)
    expect(page).to_have_url(re.compile(r"tp=gluteus-medius-trp1"))
    expect(page.locator("#panel-title")).to_have_text(re.compile(r"Gluteus medius\s+TrP1"))
    # modules the first visit never loaded (they load on first use) come from the precache
    page.locator("#search-q").press_sequentially("pirif")
    expect(page.locator("#search-options [role=option]").first).to_contain_text("Piriformis")
    page.keyboard.press("Escape")
    page.click("#drawing-toggle")
    expect(page.locator("#drawing")).to_be_visible()
    page.goto("/muscles/piriformis")
    expect(page.locator("h1")).to_have_text(re.compile("Piriformis"))
    page.goto("/?view=lateral")
    expect(page.locator("svg.body-map")).to_have_attribute("data-view", "lateral")
    assert errors == []
    context.close()
