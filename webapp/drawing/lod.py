"""Level of detail: which trigger point markers a frame draws one by one, and which it groups.

Every target must be at least 24 CSS px across (WCAG 2.5.8) and no two may overlap, on the
smallest figure the page lays out: ``BOX`` CSS px, measured in Chromium at 360, 390, 1024 and
1920 px wide (the stylesheet keeps the figure at least that big). At that size a frame shows
``px_per_unit(frame)`` CSS px per figure unit, so a target needs ``target_units(frame)`` units
of radius and its centre that distance twice from every other target's.

Markers closer than that are merged, closest pair first, into a cluster: one target with a
count that opens the cluster's close-up (``?group=<lead trigger point>``). A close-up frames its
members as tightly as it needs to draw each one by one within a target of its spot (a head, a
hand), spread a little where they still crowd. Where even that leaves them too dense (five and
ten times today's content), the close-up applies the same rule again: its crowded members are
clusters of their own, each opening a deeper close-up (``?group=<lead>~<its lead>``), until
every trigger point is a target of its own. The clusters of a view and side are a pure function
of the atlas, so the close-ups are a finite set (fewer than the trigger points) that an export
or an offline cache can list (``closeups``).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import shapely

from ..content.model import Atlas, Side, View
from . import shapes
from .frame import LABEL_BAND, LEGEND_BAND, Frame, _fit, whole_body

BOX = (230.0, 512.0)  # the smallest figure, CSS px: 360 px wide with companions; min-height 32rem
TARGET_PX = 24.0
STEP = "~"  # between the steps of a close-up's name: ``group=a~b`` is cluster b inside close-up a
MIN_HEIGHTS = (300.0, 150.0, 75.0, 40.0)  # the least height of a close-up at each depth, figure units
NEAR = 1.0  # a close-up zooms in further until its members sit this near their spots (spacings)...
NUDGE = 2.0  # ...and where it can zoom no further, a crowded one is spread at most this far...
SMALL_CLUSTER = 3  # ...and a cluster of this many or fewer is spread before a larger one is


@dataclass(frozen=True)
class Marker:
    tp: str
    side: Side
    x: float
    y: float

    @property
    def key(self) -> tuple[str, str]:
        return (self.tp, self.side.value)


@dataclass(frozen=True)
class Cluster:
    """A target: one marker (``x``, ``y``: where it is drawn, spread from its spot where it
    crowds) or several, drawn as one badge at their centre that opens the close-up ``opens``."""
    members: tuple[Marker, ...]
    x: float
    y: float
    opens: str | None = None

    @property
    def lead(self) -> Marker:
        """The member that names the cluster's close-up: the first by id on the state's side."""
        return self.members[0]


@dataclass(frozen=True)
class Closeup:
    """A crowded cluster drawn larger: its members one by one, or, where they still crowd at this
    scale, in clusters of their own that open deeper close-ups (``targets``)."""
    name: str  # the ``group`` value: a step per level from the whole body, joined by ``~``
    depth: int  # 1: opened from the whole body
    members: tuple[Marker, ...]
    frame: Frame
    targets: tuple[Cluster, ...]


def px_per_unit(frame: Frame) -> float:
    """CSS px per figure unit of ``frame`` on the smallest figure the page lays out."""
    height = frame.h + (LABEL_BAND + LEGEND_BAND) * frame.scale
    return min(BOX[0] / frame.w, BOX[1] / height)


def target_units(frame: Frame) -> float:
    """The smallest target radius in figure units that is 24 CSS px across in ``frame``."""
    return TARGET_PX / 2 / px_per_unit(frame)


def markers(atlas: Atlas, view: View, sides: tuple[Side, ...]) -> tuple[Marker, ...]:
    """Every marker of ``view`` for ``sides``, the first side's first, each side by id."""
    return _markers(atlas, view.id, sides)


@lru_cache(maxsize=64)
def _markers(atlas: Atlas, view_id: str, sides: tuple[Side, ...]) -> tuple[Marker, ...]:
    view = atlas.views[view_id]
    return tuple(Marker(tp.id, side, *shapes.place(view, tp.entry.positions[view.id], side))
                 for side in sides for tp in sorted(atlas.trigger_points.values(), key=lambda t: t.id)
                 if view.id in tp.entry.positions)


