"""The upper half of the whole-body atlas (issue 11): head, neck, shoulder, arm and hand.

Each region the issue names is drawn on the views where it can be seen, each digit is a
part of its own (so a finger can be a region), and the landmarks muscles will be tied to
are named on their views.
"""

from __future__ import annotations

import pytest
import shapely

from webapp.content import geometry
from webapp.drawing import shapes
from webapp.drawing.zones import _geometry, _polygon, zone_path
from webapp.content.model import Side

from .test_zones import shape_of

DIGITS = ("thumb", "index", "middle", "ring", "little")
FINGER_PARTS = ("thumb", "index-finger", "middle-finger", "ring-finger", "little-finger")

# region stem: the views it must be drawn on
UPPER_REGIONS = {
    "vertex": {"posterior", "anterior", "lateral"},
    "eyebrow": {"anterior", "lateral"},
    "cheek": {"anterior", "lateral"},
    "ear": {"posterior", "anterior", "lateral"},
    "upper-teeth": {"anterior", "lateral"},
    "lower-teeth": {"anterior", "lateral"},
    "angle-of-jaw": {"posterior", "anterior", "lateral"},
    "throat": {"anterior", "lateral"},
    "acromion": {"posterior", "anterior", "lateral"},
    "axilla": {"posterior", "anterior", "lateral"},
    "medial-scapular-border": {"posterior"},
    "inferior-scapular-angle": {"posterior"},
    "medial-arm": {"posterior", "anterior"},
    "medial-elbow": {"posterior", "anterior"},
    "lateral-elbow": {"posterior", "anterior", "lateral"},
    "posterior-elbow": {"posterior", "lateral"},
    "thenar": {"anterior", "lateral"},
    "hypothenar": {"anterior"},
    "palm-radial": {"anterior"},
    "palm-ulnar": {"anterior"},
    "dorsal-hand-radial": {"posterior", "lateral"},
    "dorsal-hand-ulnar": {"posterior"},
    "thumb-web": {"posterior", "anterior", "lateral"},
    **{f"dorsal-{d}": {"posterior"} for d in DIGITS},
    **{f"palmar-{d}": {"anterior"} for d in DIGITS},
    "dorsal-thumb": {"posterior", "lateral"},
}

LANDMARKS = {
    "posterior": {"c7", "acromion", "scapula-spine", "scapula-inferior-angle", "mastoid", "olecranon",
                  "medial-epicondyle", "lateral-epicondyle", "radial-styloid"},
    "anterior": {"acromion", "angle-of-mandible", "medial-epicondyle", "lateral-epicondyle", "radial-styloid"},
    "lateral": {"c7", "acromion", "mastoid", "angle-of-mandible", "lateral-epicondyle", "olecranon",
                "radial-styloid"},
}


@pytest.mark.parametrize("stem", sorted(UPPER_REGIONS))
def test_each_upper_body_region_is_named_and_drawn_where_it_is_seen(atlas, stem):
    region = atlas.region_stems[stem]
    assert region.name and region.plain_name
    for view_id in UPPER_REGIONS[stem]:
        assert stem in atlas.views[view_id].file.regions, f"{stem} is not drawn on the {view_id} view"


def test_the_old_whole_hand_regions_gave_way_to_finer_ones(atlas):
    for stem in ("palm", "dorsal-hand", "palmar-fingers", "dorsal-fingers"):
        assert stem not in atlas.region_stems
    assert "palm" in atlas.region_stems["palm-radial"].aliases


@pytest.mark.parametrize("figure", ["frontal", "profile"])
def test_every_hand_has_a_thumb_and_four_fingers(atlas, figure):
    parts = next(v.figure for v in atlas.views.values() if v.file.figure == figure).parts
    for name in FINGER_PARTS:
        assert name in parts, f"{figure}: no {name}"
        stations = parts[name].stations
        tip = stations[-1]
        assert abs(tip.first[0] - tip.second[0]) < 1 and abs(tip.first[1] - tip.second[1]) < 1, \
            f"{figure}/{name}: the tip should close to a point (rounded), not end square"


@pytest.mark.parametrize("view_id", ["posterior", "anterior", "lateral"])
def test_the_landmarks_for_the_upper_body_muscles_are_named(atlas, view_id):
    view = atlas.views[view_id]
    missing = LANDMARKS[view_id] - set(view.file.landmarks)
    assert not missing, f"{view_id}: no landmark {sorted(missing)}"


@pytest.mark.parametrize("view_id", ["posterior", "anterior", "lateral"])
def test_a_zone_on_any_hand_or_head_region_is_drawn(atlas, view_id):
    """Even a region thinner than a zone's rounding (a finger seen edge-on) draws its zone."""
    view = atlas.views[view_id]
    side = shapes.drawn_side(view, Side.RIGHT)
    regions, _ = _geometry(atlas, view_id, side)
    arm_and_head = {r.id for r in atlas.regions.values() if r.area in ("arm", "head-neck")}
    for region_id in sorted(arm_and_head & set(regions)):
        assert zone_path(atlas, view_id, side, (region_id,)), f"{view_id}: {region_id} draws no zone"


def test_a_zone_on_the_chest_is_not_painted_over_the_lateral_arm(atlas):
    view = atlas.views["lateral"]
    for side in Side:
        arm = shapely.union_all([_polygon(o) for name, o in shapes.silhouette(view, side)
                                 if name in ("arm", "forearm", "hand", *FINGER_PARTS)])
        d = zone_path(atlas, "lateral", side, (f"{side.value}-lower-chest", f"{side.value}-lateral-chest"))
        assert d and shape_of(d).intersection(arm).area < 1.0


def test_no_lateral_marker_hides_under_the_arm(atlas):
    view = atlas.views["lateral"]
    arm = ("arm", "forearm", "hand", *FINGER_PARTS)
    def on_the_arm(muscle_id):  # a muscle drawn on the arm itself: its markers belong there
        outline = atlas.muscles[muscle_id].file.shapes.get("lateral", [])
        return any(geometry.contains(view.bands[part].outline(), shapes.place(view, p, view.file.drawn_side))
                   for p in outline for part in arm)

    for tp in atlas.trigger_points.values():
        if "lateral" not in tp.entry.positions or on_the_arm(tp.muscle):
            continue
        xy = shapes.place(view, tp.entry.positions["lateral"], view.file.drawn_side)
        for part in arm:
            assert not geometry.contains(view.bands[part].outline(), xy), (tp.id, part)
