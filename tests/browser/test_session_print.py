"""The session handout prints on one page (A4 and US Letter) for two picks and on at most two
for five, for the picks with the longest texts in the content and for pairs drawn with a seed."""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import Page

from .test_session import count_pdf_pages, prints_on_one_page
from .test_session_tray import seed


MEASURED: dict[str, float] = {}
HEIGHTS = """async (tps) => {
  // each trigger point on a session handout of its own, written in this page by the page's own
  // module (the one app.js loaded) from the session storage, as a fresh load writes it
  const loaded = performance.getEntriesByType('resource').find((e) => e.name.includes('/session-handout.js'));
  const { writeHandout } = await import(loaded.name);
  const sheet = document.querySelector('[data-session-handout]');
  const session = JSON.parse(sessionStorage.getItem('referral-map.session'));
  // the same whole-atlas files for every handout: fetched once, each handout reading a copy of
  // the same response (a handout of its own fetches them once too), not 197 times
  const fetched = window.fetch, kept = new Map();
  window.fetch = (url, options) => {
    if (!kept.has(url)) kept.set(url, fetched(url, options));
    return kept.get(url).then((response) => response.clone());
  };
  const heights = {};
  for (const tp of tps) {
    sessionStorage.setItem('referral-map.session', JSON.stringify({...session, picks: [{tp, side: 'left'}]}));
    await writeHandout(sheet);
    heights[tp] = ['.handout-care', '.session-text']
      .reduce((sum, s) => sum + document.querySelector(s).getBoundingClientRect().height, 0);
  }
  window.fetch = fetched;
  return heights;
}"""


def heights(page: Page, atlas) -> dict[str, float]:
    """How tall each trigger point's texts and its muscle's self-care print on a handout of its own."""
    if not MEASURED:
        seed(page, [(next(iter(atlas.trigger_points)), "left")])
        page.emulate_media(media="print")
        MEASURED.update(page.evaluate(HEIGHTS, list(atlas.trigger_points)))
        page.emulate_media(media="screen")
    return MEASURED


def longest(page: Page, atlas, count: int) -> list[tuple[str, str]]:
    """The `count` trigger points whose texts print tallest, one a muscle (no self-care shared)."""
    sizes = heights(page, atlas)
    chosen, muscles = [], set()
    for tp_id in sorted(atlas.trigger_points, key=lambda t: -sizes[t]):
        if atlas.trigger_points[tp_id].muscle not in muscles:
            muscles.add(atlas.trigger_points[tp_id].muscle)
            chosen.append((tp_id, "left" if len(chosen) % 2 else "right"))
        if len(chosen) == count:
            break
    return chosen


def pages_of(page: Page) -> dict[str, int]:
    page.emulate_media(media="print")
    counts = {paper: count_pdf_pages(page.pdf(format=paper, print_background=True)) for paper in ("A4", "Letter")}
    page.emulate_media(media="screen")
    return counts


def test_the_longest_pair_prints_on_one_page(page: Page, atlas, shoot):
    pair = longest(page, atlas, 2)
    seed(page, pair)
    shoot("session-handout-longest-pair", full_page=True)
    counts = pages_of(page)
    print("longest pair", pair, counts)
    assert counts == {"A4": 1, "Letter": 1}


def test_the_five_longest_print_on_at_most_two_pages(page: Page, atlas, shoot):
    five = longest(page, atlas, 5)
    assert len(five) == 5
    seed(page, five)
    shoot("session-handout-longest-five", full_page=True)
    counts = pages_of(page)
    print("five longest", five, counts)
    assert max(counts.values()) <= 2, counts
    page.emulate_media(media="print")  # where it takes two pages, the quick check says so too
    assert {paper: prints_on_one_page(page, paper) for paper in counts} == {p: n == 1 for p, n in counts.items()}
    assert 2 in counts.values(), "five picks' texts fill a second page: the quick check is tried both ways"


@pytest.mark.parametrize("draw", range(4))
def test_pairs_drawn_with_a_fixed_seed_print_on_one_page(page: Page, atlas, draw):
    rng = random.Random(20261201 + draw)
    pair = [(tp, rng.choice(["left", "right"])) for tp in rng.sample(sorted(atlas.trigger_points), 2)]
    seed(page, pair)
    assert pages_of(page) == {"A4": 1, "Letter": 1}, pair