DENSE = 24  # near pairs per target from which a heap of best partners beats a heap of pairs


def cluster(points: Sequence[Marker], spacing: float) -> list[Cluster]:
    """Merge the closest pair of targets (by their centroids) until all are ``spacing`` apart.

    The closest pair is the least (distance, first index, second index): the order a scan of the
    whole distance matrix takes, so equal distances always merge the same way; a merged target
    keeps the first index, at the weighted centroid. Only pairs closer than ``spacing`` merge, so
    the work starts from an R-tree's near pairs, and goes one of two ways to the same merges:
    where targets have a few near partners each (a selection's close-up), a heap of every near
    pair (``_merge_by_pairs``); where they crowd (a close-up of close-ups at ten times today's
    content: it popped 1.2 million stale pairs), a heap of each target's best partner
    (``_merge_by_best``)."""
    if not points:
        return []
    xy = np.array([(m.x, m.y) for m in points], dtype=float)
    spots = shapely.points(xy)
    first, second = shapely.STRtree(spots).query(spots, predicate="dwithin", distance=spacing * 1.001)
    first, second = first[first < second], second[first < second]
    d = np.hypot(*(xy[first] - xy[second]).T)  # as the merges work them out: the same floats
    first, second, d = first[d < spacing], second[d < spacing], d[d < spacing]
    merge = _merge_by_best if len(first) > DENSE * len(points) else _merge_by_pairs
    groups = merge(xy, first, second, d, spacing)
    return [Cluster(tuple(points[k] for k in sorted(g)), float(xy[n][0]), float(xy[n][1]))
            for n, g in enumerate(groups) if g is not None]


def _merge(xy: np.ndarray, weight: np.ndarray, groups: list, i: int, j: int) -> None:
    """Merge target ``j`` into ``i``: at their weighted centroid (``xy`` in place)."""
    xy[i] = (xy[i] * weight[i] + xy[j] * weight[j]) / (weight[i] + weight[j])
    weight[i] += weight[j]
    groups[i] += groups[j]
    groups[j] = None


def _merge_by_pairs(xy: np.ndarray, first, second, d, spacing: float) -> list[list[int] | None]:
    """``cluster``'s merges from a heap of every near pair by (distance, first, second); a merged
    target's new near pairs are pushed as it moves, and a pair is stale once either end moved."""
    n = len(xy)
    weight, groups = np.ones(n), [[i] for i in range(n)]
    alive = np.ones(n, dtype=bool)
    version = [0] * n
    heap = [(dk, i, j, 0, 0) for dk, i, j in zip(d.tolist(), first.tolist(), second.tolist())]
    heapq.heapify(heap)
    while heap:
        _, i, j, seen_i, seen_j = heapq.heappop(heap)
        if not (alive[i] and alive[j]) or (version[i], version[j]) != (seen_i, seen_j):
            continue
        _merge(xy, weight, groups, i, j)
        alive[j] = False
        version[i] += 1
        row = np.hypot(*(xy - xy[i]).T)
        row[~alive] = np.inf
        row[i] = np.inf
        near = np.flatnonzero(row < spacing)
        moved = version[i]
        for k, dk in zip(near.tolist(), row[near].tolist()):
            heapq.heappush(heap, (dk, k, i, version[k], moved) if k < i else (dk, i, k, moved, version[k]))
    return groups


