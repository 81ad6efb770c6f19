"""Where things are drawn on a view, for one side: outlines, regions, points, details.

Pure geometry on top of :mod:`webapp.content.geometry`. A bilateral view (posterior, anterior)
is written as one half and mirrored for the other side; a unilateral view (lateral) is
written for one side and mirrored as a whole to show the other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from ..content import geometry
from ..content.geometry import Bezier
from ..content.model import Atlas, Placement, Side, View
from ..content.reference_checks import resolve


@dataclass(frozen=True)
class RegionShape:
    region_id: str
    segments: tuple[tuple[Bezier, ...], ...]  # one closed outline per patch


def mirrored(view: View, side: Side) -> bool:
    """Whether ``side`` is drawn as the mirror image of what the view file describes."""
    return side != view.file.drawn_side


def place(view: View, point: Placement, side: Side) -> geometry.Point:
    xy = resolve(point, view.file)
    return geometry.mirror_point(xy, view.figure.axis) if mirrored(view, side) else xy


def _flip(view: View, segments, flip: bool) -> tuple:
    return tuple(geometry.mirror_segments(segments, view.figure.axis)) if flip else tuple(segments)


def shown_sides(view: View, side: Side) -> tuple[Side, ...]:
    """The sides of the body a view shows: both for bilateral views, else the chosen one."""
    return tuple(Side) if view.file.layout == "bilateral" else (side,)


def drawn_side(view: View, side: Side) -> Side:
    """The side a view's geometry depends on: bilateral views draw both sides whichever is chosen."""
    return view.file.drawn_side if view.file.layout == "bilateral" else side


def silhouette(view: View, side: Side) -> list[tuple[str, tuple[Bezier, ...]]]:
    """(part name, outline) for every part drawn on the view."""
    return [part for s in shown_sides(view, side) for part in silhouette_of(view, s)]


def silhouette_of(view: View, side: Side) -> list[tuple[str, tuple[Bezier, ...]]]:
    """(part name, outline) of every part on one side of the body."""
    flip = mirrored(view, side)
    return [(name, _flip(view, band.outline(), flip)) for name, band in view.bands.items()]


def region_shapes(atlas: Atlas, view: View, side: Side) -> tuple[RegionShape, ...]:
    """The clickable regions of a view, each with its patches on the shown side(s): worked out
    once per view and side (every close-up frames its zone's regions)."""
    return _region_shapes(atlas, view.id, side)


@lru_cache(maxsize=64)
def _region_shapes(atlas: Atlas, view_id: str, side: Side) -> tuple[RegionShape, ...]:
    view = atlas.views[view_id]
    bands = view.bands
    shapes = []
    for stem, patches in view.file.regions.items():
        raw = [tuple(bands[p.part].patch(p)) for p in patches]
        if atlas.region_stems[stem].pairing == "midline":
            sides = shown_sides(view, side)
            outlines = tuple(_flip(view, seg, mirrored(view, s)) for s in sides for seg in raw)
            shapes.append(RegionShape(stem, outlines))
            continue
        for s in shown_sides(view, side):
            outlines = tuple(_flip(view, seg, mirrored(view, s)) for seg in raw)
            shapes.append(RegionShape(f"{s.value}-{stem}", outlines))
    return tuple(shapes)


def details(view: View, side: Side) -> list[tuple[str, tuple[Bezier, ...], bool]]:
    """Anatomical lines (kind, segments, closed) on the shown side(s)."""
    out = []
    for detail in view.file.details:
        sides = shown_sides(view, side) if detail.mirror else (view.file.drawn_side if view.file.layout == "bilateral" else side,)
        for s in sides:
            points = [place(view, p, s) for p in detail.points]
            out.append((detail.kind, tuple(geometry.catmull_rom(points, closed=detail.closed)), detail.closed))
    return out


def muscle_outline(view: View, points: list[Placement], side: Side) -> tuple[Bezier, ...]:
    return tuple(geometry.catmull_rom([place(view, p, side) for p in points], closed=True))


def along(points: list[geometry.Point], t: float) -> geometry.Point:
    """The point a fraction ``t`` of the way along a polyline (by length)."""
    if len(points) == 1:
        return points[0]
    lengths = [math.dist(a, b) for a, b in zip(points, points[1:])]
    target = t * sum(lengths)
    for (a, b), length in zip(zip(points, points[1:]), lengths):
        if target <= length or length == 0:
            return geometry.lerp(a, b, target / length if length else 0)
        target -= length
    return points[-1]


def fibre_lines(view: View, fibres, side: Side) -> list[tuple[geometry.Point, geometry.Point]]:
    """Evenly spread fibres from along the origin to along the insertion."""
    origin = [place(view, p, side) for p in fibres.origin]
    insertion = [place(view, p, side) for p in fibres.insertion]
    n = fibres.count
    return [(along(origin, (i + 0.5) / n), along(insertion, (i + 0.5) / n)) for i in range(n)]
