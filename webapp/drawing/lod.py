"""Level of detail: which trigger point markers a frame draws one by one, and which it groups.

Every target must be at least 24 CSS px across (WCAG 2.5.8) and no two may overlap, on the
smallest figure the page lays out: ``BOX`` CSS px, measured in Chromium at 360, 390, 1024 and
1920 px wide (the stylesheet keeps the figure at least that big). At that size a frame shows
``px_per_unit(frame)`` CSS px per figure unit, so a target needs ``target_units(frame)`` units
of radius and its centre that distance twice from every other target's.

Markers closer than that are merged, closest pair first, into a cluster: one target with a
count that opens the cluster's close-up (``?group=<lead trigger point>``), where its members are
drawn one by one, spread apart where they still crowd. The clusters of a view and side are a pure
function of the atlas, so the close-ups are a small, finite set (at most one per trigger point)
that an export or an offline cache can list (``closeups``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely

from ..content.model import Atlas, Side, View
from . import shapes
from .frame import LABEL_BAND, LEGEND_BAND, PAD, Frame, whole_body

BOX = (230.0, 512.0)  # the smallest figure, CSS px: 360 px wide with companions; min-height 32rem
TARGET_PX = 24.0


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
    members: tuple[Marker, ...]
    x: float
    y: float

    @property
    def lead(self) -> Marker:
        """The member that names the cluster's close-up: the first by id on the state's side."""
        return self.members[0]


def px_per_unit(frame: Frame) -> float:
    """CSS px per figure unit of ``frame`` on the smallest figure the page lays out."""
    height = frame.h + (LABEL_BAND + LEGEND_BAND) * frame.scale
    return min(BOX[0] / frame.w, BOX[1] / height)


def target_units(frame: Frame) -> float:
    """The smallest target radius in figure units that is 24 CSS px across in ``frame``."""
    return TARGET_PX / 2 / px_per_unit(frame)


def markers(atlas: Atlas, view: View, sides: tuple[Side, ...]) -> list[Marker]:
    """Every marker of ``view`` for ``sides``, the first side's first, each side by id."""
    return [Marker(tp.id, side, *shapes.place(view, tp.entry.positions[view.id], side))
            for side in sides for tp in sorted(atlas.trigger_points.values(), key=lambda t: t.id)
            if view.id in tp.entry.positions]


def cluster(points: list[Marker], spacing: float) -> list[Cluster]:
    """Merge the closest pair of targets (by their centroids) until all are ``spacing`` apart."""
    if not points:
        return []
    xy = np.array([(m.x, m.y) for m in points], dtype=float)
    weight = np.ones(len(points))
    groups: list[list[int] | None] = [[i] for i in range(len(points))]
    dist = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(dist, np.inf)
    while True:
        flat = int(np.argmin(dist))
        i, j = divmod(flat, len(points))
        if not dist[i, j] < spacing:
            break
        i, j = min(i, j), max(i, j)
        xy[i] = (xy[i] * weight[i] + xy[j] * weight[j]) / (weight[i] + weight[j])
        weight[i] += weight[j]
        groups[i] += groups[j]
        groups[j] = None
        dist[j, :] = dist[:, j] = np.inf
        row = np.hypot(*(xy - xy[i]).T)
        row[[k for k, g in enumerate(groups) if g is None or k == i]] = np.inf
        dist[i, :] = dist[:, i] = row
    return [Cluster(tuple(points[k] for k in sorted(g)), float(xy[n][0]), float(xy[n][1]))
            for n, g in enumerate(groups) if g is not None]


@lru_cache(maxsize=64)
def body_clusters(atlas: Atlas, view_id: str, sides: tuple[Side, ...]) -> tuple[Cluster, ...]:
    """The targets of the whole-body view: single markers and clusters."""
    view = atlas.views[view_id]
    frame = whole_body(view)
    return tuple(cluster(markers(atlas, view, sides), 2 * target_units(frame)))


def group_of(atlas: Atlas, view_id: str, sides: tuple[Side, ...], tp_id: str) -> Cluster | None:
    """The whole-body cluster (two or more markers) holding ``tp_id``, on the first side if it can."""
    found = [c for c in body_clusters(atlas, view_id, sides) if len(c.members) > 1
             for m in c.members if m.tp == tp_id]
    found.sort(key=lambda c: c.lead.side != sides[0])
    return found[0] if found else None


def closeups(atlas: Atlas, view_id: str, sides: tuple[Side, ...]) -> list[str]:
    """The lead trigger point of every close-up of the view (the ``group`` values links use)."""
    return [c.lead.tp for c in body_clusters(atlas, view_id, sides) if len(c.members) > 1]


def spread(members: tuple[Marker, ...], spacing: float, rounds: int = 200) -> list[tuple[float, float]]:
    """Places for ``members`` at least ``spacing`` apart, each as near its marker as it can be
    (pairs that crowd push each other apart; markers on one spot leave it at fixed angles)."""
    xy = np.array([(m.x, m.y) for m in members], dtype=float)
    n = len(xy)
    for _ in range(rounds):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                d = xy[j] - xy[i]
                gap = float(np.hypot(*d))
                if gap >= spacing * 1.001:
                    continue
                if gap < 1e-6:
                    angle = 2.399963 * (i + j)  # golden angle: no two pairs leave the same way
                    d, gap = np.array([np.cos(angle), np.sin(angle)]), 1.0
                push = (spacing * 1.01 - gap) / 2 * d / gap
                xy[i] -= push
                xy[j] += push
                moved = True
        if not moved:
            break
    return [(float(x), float(y)) for x, y in xy]


def fit_group(members: tuple[Marker, ...], view: View, fit) -> tuple[Frame, list[tuple[float, float]]]:
    """The close-up frame of a cluster and where each member is drawn in it: the frame fits the
    members, then the places they need to be one target each (a few rounds: the frame's scale
    sets the spacing)."""
    points = [(m.x, m.y) for m in members]
    frame = fit(points, view)
    places = points
    for _ in range(4):
        places = spread(members, 2 * target_units(frame))
        inside = all(frame.x + PAD / 2 <= x <= frame.x + frame.w - PAD / 2
                     and frame.y + PAD / 2 <= y <= frame.y + frame.h - PAD / 2 for x, y in places)
        if inside:
            break
        frame = fit(points + places, view)
    return frame, places


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
