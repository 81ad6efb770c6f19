"""The session handout prints on one page (A4 and US Letter) for two picks and on at most two
for five, for the picks with the longest texts in the content and for pairs drawn with a seed."""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import Page

from webapp.model import plain

from .test_session import count_pdf_pages
from .test_session_tray import seed


def text_length(atlas, tp_id: str) -> int:
    """What a pick puts on the handout: its words, its zones and its muscle's self-care."""
    tp = atlas.trigger_points[tp_id]
    muscle = atlas.muscles[tp.muscle].file
    care = sum(len(plain(c.title)) + len(plain(c.dose)) + sum(len(plain(s)) for s in c.steps)
               for c in muscle.self_care.values())
    zones = len(tp.entry.refers.essential) + len(tp.entry.refers.spillover)
    return len(plain(tp.entry.location)) + len(plain(tp.entry.name)) + 25 * zones + care + len(plain(muscle.safety or ""))


def longest(atlas, count: int) -> list[tuple[str, str]]:
    """The `count` trigger points with the longest texts, one a muscle (so no self-care is shared)."""
    chosen, muscles = [], set()
    for tp_id in sorted(atlas.trigger_points, key=lambda t: -text_length(atlas, t)):
        if atlas.trigger_points[tp_id].muscle not in muscles:
            muscles.add(atlas.trigger_points[tp_id].muscle)
            chosen.append((tp_id, "left" if len(chosen) % 2 else "right"))
        if len(chosen) == count:
            return chosen
    return chosen


def pages_of(page: Page) -> dict[str, int]:
    page.emulate_media(media="print")
    counts = {paper: count_pdf_pages(page.pdf(format=paper, print_background=True)) for paper in ("A4", "Letter")}
    page.emulate_media(media="screen")
    return counts


def test_the_longest_pair_prints_on_one_page(page: Page, atlas, shoot):
    seed(page, longest(atlas, 2))
    shoot("session-handout-longest-pair", full_page=True)
    assert pages_of(page) == {"A4": 1, "Letter": 1}


def test_the_five_longest_print_on_at_most_two_pages(page: Page, atlas, shoot):
    five = longest(atlas, 5)
    assert len(five) == 5
    seed(page, five)
    shoot("session-handout-longest-five", full_page=True)
    counts = pages_of(page)
    assert max(counts.values()) <= 2, counts


@pytest.mark.parametrize("draw", range(4))
def test_pairs_drawn_with_a_fixed_seed_print_on_one_page(page: Page, atlas, draw):
    rng = random.Random(20261201 + draw)
    pair = [(tp, rng.choice(["left", "right"])) for tp in rng.sample(sorted(atlas.trigger_points), 2)]
    seed(page, pair)
    assert pages_of(page) == {"A4": 1, "Letter": 1}, pair
