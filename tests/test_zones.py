"""Zone shapes: the softened union of a zone's regions, as path data (webapp/drawing/zones.py)."""

from __future__ import annotations

import re

import pytest
import shapely
from shapely.geometry import Polygon

from webapp.queries import referral
from webapp.drawing import shapes
from webapp.drawing.zones import ROUND, STROKE, _geometry, view_zone_paths, zone_path
from webapp.content.geometry import polygon_path_data
from webapp.content.model import Side

COMMAND = re.compile(r"([MlLz])([^MlLz]*)")
NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)")


def rings_of(d: str) -> list[list[tuple[float, float]]]:
    """Parse the path data zones.py writes: ``M x y`` then relative ``l`` pairs, ``z``."""
    rings, ring = [], []
    for command, args in COMMAND.findall(d):
        numbers = [float(n) for n in NUMBER.findall(args)]
        if command == "M":
            ring = [(numbers[0], numbers[1])]
        elif command == "l":
            for dx, dy in zip(numbers[::2], numbers[1::2]):
                x, y = ring[-1]
                ring.append((round(x + dx, 1), round(y + dy, 1)))
        elif command == "z":
            rings.append(ring)
    return rings


def shape_of(d: str):
    """Even-odd area of the rings, as SVG fills it (holes are rings inside rings)."""
    area = Polygon()
    for ring in rings_of(d):
        area = area.symmetric_difference(shapely.make_valid(Polygon(ring)))
    return area


def cases(atlas):
    for view in atlas.views.values():
        for side in Side:
            for tp in atlas.trigger_points.values():
                for tp_side in shapes.shown_sides(view, side):
                    for zone in referral.ZONES:
                        ids = getattr(referral.zones_of(atlas, tp, tp_side), zone)
                        yield view, side, ids


def test_path_data_round_trips_rings_in_tenths():
    square = [(10.04, 20.0), (30.0, 20.0), (30.0, 40.06), (10.0, 40.0), (10.04, 20.0)]
    d = polygon_path_data([square, [(1, 1), (1, 1), (2, 2)]])  # a degenerate ring is dropped
    assert d == "M10 20l20 0 0 20.1-20-.1z"
    assert rings_of(d) == [[(10, 20), (30, 20), (30, 40.1), (10, 40)]]


def test_every_zone_covers_its_regions_and_stays_on_the_figure(atlas):
    checked = 0
    for view, side, ids in cases(atlas):
        regions, figure = _geometry(atlas, view.id, shapes.drawn_side(view, side))
        on_view = [regions[r] for r in ids if r in regions]
        d = zone_path(atlas, view.id, shapes.drawn_side(view, side), ids)
        if not on_view:
            assert d == ""
            continue
        zone = shape_of(d)
        union = shapely.union_all(on_view)
        # every region is inside, but for what the rounding shaves off corners and thin spikes
        assert union.buffer(-ROUND - 0.3).difference(zone).area < max(6.0, 0.01 * union.area), (view.id, ids)
        for region in on_view:
            assert zone.contains(region.representative_point()), (view.id, ids)
        # it grows into gaps and notches only, and never off the figure
        assert zone.area <= union.area * 1.35 + 60, (view.id, ids)
        assert zone.difference(figure.buffer(0.2)).area < 0.5, (view.id, ids)
        checked += 1
    assert checked > 200


def test_a_zone_does_not_reach_regions_it_does_not_name(atlas):
    view = atlas.views["posterior"]
    regions, _ = _geometry(atlas, view.id, shapes.drawn_side(view, Side.RIGHT))
    tp = atlas.trigger_points["gluteus-medius-trp1"]
    zones = referral.zones_of(atlas, tp, Side.RIGHT)
    named = set(zones.essential)
    essential = shape_of(zone_path(atlas, view.id, view.file.drawn_side, zones.essential))
    for region_id, region in regions.items():
        if region_id not in named:
            assert not essential.contains(region.representative_point()), region_id
    assert not essential.intersects(regions["left-upper-buttock"].buffer(-STROKE - 1))


@pytest.mark.parametrize("view_id", ["posterior", "anterior", "lateral"])  # plantar: no trigger point on it yet
def test_every_marker_of_a_view_has_its_shapes(atlas, view_id):
    view = atlas.views[view_id]
    for side in Side:
        found = view_zone_paths(atlas, view, side)
        expected = {f"{tp.id} {s.value}" for s in shapes.shown_sides(view, side)
                    for tp in atlas.trigger_points.values() if view_id in tp.entry.positions}
        assert set(found) == expected
        assert all(set(z) == set(referral.ZONES) for z in found.values())
        assert any(z["essential"] for z in found.values())


def test_the_api_serves_a_views_shapes_and_names_unknown_ids(client, atlas):
    body = client.get("/api/zone-shapes/lateral/left").get_json()
    assert body["view"] == "lateral" and body["side"] == "left"
    assert body["zones"] == view_zone_paths(atlas, atlas.views["lateral"], Side.LEFT)
    assert body["zones"] != view_zone_paths(atlas, atlas.views["lateral"], Side.RIGHT)  # mirrored
    missing = client.get("/api/zone-shapes/lateal/left")
    assert missing.status_code == 404 and missing.get_json()["suggestions"][0] == "lateral"
    missing = client.get("/api/zone-shapes/lateral/up")
    assert missing.status_code == 404 and missing.get_json()["kind"] == "side"


def test_the_map_names_the_shapes_of_its_view(client):
    page = client.get("/?view=lateral&side=left").get_data(as_text=True)
    assert 'data-zones="/api/zone-shapes/lateral/left"' in page
    # bilateral views draw both sides whichever is chosen: one address for both
    left = client.get("/?side=left").get_data(as_text=True)
    right = client.get("/").get_data(as_text=True)
    assert re.search(r'data-zones="([^"]+)"', left).group(1) == re.search(r'data-zones="([^"]+)"', right).group(1)
