"""The real content: complete, consistent, and the atlas fine enough for the pelvis."""

from __future__ import annotations

import pytest

from webapp.content import geometry
from webapp.content.model import Side

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


@pytest.mark.parametrize("view_id", ["posterior", "anterior", "lateral", "plantar"])
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


def _side_of(region_id):
    return region_id.split("-", 1)[0] if region_id.startswith(("left-", "right-")) else "midline"


def test_every_referral_exists_on_a_view_and_obeys_its_side_rule(atlas):
    from webapp.queries import referral

    for tp in atlas.trigger_points.values():
        for side in Side:
            zones = referral.zones_of(atlas, tp, side)
            for zone in ("essential", "spillover"):
                for entry in getattr(tp.entry.refers, zone):
                    stem, rule = (entry, "same") if isinstance(entry, str) else (entry.region, entry.side or "same")
                    placed = [r for r in getattr(zones, zone) if atlas.regions[r].stem == stem]
                    sides = {_side_of(r) for r in placed}
                    if atlas.region_stems[stem].pairing == "midline":
                        assert sides == {"midline"}, (tp.id, stem)
                    else:
                        want = {"same": {side.value}, "opposite": {side.other.value},
                                "both": {side.value, side.other.value}}[rule]
                        assert sides == want, (tp.id, side, stem, rule, sides)
                    assert all(atlas.regions[r].views for r in placed), (tp.id, stem)


def test_the_lumbopelvic_atlas_is_complete(atlas):
    assert len(atlas.muscles) >= 22 and len(atlas.trigger_points) >= 50
    assert all(tp.entry.source.ref in atlas.sources for tp in atlas.trigger_points.values())


@pytest.mark.parametrize("region_id, expected", [
    # each from the Travell & Simons chapter the muscle file cites
    ("left-greater-trochanter", {"quadratus-lumborum-superficial-lower", "tensor-fasciae-latae-trp1"}),
    ("left-middle-buttock", {"gluteus-medius-trp2", "iliocostalis-lumborum-upper-lumbar",
                             "longissimus-thoracis-lower-thoracic"}),
    ("left-lower-buttock", {"quadratus-lumborum-deep-lower", "semitendinosus-semimembranosus-semitendinosus"}),
    ("left-upper-posterior-thigh", {"gluteus-minimus-posterior"}),
    ("left-lower-lumbar-paraspinal", {"iliopsoas-psoas", "gluteus-medius-trp3"}),
    ("left-sacroiliac-joint", {"gluteus-medius-trp1", "quadratus-lumborum-deep-upper", "soleus-trp3"}),
])
def test_pain_regions_list_what_the_sources_say_refers_there_as_essential(atlas, region_id, expected):
    from webapp.queries import referral

    essential = {r.trigger_point.id for r in referral.referrers_of(atlas, region_id)
                 if r.zone == "essential" and r.side.value == "left"}
    assert expected <= essential, expected - essential


def test_every_pelvic_region_has_differentials_to_rule_out(atlas):
    from webapp.queries import referral

    for stem in ("sacrum", "coccyx", "sacroiliac-joint", "greater-trochanter", "middle-buttock", "lower-buttock",
                 "upper-posterior-thigh", "upper-lateral-thigh", "anterolateral-thigh", "groin",
                 "lower-lumbar-paraspinal"):
        region = atlas.regions[stem if stem in atlas.regions else f"left-{stem}"]
        differentials, red_flags = referral.conditions_at(atlas, region)
        assert differentials, f"nothing to rule out at {region.id}"
    assert all(c.refer_on for c in atlas.conditions.values() if c.red_flag)


# Issue 11: the lower half of the atlas. Each region, by stem, and the views it must be drawn on.
LOWER_BODY = {
    "breast": {"anterior"}, "genital": {"anterior"}, "anal": {"posterior"}, "perineum": {"posterior"},
    "hypogastrium": {"anterior"}, "upper-abdomen": {"anterior"}, "lower-abdomen": {"anterior"},
    "medial-knee": {"anterior", "posterior"}, "anteromedial-knee": {"anterior"}, "anterior-knee": {"anterior"},
    "mid-calf": {"posterior", "lateral"}, "achilles-tendon": {"posterior", "lateral"},
    "medial-ankle": {"anterior", "posterior"}, "plantar-heel": {"plantar"}, "medial-arch": {"plantar"},
    "ball-of-foot": {"plantar"}, "medial-foot": {"anterior", "plantar"},
    "plantar-big-toe": {"plantar", "posterior"}, "plantar-lesser-toes": {"plantar", "posterior"},
    "dorsal-big-toe": {"anterior"}, "dorsal-lesser-toes": {"anterior", "lateral"},
}


@pytest.mark.parametrize("stem", sorted(LOWER_BODY))
def test_lower_body_regions_are_named_and_drawn_where_they_are_seen(atlas, stem):
    region = atlas.regions[stem if atlas.region_stems[stem].pairing == "midline" else f"left-{stem}"]
    assert region.name and region.plain_name
    assert LOWER_BODY[stem] <= set(region.views), f"{stem} is drawn on {region.views}"


def test_the_sole_view_has_both_feet_with_five_toes_each(atlas):
    view = atlas.views["plantar"]
    assert view.file.layout == "bilateral" and view.file.drawn_side == Side.LEFT
    toes = {"hallux", "toe-2", "toe-3", "toe-4", "toe-5"}
    assert toes < set(view.figure.parts)
    assert toes < set(atlas.views["anterior"].figure.parts)  # the standing figure has toes too
    assert "toes" in atlas.views["lateral"].figure.parts


@pytest.mark.parametrize("tp_id, zone, stem", [
    # the finer regions that replaced stand-ins (each muscle file's notes say what changed)
    ("soleus-trp1", "essential", "plantar-heel"),
    ("soleus-trp1", "spillover", "achilles-tendon"),
    ("adductor-longus-brevis-longus", "essential", "medial-knee"),
    ("levator-ani-trp", "essential", "anal"),
    ("levator-ani-trp", "spillover", "perineum"),
    ("obturator-internus-trp", "essential", "anal"),
    ("coccygeus-trp", "spillover", "anal"),
    ("vastus-lateralis-distal-posterior", "spillover", "upper-lateral-leg"),
])
def test_stand_ins_are_replaced_by_the_finer_regions(atlas, tp_id, zone, stem):
    entries = getattr(atlas.trigger_points[tp_id].entry.refers, zone)
    assert stem in [e if isinstance(e, str) else e.region for e in entries]


def test_pelvic_floor_zones_no_longer_use_the_buttock_or_pubic_stand_ins(atlas):
    for tp_id in ("levator-ani-trp", "obturator-internus-trp"):
        refers = atlas.trigger_points[tp_id].entry.refers
        stems = {e if isinstance(e, str) else e.region for e in [*refers.essential, *refers.spillover]}
        assert not stems & {"lower-buttock", "pubic"}, tp_id
