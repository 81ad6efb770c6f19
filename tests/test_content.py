"""The real content: complete, consistent, and the atlas fine enough for the pelvis."""

from __future__ import annotations

import pytest

from webapp import geometry
from webapp.model import Side

PELVIS_POSTERIOR = [
    "sacrum", "coccyx", "left-sacroiliac-joint", "right-sacroiliac-joint", "left-posterior-iliac-crest",
    "left-upper-buttock", "left-middle-buttock", "left-lower-buttock", "left-greater-trochanter",
    "left-upper-lateral-thigh", "left-lower-lateral-thigh", "left-upper-posterior-thigh",
    "left-lower-posterior-thigh", "left-lower-lumbar-paraspinal",
]


def paired_on(atlas, view_id):
    return [s for s in atlas.views[view_id].file.regions if atlas.region_stems[s].pairing == "paired"]


@pytest.mark.parametrize("view_id", ["posterior", "anterior"])
def test_front_and_back_views_name_at_least_40_regions_a_side(atlas, view_id):
    assert len(paired_on(atlas, view_id)) >= 40


def test_every_region_has_both_voices_and_is_drawn(atlas):
    for region in atlas.regions.values():
        assert region.name and region.plain_name
        assert region.views, f"{region.id} is on no view"


def test_pelvis_is_mapped_finely_on_the_posterior_view(atlas):
    for region_id in PELVIS_POSTERIOR:
        assert "posterior" in atlas.regions[region_id].views, region_id
    assert "anterior" in atlas.regions["left-groin"].views


def test_paired_regions_exist_on_both_sides_with_their_side_named(atlas):
    left, right = atlas.regions["left-sacroiliac-joint"], atlas.regions["right-sacroiliac-joint"]
    assert (left.side, right.side) == (Side.LEFT, Side.RIGHT)
    assert left.name.startswith("Left ") and right.plain_name.endswith("right side")
    assert atlas.regions["sacrum"].side is None


def _coverage(view, part_name, samples=14):
    """How many patches of the view cover each sample point of a part, in band space."""
    band = view.bands[part_name]
    last = len(band.names) - 1
    counts = {}
    for i in range(samples * last):
        along = (i + 0.5) / samples
        for j in range(samples):
            across = (j + 0.5) / samples
            counts[(along, across)] = 0
    for patches in view.file.regions.values():
        for patch in patches:
            if patch.part != part_name:
                continue
            a, b = band.index(patch.start), band.index(patch.end)
            (s0, s1), (e0, e1) = geometry.across_pairs(patch)
            for (along, across) in counts:
                if a <= along < b:
                    k = (along - a) / (b - a)
                    lo, hi = s0 + (e0 - s0) * k, s1 + (e1 - s1) * k
                    if lo <= across < hi:
                        counts[(along, across)] += 1
    return counts


@pytest.mark.parametrize("view_id", ["posterior", "anterior", "lateral"])
def test_regions_tile_every_part_without_gaps_or_overlaps(atlas, view_id):
    view = atlas.views[view_id]
    for part_name in view.figure.parts:
        counts = _coverage(view, part_name)
        gaps = [k for k, n in counts.items() if n == 0]
        overlaps = [k for k, n in counts.items() if n > 1]
        assert not gaps, f"{view_id}/{part_name}: {len(gaps)} sample points in no region, e.g. {gaps[:3]}"
        assert not overlaps, f"{view_id}/{part_name}: {len(overlaps)} points in two regions, e.g. {overlaps[:3]}"


def test_every_trigger_point_is_sourced_and_refers_to_drawn_regions(atlas):
    for tp in atlas.trigger_points.values():
        assert tp.entry.source.ref in atlas.sources
        for zone in ("essential", "spillover"):
            for entry in getattr(tp.entry.refers, zone):
                stem = entry if isinstance(entry, str) else entry.region
                assert atlas.regions[f"left-{stem}" if atlas.region_stems[stem].pairing == "paired" else stem].views


def test_gluteus_medius_carries_its_card(atlas):
    muscle = atlas.muscles["gluteus-medius"].file
    assert muscle.innervation.roots == ["L4", "L5", "S1"]
    assert [tp.label for tp in muscle.trigger_points] == ["TrP1", "TrP2", "TrP3"]
    assert {a.fibres for a in muscle.actions} >= {"Anterior fibres", "Posterior fibres"}
    assert set(muscle.self_care) == {"strengthen", "stretch", "self_release"}
    conditions = {d.condition for d in muscle.differentials}
    assert {"greater-trochanteric-pain-syndrome", "sacroiliac-joint-dysfunction", "hip-osteoarthritis",
            "lumbar-spine-pain", "low-back-muscle-trigger-points"} <= conditions
