"""Referral queries: side rules, and what refers to a region, essential first."""

from __future__ import annotations

from webapp import referral
from webapp.model import Side

TRP1, TRP2, TRP3 = (f"gluteus-medius-trp{i}" for i in (1, 2, 3))


def zones(atlas, tp_id, side):
    return referral.zones_of(atlas, atlas.trigger_points[tp_id], side)


def test_same_side_rule_places_zones_on_the_trigger_points_side(atlas):
    left = zones(atlas, TRP1, Side.LEFT)
    assert set(left.essential) == {"left-posterior-iliac-crest", "left-sacroiliac-joint", "sacrum"}
    assert all(not r.startswith("right-") for r in left.essential + left.spillover)
    right = zones(atlas, TRP1, Side.RIGHT)
    assert set(right.essential) == {"right-posterior-iliac-crest", "right-sacroiliac-joint", "sacrum"}


def test_both_sides_rule_reaches_across_the_midline(atlas):
    z = zones(atlas, TRP3, Side.RIGHT)
    assert {"right-lower-lumbar-paraspinal", "left-lower-lumbar-paraspinal", "sacrum"} <= set(z.essential)
    assert z.spillover == ("left-posterior-iliac-crest",)  # the opposite crest only


def test_a_region_is_never_both_essential_and_spillover(atlas):
    for tp in atlas.trigger_points.values():
        for side in Side:
            z = referral.zones_of(atlas, tp, side)
            assert not set(z.essential) & set(z.spillover)


def test_referrers_of_the_sacrum_are_every_trigger_point_from_both_sides(atlas):
    found = referral.referrers_of(atlas, "sacrum")
    assert {(r.trigger_point.id, r.side) for r in found} == {(tp, s) for tp in (TRP1, TRP3) for s in Side}
    assert {r.zone for r in found} == {"essential"}


def test_referrers_are_ranked_essential_first(atlas):
    found = referral.referrers_of(atlas, "left-middle-buttock")
    zones_in_order = [r.zone for r in found]
    assert zones_in_order == sorted(zones_in_order, key=referral.ZONES.index)
    assert ("essential", TRP2, Side.LEFT) == (found[0].zone, found[0].trigger_point.id, found[0].side)
    assert (TRP1, "spillover") in {(r.trigger_point.id, r.zone) for r in found}


def test_a_sided_region_hears_only_from_the_sides_whose_rules_reach_it(atlas):
    found = referral.referrers_of(atlas, "right-sacroiliac-joint")
    assert [(r.trigger_point.id, r.side, r.zone) for r in found] == [(TRP1, Side.RIGHT, "essential")]
    crest = {(r.trigger_point.id, r.side, r.zone) for r in referral.referrers_of(atlas, "left-posterior-iliac-crest")}
    assert (TRP3, Side.RIGHT, "spillover") in crest and (TRP3, Side.LEFT, "essential") in crest


def test_upper_hamstring_and_side_of_thigh_are_reached_by_trp2_spillover(atlas):
    for region in ("left-upper-posterior-thigh", "left-upper-lateral-thigh"):
        assert [(r.trigger_point.id, r.zone) for r in referral.referrers_of(atlas, region)] == [(TRP2, "spillover")]


def test_a_region_no_pattern_reaches_has_no_referrers(atlas):
    assert referral.referrers_of(atlas, "left-heel") == []


def test_grouped_referrers_merge_the_two_sides_of_a_midline_region(atlas):
    groups = referral.grouped_referrers(atlas, "sacrum")
    assert [(g.trigger_point.id, g.sides) for g in groups][0][1] == (Side.LEFT, Side.RIGHT)
    assert len(groups) == 2


def test_conditions_at_a_region_split_red_flags(atlas):
    differentials, red_flags = referral.conditions_at(atlas, atlas.regions["sacrum"])
    assert "sacroiliac-joint-dysfunction" in {c.id for c in differentials}
    assert {c.id for c in red_flags} == {"cauda-equina-syndrome", "serious-spinal-pathology"}
    assert all(c.red_flag for c in red_flags) and not any(c.red_flag for c in differentials)
