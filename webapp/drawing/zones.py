"""Referral zones as smooth shapes: the union of a zone's regions, softened like a hand drawing.

Travell & Simons draw a zone as one soft-edged patch, not as a patchwork of anatomical regions.
The union of the regions is closed (seams and notches between them filled), then opened (its
corners rounded), and kept inside the figure. Computed here once, in figure units, so the page
paints a zone as a plain filled path: no filter in the browser (a blurred mask cost a frame at
4x CPU on every hover), and a saved SVG looks the same in any editor.
"""

from __future__ import annotations

from functools import lru_cache

import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from ..content.geometry import Bezier, bezier_point, polygon_path_data
from ..content.model import Atlas, Side, TriggerPoint, View
from ..queries import referral
from . import shapes

SAMPLES = 6        # points per Bezier segment when an outline becomes a polygon
STROKE = 0.75      # regions grow by half a hairline, so abutting patches overlap
CLOSE = 3.5        # gaps and notches narrower than twice this are filled
ROUND = 3.0        # convex corners get at least this radius
TOLERANCE = 0.2    # simplification, in figure units (a figure is 400 wide)


def _polygon(outline: tuple[Bezier, ...]) -> BaseGeometry:
    points = [bezier_point(seg, k / SAMPLES) for seg in outline for k in range(SAMPLES)]
    return shapely.make_valid(Polygon(points))


@lru_cache(maxsize=16)
def _layers(atlas: Atlas, view_id: str, side: Side) -> tuple[dict[str, BaseGeometry], dict[str, frozenset[str]],
                                                                dict[str, BaseGeometry], BaseGeometry]:
    """Each region of the view as seen for ``side`` (lateral views are mirrored), the figure's
    parts it lies on, what covers each part, and the figure.

    A part drawn later covers the parts before it (the lateral arm in front of the chest, the
    thumb over the palm), so a region keeps only what is not under a later part, and a zone
    on the chest is not painted over the arm. A region wholly hidden is left out."""
    view = atlas.views[view_id]
    order = {name: i for i, name in enumerate(view.bands)}
    parts = [(order[name], _polygon(outline)) for name, outline in shapes.silhouette(view, side)]
    later = {name: shapely.union_all([poly for i, poly in parts if i > rank]) for name, rank in order.items()}
    regions, on_parts = {}, {}
    for shape in shapes.region_shapes(atlas, view, side):
        patches = view.file.regions[atlas.regions[shape.region_id].stem]
        names = [p.part for p in patches] * (len(shape.segments) // len(patches))
        seen = shapely.union_all([_polygon(o).difference(later[n]) for o, n in zip(shape.segments, names)])
        if seen.area > 0.5:
            regions[shape.region_id] = seen
            on_parts[shape.region_id] = frozenset(names)
    figure = shapely.union_all([poly for _, poly in parts])
    return regions, on_parts, later, figure.buffer(STROKE)


def _geometry(atlas: Atlas, view_id: str, side: Side) -> tuple[dict[str, BaseGeometry], BaseGeometry]:
    """Each region of the view as seen for ``side``, and the figure."""
    regions, _, _, figure = _layers(atlas, view_id, side)
    return regions, figure


@lru_cache(maxsize=1024)
def _cover(atlas: Atlas, view_id: str, side: Side, names: frozenset[str]) -> BaseGeometry:
    """What lies over these parts of the figure: a view's zones lie on a few sets of parts (its
    142 regions on 17), and this union was most of a view's zone shapes when each zone made it."""
    _, _, later, _ = _layers(atlas, view_id, side)
    return shapely.union_all([later[n] for n in sorted(names)])


@lru_cache(maxsize=16384)  # room for every zone on every view and side of the whole-body content
def zone_path(atlas: Atlas, view_id: str, side: Side, region_ids: tuple[str, ...]) -> str:
    """SVG path data of the softened union of these regions ('' if none is on the view)."""
    regions, on_parts, _, figure = _layers(atlas, view_id, side)
    parts = [regions[r] for r in region_ids if r in regions]
    if not parts:
        return ""
    union = shapely.union_all(parts)
    # what lies over these regions (and is not one of them) stays unpainted
    under = frozenset().union(*(on_parts[r] for r in region_ids if r in on_parts))
    hidden = _cover(atlas, view_id, side, under).difference(union)
    shape = union.buffer(STROKE + CLOSE, quad_segs=6).buffer(-CLOSE, quad_segs=6)
    opened = shape.buffer(-ROUND, quad_segs=6).buffer(ROUND, quad_segs=6)
    # a region thinner than the rounding (a finger seen edge-on) is kept as it is, not lost
    thin = [p.buffer(STROKE) for p in parts if opened.intersection(p).area < 0.5 * p.area]
    shape = shapely.union_all([opened, *thin]).intersection(figure).difference(hidden).simplify(TOLERANCE)
    polygons = getattr(shape, "geoms", [shape])
    rings = [ring.coords for poly in polygons if isinstance(poly, Polygon) and not poly.is_empty
             for ring in (poly.exterior, *poly.interiors)]
    return polygon_path_data(rings)


def zone_paths(atlas: Atlas, view: View, side: Side, tp: TriggerPoint, tp_side: Side) -> dict[str, str]:
    """The essential and spillover shapes of a trigger point (on ``tp_side``) on a view drawn for ``side``."""
    zones = referral.zones_of(atlas, tp, tp_side)
    drawn = shapes.drawn_side(view, side)
    return {zone: zone_path(atlas, view.id, drawn, getattr(zones, zone)) for zone in referral.ZONES}


def view_zone_paths(atlas: Atlas, view: View, side: Side) -> dict[str, dict[str, str]]:
    """Every marker's shapes on a view drawn for ``side``: what a hover shows, keyed ``"<tp> <side>"``."""
    return {f"{tp.id} {s.value}": zone_paths(atlas, view, side, tp, s)
            for s in shapes.shown_sides(view, side)
            for tp in atlas.trigger_points.values() if view.id in tp.entry.positions}
