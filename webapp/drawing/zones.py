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

from .. import referral
from ..geometry import Bezier, bezier_point, polygon_path_data
from ..model import Atlas, Side, TriggerPoint, View
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
def _geometry(atlas: Atlas, view_id: str, side: Side) -> tuple[dict[str, BaseGeometry], BaseGeometry]:
    """Each region of the view as drawn for ``side`` (lateral views are mirrored), and the figure."""
    view = atlas.views[view_id]
    regions = {shape.region_id: shapely.union_all([_polygon(o) for o in shape.segments])
               for shape in shapes.region_shapes(atlas, view, side)}
    figure = shapely.union_all([_polygon(outline) for _, outline in shapes.silhouette(view, side)])
    return regions, figure.buffer(STROKE)


@lru_cache(maxsize=4096)
def zone_path(atlas: Atlas, view_id: str, side: Side, region_ids: tuple[str, ...]) -> str:
    """SVG path data of the softened union of these regions ('' if none is on the view)."""
    regions, figure = _geometry(atlas, view_id, side)
    parts = [regions[r] for r in region_ids if r in regions]
    if not parts:
        return ""
    shape = shapely.union_all(parts).buffer(STROKE + CLOSE, quad_segs=6).buffer(-CLOSE, quad_segs=6)
    shape = shape.buffer(-ROUND, quad_segs=6).buffer(ROUND, quad_segs=6)
    shape = shape.intersection(figure).simplify(TOLERANCE)
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