def _merge_by_best(xy: np.ndarray, first, second, d, spacing: float) -> list[list[int] | None]:
    """``cluster``'s merges from a heap of one entry per target: its best partner among those
    after it (within ``spacing``), so the least entry is the closest pair. A merge moves one
    target and removes another: only the targets whose best was one of them, and those the
    moved one now comes nearer, change their entry."""
    n = len(xy)
    weight, groups = np.ones(n), [[i] for i in range(n)]
    live = np.arange(n)  # the targets still there, in index order
    nearest = np.full(n, -1)  # each target's best partner after it, within spacing (-1: none)
    gap = np.full(n, np.inf)  # and its distance
    version = [0] * n  # a heap entry is stale once its target's best has changed

    def best_after(k: int) -> tuple[float, int]:
        after = live[np.searchsorted(live, k, side="right"):]
        if not after.size:
            return np.inf, -1
        row = np.hypot(*(xy[after] - xy[k]).T)
        at = int(np.argmin(row))  # the first of equals: the least index
        return (float(row[at]), int(after[at])) if row[at] < spacing else (np.inf, -1)

    order = np.lexsort((second, d, first))  # each target's first best: by target, distance, partner
    first, second, d = first[order], second[order], d[order]
    lead = np.concatenate([[True], first[1:] != first[:-1]]) if len(first) else np.zeros(0, dtype=bool)
    nearest[first[lead]], gap[first[lead]] = second[lead], d[lead]
    heap = [(dk, k, j, 0) for dk, k, j in zip(d[lead].tolist(), first[lead].tolist(), second[lead].tolist())]
    heapq.heapify(heap)
    while heap:
        _, i, j, seen = heapq.heappop(heap)
        if groups[i] is None or seen != version[i]:  # merged away, or its best has changed
            continue
        _merge(xy, weight, groups, i, j)
        live = live[live != j]
        row = np.hypot(*(xy[live] - xy[i]).T)
        row[live == i] = np.inf
        best = nearest[live]
        lost = set(live[(best == i) | (best == j)].tolist())  # their best moved or went
        # the targets before i that i now comes nearer than their best (equals: the least index)
        was = gap[live]
        nearer = (live < i) & (row < spacing) & ((row < was) | ((row == was) & (i < best)))
        for k, dk in zip(live[nearer].tolist(), row[nearer].tolist()):  # i is now their best, whatever they had
            lost.discard(k)
            nearest[k], gap[k] = i, dk
            version[k] += 1
            heapq.heappush(heap, (dk, k, i, version[k]))
        lost.add(i)
        for k in sorted(lost):
            dk, partner = best_after(k)
            nearest[k], gap[k] = partner, dk
            version[k] += 1
            if partner >= 0:
                heapq.heappush(heap, (dk, k, partner, version[k]))
    return groups


@lru_cache(maxsize=64)
def body_clusters(atlas: Atlas, view_id: str, sides: tuple[Side, ...]) -> tuple[Cluster, ...]:
    """The targets of the whole-body view: single markers, and clusters naming their close-ups."""
    view = atlas.views[view_id]
    frame = whole_body(view)
    return _named(cluster(markers(atlas, view, sides), 2 * target_units(frame)), "", sides)


def _named(targets: list[Cluster], parent: str, sides: tuple[Side, ...]) -> tuple[Cluster, ...]:
    """``targets`` with each cluster of two or more naming the close-up it opens: the parent's
    name and a step, the cluster's first member on the state's side (``tp``), else its first
    member (``tp.side``)."""
    named = []
    for target in targets:
        if len(target.members) > 1:
            first = next((m for m in target.members if m.side == sides[0]), target.lead)
            step = first.tp if first.side == sides[0] else f"{first.tp}.{first.side.value}"
            target = replace(target, opens=f"{parent}{STEP}{step}" if parent else step)
        named.append(target)
    return tuple(named)


def _resolve(targets: tuple[Cluster, ...], step: str, sides: tuple[Side, ...]) -> Cluster | None:
    """The cluster among ``targets`` that one step of a close-up's name picks."""
    tp, _, side = step.partition(".")
    crowded = [t for t in targets if t.opens]
    if side:
        return next((t for t in crowded if (tp, side) in {m.key for m in t.members}), None)
    for wanted in (sides[0].value, None):  # the state's side first; a step without one takes any
        found = next((t for t in crowded if any(m.tp == tp and wanted in (None, m.side.value)
                                                for m in t.members)), None)
        if found:
            return found
    return None


@lru_cache(maxsize=2048)
def closeup(atlas: Atlas, view_id: str, sides: tuple[Side, ...], name: str) -> Closeup | None:
    """The close-up ``name`` names (``group=`` in a URL), or None where there is no such cluster."""
    parent, _, step = name.rpartition(STEP)
    above = closeup(atlas, view_id, sides, parent) if parent else None
    if parent and above is None:
        return None
    found = _resolve(above.targets if above else body_clusters(atlas, view_id, sides), step, sides)
    if found is None:
        return None
    return _build(atlas.views[view_id], found.members, above.depth + 1 if above else 1, found.opens, sides)


