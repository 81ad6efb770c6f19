"""Level of detail (webapp/drawing/lod.py): what is grouped, how close-ups are named and framed."""

from __future__ import annotations

import math
import random

from webapp.drawing import lod, targets
from webapp.drawing.frame import whole_body
from webapp.content.model import Side
from webapp.queries.state import MapState, parse_state


def test_clusters_leave_every_target_two_radii_from_every_other():
    rng = random.Random(3)
    points = [lod.Marker(f"tp{i}", Side.RIGHT, rng.uniform(0, 400), rng.uniform(0, 880)) for i in range(300)]
    clusters = lod.cluster(points, 48.0)
    assert sorted(m.tp for c in clusters for m in c.members) == sorted(m.tp for m in points)
    for i, a in enumerate(clusters):
        for b in clusters[i + 1:]:
            assert math.dist((a.x, a.y), (b.x, b.y)) >= 48.0


def test_spread_parts_markers_on_one_spot():
    same = tuple(lod.Marker(f"tp{i}", Side.LEFT, 100.0, 100.0) for i in range(5))
    places = lod.spread(same, 20.0)
    for i, a in enumerate(places):
        for b in places[i + 1:]:
            assert math.dist(a, b) >= 20.0


def test_whole_body_targets_are_24_px_on_the_smallest_figure(atlas):
    for view in atlas.views.values():
        frame = whole_body(view)
        assert lod.px_per_unit(frame) * 2 * lod.target_units(frame) >= 24.0
        assert lod.px_per_unit(frame) >= 0.5


def test_every_close_up_is_one_cluster_named_by_its_first_member(atlas):
    for view in atlas.views:
        for side in Side:
            leads = lod.closeups(atlas, view, (side,))
            assert len(leads) == len(set(leads)) <= len(atlas.trigger_points)
            for lead in leads:
                group, frame, places = targets.closeup(atlas, view, (side,), lead)
                assert group.lead.tp == lead and len(group.members) > 1
                assert frame != whole_body(atlas.views[view])
                spacing = 2 * lod.target_units(frame)
                for i, a in enumerate(places):
                    assert all(math.dist(a, b) >= spacing - 0.01 for b in places[i + 1:])


def test_a_selection_leaves_the_close_up(atlas):
    state = parse_state(atlas, {"group": "gluteus-maximus-trp1", "tp": "piriformis-trp1"})
    assert state.group is None and state.tp == "piriformis-trp1"
    closeup = MapState(view="posterior", group="gluteus-maximus-trp1")
    assert closeup.with_trigger_point("piriformis-trp1", Side.LEFT).group is None
    assert closeup.cleared().group is None and closeup.with_side(Side.LEFT).group is None


def test_an_unknown_close_up_is_a_404_naming_the_close_ups_there_are(client):
    response = client.get("/?group=soleus-trp1&view=anterior")  # a trigger point, but no cluster there
    assert response.status_code == 404
    assert b"close-up" in response.data
