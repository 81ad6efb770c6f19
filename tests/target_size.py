"""WCAG 2.5.8 Target Size (Minimum), as the success criterion and its Understanding document word it.

A target is at least 24 by 24 CSS px when a 24 px square, aligned to the axes, fits inside it (a
round target then needs 24 * sqrt(2), about 34 px, across). An undersized target passes only by
its spacing: a 24 px circle centred on its bounding box may not intersect another target, nor the
circle of another undersized target. (The criterion's other exceptions, inline links in a sentence
and user-agent controls, are left to the callers to leave out.)

Besides the criterion, the map asks more of its own targets (markers and cluster badges): none
overlaps another (``overlapping``), whatever its size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MINIMUM = 24.0
TOLERANCE = 0.5  # CSS px: sub-pixel layout rounding


@dataclass(frozen=True)
class Target:
    """A target's bounding box in CSS px (``x``, ``y``: its top left). ``round``: the target is the
    circle inscribed in the box (a marker's or a badge's hit area), else the box itself."""
    name: str
    x: float
    y: float
    w: float
    h: float
    round: bool = False

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    @property
    def sized(self) -> bool:
        """Whether a 24 px square fits inside the target."""
        least = MINIMUM * math.sqrt(2) if self.round else MINIMUM
        return min(self.w, self.h) >= least - TOLERANCE

    def distance_to(self, point: tuple[float, float]) -> float:
        """From ``point`` to the nearest point of the target (0 inside it)."""
        if self.round:
            return max(0.0, math.dist(point, self.centre) - min(self.w, self.h) / 2)
        dx = max(self.x - point[0], 0.0, point[0] - (self.x + self.w))
        dy = max(self.y - point[1], 0.0, point[1] - (self.y + self.h))
        return math.hypot(dx, dy)


def circle(name: str, x: float, y: float, r: float) -> Target:
    """A round target of radius ``r`` centred on (``x``, ``y``)."""
    return Target(name, x - r, y - r, 2 * r, 2 * r, round=True)


def failures(targets: list[Target]) -> list[str]:
    """Every way ``targets`` (all on one page) fail the criterion, as sentences; empty if none."""
    found = []
    for i, small in enumerate(targets):
        if small.sized:
            continue
        for j, other in enumerate(targets):
            if j == i:
                continue
            if other.distance_to(small.centre) < MINIMUM / 2 - TOLERANCE:
                found.append(f"{small.name!r} ({small.w:.1f} x {small.h:.1f} px): its 24 px circle "
                             f"intersects {other.name!r}")
            elif j < i and not other.sized and math.dist(small.centre, other.centre) < MINIMUM - TOLERANCE:
                found.append(f"{small.name!r} and {other.name!r}: undersized, their 24 px circles intersect")
    return found


def overlapping(targets: list[Target]) -> list[str]:
    """Pairs of round targets (the map's) whose areas overlap."""
    found = []
    for i, a in enumerate(targets):
        for b in targets[i + 1:]:
            if math.dist(a.centre, b.centre) < (a.w + b.w) / 2 - TOLERANCE:
                found.append(f"{a.name!r} overlaps {b.name!r}")
    return found