def _build(view: View, members: tuple[Marker, ...], depth: int, name: str, sides) -> Closeup:
    """A close-up of ``members``: framed around them, each a target where there is room, spread
    a little where they crowd; clusters of their own (deeper close-ups) where spreading would
    carry a member too far from its spot. Members no deeper close-up could part (on one spot, or
    as tightly framed already) are spread however far that takes them."""
    points = [(m.x, m.y) for m in members]
    depth = _depth_for(members, points, view, min(depth, len(MIN_HEIGHTS)))
    frame = _fit(points, view, MIN_HEIGHTS[depth - 1])
    parts = cluster(list(members), 2 * target_units(frame))
    stuck = [p for p in parts if len(p.members) > 1 and not _zooms_in(p, view, depth, frame)]
    for small, limit in ((len(members), NUDGE), (SMALL_CLUSTER, NUDGE), (1, NUDGE if not stuck else None)):
        shown = [Cluster((m,), m.x, m.y) for p in parts if len(p.members) <= small or p in stuck for m in p.members] \
            + [p for p in parts if len(p.members) > small and p not in stuck]
        placed = _spread_in_frame(shown, points, view, MIN_HEIGHTS[depth - 1], limit)
        if placed:
            frame, places = placed
            break
    targets = [replace(t, x=x, y=y) for t, (x, y) in zip(shown, places)]
    return Closeup(name, depth, members, frame, _named(targets, name, sides))


def _zooms_in(part: Cluster, view: View, depth: int, frame: Frame) -> bool:
    """Whether a close-up of ``part`` (one level deeper) would draw it larger than ``frame``."""
    deeper = _fit([(m.x, m.y) for m in part.members], view, MIN_HEIGHTS[min(depth, len(MIN_HEIGHTS) - 1)])
    return px_per_unit(deeper) > 1.2 * px_per_unit(frame)


def _depth_for(members: tuple[Marker, ...], points, view: View, depth: int) -> int:
    """The depth of a close-up from ``depth`` on: the first whose frame draws every member within
    one target of its spot, or the last that still frames them tighter than the one before."""
    singles = [Cluster((m,), m.x, m.y) for m in members]
    for depth in range(depth, len(MIN_HEIGHTS)):
        tighter = _fit(points, view, MIN_HEIGHTS[depth]).h < _fit(points, view, MIN_HEIGHTS[depth - 1]).h - 1
        if not tighter or _spread_in_frame(singles, points, view, MIN_HEIGHTS[depth - 1], NEAR):
            return depth
    return len(MIN_HEIGHTS)


def _spread_in_frame(shown: list[Cluster], points, view: View, min_height: float, limit: float | None):
    """A frame around ``points`` and places for ``shown`` in it, each a target apart from the
    others and inside the frame (the frame grows to hold them, which widens the spacing: a few
    rounds); None where that would move one more than ``limit`` spacings."""
    frame = _fit(points, view, min_height)
    for attempt in range(6):
        spacing = 2 * target_units(frame)
        places = spread([(t.x, t.y) for t in shown], spacing, None if limit is None else limit * spacing)
        if places is None:
            return None
        margin = spacing / 2
        inside = all(frame.x + margin <= x <= frame.x + frame.w - margin
                     and frame.y + margin <= y <= frame.y + frame.h - margin for x, y in places)
        if inside or (limit is None and attempt == 5):
            return frame, places
        frame = _fit(points + places, view, min_height)
    return None


def group_of(atlas: Atlas, view_id: str, sides: tuple[Side, ...], tp_id: str) -> Cluster | None:
    """The whole-body cluster (two or more markers) holding ``tp_id``, on the first side if it can."""
    return _resolve(body_clusters(atlas, view_id, sides), tp_id, sides)


