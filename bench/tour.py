"""The markers a clinician hovers and clicks: on every view's whole figure and in every close-up.

At whole-body scale the level of detail draws most trigger points as cluster badges; a badge opens
its close-up (`?group=`), where its members are markers. The tour opens each page as a clinician
does, in the same document (a view tab, then a badge: the map's own navigation, no reload), and
measures the markers drawn there. Pages are visited in turns, a few markers each, so that every
view and close-up is measured early on and a short budget still spreads over the whole figure.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

VIEW_TABS = "() => [...document.querySelectorAll('#map-nav nav.tabs:not(.sides) a')].map((a) => a.textContent.trim())"

# The badges a pointer can reach where they are drawn (none covered by another target).
CLUSTERS = """() => [...document.querySelectorAll('svg.body-map a.tp-cluster')].filter((c) => {
  const b = c.getBoundingClientRect();
  return b.width > 0 && document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2)?.closest('.tp-cluster') === c;
}).map((c) => c.getAttribute('href'))"""

# The page has its zone shapes (fetched once per view, put into each figure as it arrives).
SHAPED = """() => {
  const figure = document.getElementById('map-figure');
  return !figure?.dataset.zones || !figure.querySelector('svg.body-map .zones')
    || Boolean(figure.querySelector('svg.body-map .zone-cache'));
}"""

SWAPPED = "(old) => document.getElementById('map-figure') !== old"


@dataclass(frozen=True)
class Stop:
    """A page of the map: a view's whole figure (`cluster` None) or the close-up a badge opens."""
    view: str  # the view tab's text
    cluster: str | None = None  # the badge's address

    def __str__(self) -> str:
        return f"{self.view} {self.cluster or 'whole figure'}"


class Tour:
    """Moves one page between stops through the map's own links; `wait_until(page, js, arg)` polls."""

    def __init__(self, page, wait_until, targets_js: str):
        self.page = page
        self.wait_until = wait_until
        self.targets_js = targets_js
        self.here: Stop | None = None

    def follow(self, selector: str) -> None:
        """Click a link of the map (an in-page swap) and wait until the new page has its shapes."""
        figure = self.page.evaluate_handle("document.getElementById('map-figure')")
        self.page.locator(selector).first.click()
        self.wait_until(self.page, SWAPPED, figure)
        self.wait_until(self.page, SHAPED)

    def open(self, stop: Stop) -> None:
        if stop == self.here:
            return
        if self.here is None or self.here.view != stop.view or self.here.cluster:
            tabs = self.page.evaluate(VIEW_TABS)
            self.follow(f"#map-nav nav.tabs:not(.sides) a >> nth={tabs.index(stop.view)}")
        if stop.cluster:
            self.follow(f'svg.body-map a.tp-cluster[href="{stop.cluster}"]')
        self.here = stop
        self.page.mouse.move(4, 4)

    def discover(self) -> list[tuple[Stop, list]]:
        """Every stop with the markers a pointer can reach there, views first, then their close-ups."""
        self.wait_until(self.page, SHAPED)
        plan = []
        for view in self.page.evaluate(VIEW_TABS):
            self.open(Stop(view))
            plan.append((Stop(view), self.page.evaluate(self.targets_js)))
            clusters = self.page.evaluate(CLUSTERS)
            for cluster in clusters:
                self.open(Stop(view, cluster))
                plan.append((Stop(view, cluster), self.page.evaluate(self.targets_js)))
        return [(stop, targets) for stop, targets in plan if targets]

    def run(self, plan, action, count: int, seconds: float, per_turn: int = 4) -> tuple[list[dict], set]:
        """`action(page, targets, count, seconds)` over the plan in turns; samples and what they measured."""
        samples, measured = [], set()
        end = time.perf_counter() + seconds
        for stop, targets in turns(plan, per_turn):
            left = min(count - len(samples), len(targets))
            if left <= 0 or time.perf_counter() > end:
                break
            self.open(stop)
            got = action(self.page, targets[:left], left, end - time.perf_counter())
            samples += got
            measured.update((str(stop), *target) for target in targets[:len(got)])
        return samples, measured


def turns(plan, size: int):
    """(stop, a few of its targets) in rounds: each stop's first few, then each stop's next few..."""
    longest = max((len(targets) for _, targets in plan), default=0)
    for start in range(0, longest, size):
        for stop, targets in plan:
            if targets[start:start + size]:
                yield stop, targets[start:start + size]
