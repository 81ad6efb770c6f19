"""Referral queries: side rules, and what refers to a region, essential first.

Clinical expectations come from Travell & Simons (the sources the content cites); set
checks use "includes" so that the tests hold as muscles are added.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.queries import referral
from webapp.content.model import Side

TRP1, TRP2, TRP3 = (f"gluteus-medius-trp{i}" for i in (1, 2, 3))


def zones(atlas, tp_id, side):
    return referral.zones_of(atlas, atlas.trigger_points[tp_id], side)


def found(atlas, region_id):
    return {(r.trigger_point.id, r.side, r.zone) for r in referral.referrers_of(atlas, region_id)}


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
    band = zones(atlas, "rectus-abdominis-lower", Side.LEFT)  # its low-back band is bilateral
    assert {"left-sacroiliac-joint", "right-sacroiliac-joint"} <= set(band.essential)


def test_a_region_is_never_both_essential_and_spillover(atlas):
    for tp in atlas.trigger_points.values():
        for side in Side:
            z = referral.zones_of(atlas, tp, side)
            assert not set(z.essential) & set(z.spillover), tp.id


def test_referrers_of_every_region_agree_with_every_zone(atlas):
    expected: dict[str, set] = {}
    for tp in atlas.trigger_points.values():
        for side in Side:
            for region_id, zone in referral.zones_of(atlas, tp, side).items():
                expected.setdefault(region_id, set()).add((tp.id, side, zone))
    for region_id in atlas.regions:
        assert found(atlas, region_id) == expected.get(region_id, set()), region_id


@pytest.mark.parametrize("region_id", ["sacrum", "left-sacroiliac-joint", "left-middle-buttock",
                                       "left-greater-trochanter", "left-upper-posterior-thigh", "coccyx",
                                       "left-lower-lumbar-paraspinal"])
def test_referrers_are_ranked_essential_first(atlas, region_id):
    zones_in_order = [r.zone for r in referral.referrers_of(atlas, region_id)]
    assert zones_in_order, f"nothing refers to {region_id}"
    assert zones_in_order == sorted(zones_in_order, key=referral.ZONES.index)


def test_the_sacrum_hears_from_both_sides(atlas):
    sacrum = found(atlas, "sacrum")
    assert {(TRP1, s, "essential") for s in Side} <= sacrum
    assert {("multifidi-sacral", s, "essential") for s in Side} <= sacrum


def test_the_sacroiliac_joint_lists_what_the_sources_say(atlas):
    sij = {(tp, zone) for tp, side, zone in found(atlas, "left-sacroiliac-joint") if side == Side.LEFT}
    # T&S: gluteus medius TrP1, quadratus lumborum deep upper, piriformis, soleus TrP3 (rare)
    assert {(TRP1, "essential"), ("quadratus-lumborum-deep-upper", "essential"),
            ("piriformis-trp1", "essential"), ("soleus-trp3", "essential")} <= sij
    assert not any(side == Side.RIGHT and tp == TRP1 for tp, side, _ in found(atlas, "left-sacroiliac-joint"))


def test_the_upper_hamstring_and_side_of_the_thigh(atlas):
    assert (TRP2, Side.LEFT, "spillover") in found(atlas, "left-upper-posterior-thigh")
    assert ("gluteus-minimus-posterior", Side.LEFT, "essential") in found(atlas, "left-upper-posterior-thigh")
    assert ("gluteus-minimus-anterior", Side.LEFT, "essential") in found(atlas, "left-upper-lateral-thigh")


def test_the_coccyx(atlas):
    coccyx = {tp for tp, _, zone in found(atlas, "coccyx") if zone == "essential"}
    assert {"gluteus-maximus-trp3", "levator-ani-trp", "coccygeus-trp", "multifidi-sacral"} <= coccyx


def test_grouped_referrers_merge_the_two_sides_of_a_midline_region(atlas):
    groups = {g.trigger_point.id: g.sides for g in referral.grouped_referrers(atlas, "sacrum")}
    assert groups[TRP1] == (Side.LEFT, Side.RIGHT)


def test_conditions_at_a_region_split_red_flags(atlas):
    differentials, red_flags = referral.conditions_at(atlas, atlas.regions["sacrum"])
    assert "sacroiliac-joint-dysfunction" in {c.id for c in differentials}
    assert {"cauda-equina-syndrome", "serious-spinal-pathology"} <= {c.id for c in red_flags}
    assert all(c.red_flag for c in red_flags) and not any(c.red_flag for c in differentials)


def test_drawing_ranking_puts_the_full_essential_match_first(atlas):
    # the gluteus medius TrP1 pattern exactly: crest, sacroiliac joint, sacrum (T&S fig. 8.1A)
    marks = {"left-posterior-iliac-crest": 1, "left-sacroiliac-joint": 1, "sacrum": 1}
    first = referral.rank_drawing(atlas, marks)[0]
    assert (first.trigger_point.id, first.side, first.unexplained) == (TRP1, Side.LEFT, ())


def test_drawing_ranking_rewards_essential_matches_over_spillover(atlas):
    ranked = referral.rank_drawing(atlas, {"left-middle-buttock": 1})
    # an essential match outranks a spillover match of a pattern no larger (a larger
    # pattern pays for each region the client did not mark, as the README says)
    for i, worse in enumerate(ranked):
        for better in ranked[i + 1:]:
            if better.explained[0][1] == "essential" and worse.explained[0][1] == "spillover":
                assert len(better.not_marked) > len(worse.not_marked), (better.trigger_point.id, worse.trigger_point.id)
    assert (TRP2, Side.LEFT) in [(c.trigger_point.id, c.side) for c in ranked if c.explained[0][1] == "essential"]


def test_drawing_score_is_the_sum_of_its_stated_parts(atlas):
    marks = {"sacrum": 2, "left-upper-buttock": 1, "left-heel": 3}
    z = zones(atlas, TRP1, Side.LEFT)
    score, explained, unexplained, not_marked = referral.score_candidate(z, marks)
    expected = 2 * referral.ESSENTIAL_MATCH + 1 * referral.SPILLOVER_MATCH \
        - 2 * referral.ESSENTIAL_MISSING - 2 * referral.SPILLOVER_MISSING
    assert score == expected
    assert unexplained == ["left-heel"]
    assert {r for r, _ in not_marked} == {"left-posterior-iliac-crest", "left-sacroiliac-joint",
                                          "left-middle-buttock", "left-lateral-buttock"}


def test_a_drawing_nothing_explains_has_no_candidates(atlas):
    unreached = next(r for r in atlas.regions if not referral.referrers_of(atlas, r))
    assert referral.rank_drawing(atlas, {unreached: 1}) == []


@pytest.mark.parametrize("marks, best", [
    # T&S vol. 2 fig. 9.1: anterior gluteus minimus, "pseudo-sciatica" down the side of the leg
    ({"left-lateral-buttock": 1, "left-upper-lateral-thigh": 1, "left-lower-lateral-thigh": 1, "left-lateral-leg": 1},
     ("gluteus-minimus-anterior", Side.LEFT)),
    # T&S vol. 2 fig. 9.2: posterior gluteus minimus, down the back of the thigh to the calf
    ({"left-middle-buttock": 1, "left-upper-posterior-thigh": 1, "left-lower-posterior-thigh": 1,
      "left-popliteal-fossa": 1, "left-upper-calf-medial": 1}, ("gluteus-minimus-posterior", Side.LEFT)),
    # T&S vol. 2 fig. 22.1: soleus TrP1, heel pain
    ({"right-heel": 3, "right-posterior-ankle": 1}, ("soleus-trp1", Side.RIGHT)),
    # T&S vol. 2 fig. 8.1A: gluteus medius TrP1, crest, sacroiliac joint and sacrum
    ({"right-posterior-iliac-crest": 2, "right-sacroiliac-joint": 2, "sacrum": 1}, (TRP1, Side.RIGHT)),
])
def test_worked_pain_drawings_rank_the_pattern_the_sources_draw(atlas, marks, best):
    ranked = referral.rank_drawing(atlas, marks)
    assert (ranked[0].trigger_point.id, ranked[0].side) == best
    assert ranked[0].unexplained == ()
    assert len(ranked) == 1 or ranked[0].score > ranked[1].score


# Worked pain drawings for the leg and foot, pinned against the patterns Travell & Simons draw
# (vol. 2, 1992): heel pain to soleus TrP1 (ch. 22), quadratus plantae and abductor hallucis
# (ch. 26-27); shin pain to tibialis anterior (ch. 19); anterior knee pain to rectus femoris and
# vastus medialis (ch. 14).
@pytest.mark.parametrize("marks, first, among_top", [
    ({"left-plantar-heel": 3, "left-heel": 2}, "soleus-trp1",
     {"soleus-trp1", "quadratus-plantae-trp1", "abductor-hallucis-trp1"}),
    ({"left-anterior-leg": 3, "left-anterior-ankle": 2}, "tibialis-anterior-trp1",
     {"tibialis-anterior-trp1"}),
    ({"left-anterior-knee": 3}, None, {"rectus-femoris-proximal", "vastus-medialis-trp1"}),
], ids=["heel pain", "shin pain", "anterior knee pain"])
def test_worked_pain_drawings_of_the_leg_and_foot(atlas, marks, first, among_top):
    ranked = referral.rank_drawing(atlas, marks, limit=len(among_top) + 1)
    top = [c.trigger_point.id for c in ranked]
    if first:
        assert top[0] == first, top
    assert among_top <= set(top[:len(among_top) + 1]), top
    assert all(c.side == Side.LEFT for c in ranked[:len(among_top)]), "a one-sided drawing, the same side first"


def every_pattern_ranked(atlas, marks):
    """The ranking as the README defines it: every trigger point on each side scored against the
    drawing in full, those that explain a marked region kept, best first."""
    found = []
    for tp in atlas.trigger_points.values():
        for side in Side:
            score, explained, unexplained, not_marked = referral.score_candidate(referral.zones_of(atlas, tp, side), marks)
            if explained:
                found.append(referral.Candidate(tp, atlas.muscles[tp.muscle].file.name, side, round(score, 2),
                                                tuple(explained), tuple(unexplained), tuple(not_marked)))
    found.sort(key=lambda c: (-c.score, -c.coverage, -c.essential_matches,
                              referral.PREVALENCE_RANK[c.trigger_point.entry.prevalence],
                              c.muscle_name, c.trigger_point.entry.label, c.side.value))
    return found


@settings(max_examples=150, deadline=None)
@given(picks=st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 3)), min_size=1, max_size=12),
       limit=st.one_of(st.none(), st.integers(1, 25)))
def test_the_ranking_from_the_referrer_index_is_the_ranking_of_every_pattern(atlas, picks, limit):
    regions = sorted(atlas.regions)
    marks = {regions[i % len(regions)]: level for i, level in picks}
    expected = every_pattern_ranked(atlas, marks)
    assert referral.rank_drawing(atlas, marks, limit) == (expected[:limit] if limit else expected)