def closeups(atlas: Atlas, view_id: str, sides: tuple[Side, ...]) -> list[str]:
    """The name of every close-up of the view, the whole body's and the deeper ones they open."""
    names, queue = [], [t.opens for t in body_clusters(atlas, view_id, sides) if t.opens]
    while queue:
        name = queue.pop(0)
        names.append(name)
        queue += [t.opens for t in closeup(atlas, view_id, sides, name).targets if t.opens]
    return names


def spread(points: list[tuple[float, float]], spacing: float, limit: float | None = None,
           rounds: int = 400) -> list[tuple[float, float]] | None:
    """Places for ``points`` at least ``spacing`` apart, each as near its spot as it can be (pairs
    that crowd push each other apart; points on one spot leave it at fixed angles); None where
    that moves one more than ``limit``, or where they do not part (too many for the room)."""
    start = np.array(points, dtype=float).reshape(-1, 2)
    xy = start.copy()
    first, second = _pairs(start, None if limit is None else spacing * 1.005 + 2 * limit)
    angle = 2.399963 * (first + second)  # golden angle: no two pairs leave the same way
    for _ in range(rounds):
        d = xy[second] - xy[first]
        gap = np.hypot(d[:, 0], d[:, 1])
        close = np.flatnonzero(gap < spacing * 1.005)  # a margin for the places' rounding in the SVG
        if not close.size:
            return [(float(x), float(y)) for x, y in xy]
        d, gap = d[close], gap[close]  # only the pairs that crowd push: the rest would add zeros
        same = gap < 1e-6
        if same.any():
            d[same] = np.stack([np.cos(angle[close][same]), np.sin(angle[close][same])], axis=1)
            gap[same] = 1.0
        push = ((spacing * 1.02 - gap) / 2 / gap * 0.6)[:, None] * d
        # each pair pushes its first end back, its second on, summed in the order np.add.at
        # would, first ends then second (the same floats), 20x faster
        ends = np.concatenate([first[close], second[close]])
        pushes = np.concatenate([-push, push])
        xy += np.stack([np.bincount(ends, pushes[:, 0], len(xy)), np.bincount(ends, pushes[:, 1], len(xy))], axis=1)
        if limit is not None and float(np.hypot(*(xy - start).T).max()) > limit:
            return None
    return _grid(start, spacing) if limit is None else None


def _pairs(start: np.ndarray, reach: float | None) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (first < second, in that order) whose points can come closer than a spacing:
    every pair, or with a ``limit`` on how far a point may move, those less than ``reach``
    apart at the start (a pair further apart never pushes, so the sums of the pushes are the
    same floats). A close-up of hundreds of members spreads them in a few of its pairs."""
    if reach is None or len(start) < 64:
        return np.triu_indices(len(start), 1)
    spots = shapely.points(start)
    first, second = shapely.STRtree(spots).query(spots, predicate="dwithin", distance=reach * 1.001)
    keep = first < second
    order = np.lexsort((second[keep], first[keep]))
    return first[keep][order], second[keep][order]


def _grid(start: np.ndarray, spacing: float) -> list[tuple[float, float]]:
    """Places on a square grid around the points' centre, in their reading order: the last
    resort for many points on one spot, and always apart."""
    side = int(np.ceil(np.sqrt(len(start))))
    order = np.lexsort((start[:, 0], start[:, 1]))
    centre = start.mean(axis=0) - (side - 1) / 2 * spacing * 1.01
    places = [None] * len(start)
    for rank, i in enumerate(order):
        row, col = divmod(rank, side)
        places[i] = (float(centre[0] + col * spacing * 1.01), float(centre[1] + row * spacing * 1.01))
    return places


def _nearest_distances(points: list[tuple[float, float]], default: float = 99.0) -> list[float]:
    """Each point's distance to the nearest point at another place (an R-tree: markers grow
    with the atlas, and comparing every pair cost 80 % of a render at 100x content)."""
    if len(points) < 2:
        return [default] * len(points)
    geoms = shapely.points(points)
    (inputs, _), distances = shapely.STRtree(geoms).query_nearest(geoms, exclusive=True, return_distance=True)
    nearest = [default] * len(points)
    for i, d in zip(inputs.tolist(), distances.tolist()):
        nearest[i] = min(nearest[i], d)
    return nearest
