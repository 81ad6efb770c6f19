"""Level of detail (webapp/drawing/lod.py): what is grouped, how close-ups are named and framed,
and the 24 px target rule (WCAG 2.5.8, tests/target_size.py) held without a browser: each view's
targets in figure units, at the scale of the narrowest figure the page lays out (360 px wide), on
today's content and on a synthetic atlas of five times its size (bench/synthetic.py)."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from bench.synthetic import grow_atlas
from webapp.content.loader import load_atlas
from webapp.content.model import Side
from webapp.drawing import lod, targets
from webapp.drawing.frame import whole_body
from webapp.paths import ROOT
from webapp.queries import panels
from webapp.queries.state import MapState, parse_state
from webapp.web import offline_bundles

from .target_size import circle, failures, overlapping


def test_clusters_leave_every_target_two_radii_from_every_other():
    rng = random.Random(3)
    points = [lod.Marker(f"tp{i}", Side.RIGHT, rng.uniform(0, 400), rng.uniform(0, 880)) for i in range(300)]
    clusters = lod.cluster(points, 48.0)
    assert sorted(m.tp for c in clusters for m in c.members) == sorted(m.tp for m in points)
    for i, a in enumerate(clusters):
        for b in clusters[i + 1:]:
            assert math.dist((a.x, a.y), (b.x, b.y)) >= 48.0


def merged_by_scanning(points: list[tuple[float, float]], spacing: float) -> list[tuple[tuple[int, ...], float, float]]:
    """What ``lod.cluster`` means, the slow way: scan every pair, merge the least (distance, first,
    second) of those under ``spacing`` into the first (at their weighted centroid), again."""
    xy = np.array(points, dtype=float)
    groups, weight = {i: [i] for i in range(len(points))}, {i: 1.0 for i in range(len(points))}
    while True:
        alive = sorted(groups)
        pairs = [(float(np.hypot(*(xy[i] - xy[j]))), i, j) for n, i in enumerate(alive) for j in alive[n + 1:]]
        close = [p for p in pairs if p[0] < spacing]
        if not close:
            return [(tuple(groups[i]), float(xy[i][0]), float(xy[i][1])) for i in alive]
        _, i, j = min(close)
        xy[i] = (xy[i] * weight[i] + xy[j] * weight[j]) / (weight[i] + weight[j])
        weight[i] += weight.pop(j)
        groups[i] = sorted(groups[i] + groups.pop(j))


@pytest.mark.parametrize("dense", [0, 10**9], ids=["best partners", "every pair"])
@pytest.mark.parametrize("layout", ["scattered", "lattice", "heaps"])
def test_clusters_merge_the_closest_pair_first_as_a_scan_of_every_pair_does(layout, dense, monkeypatch):
    """Ties too: a lattice has many equal distances, heaps many points on one spot; both ways to
    the merges (``lod.DENSE``: from how many near pairs per target the heap holds best partners)."""
    monkeypatch.setattr(lod, "DENSE", dense)
    rng = random.Random(layout)
    for _ in range(60):
        n, spacing = rng.randint(2, 40), rng.choice([10.0, 24.0, 48.0])
        points = [(rng.uniform(0, 200), rng.uniform(0, 200)) if layout == "scattered"
                  else (rng.randint(0, 8) * 10.0, rng.randint(0, 8) * 10.0) if layout == "lattice"
                  else (rng.choice([0.0, 5.0, 50.0]), rng.choice([0.0, 0.5, 30.0])) for _ in range(n)]
        markers = [lod.Marker(f"tp{i:02d}", Side.RIGHT, x, y) for i, (x, y) in enumerate(points)]
        got = [(tuple(int(m.tp[2:]) for m in c.members), c.x, c.y) for c in lod.cluster(markers, spacing)]
        assert got == merged_by_scanning(points, spacing)


def test_spread_parts_points_on_one_spot_and_refuses_to_carry_them_too_far():
    for count in (5, 60):  # a few leave the spot at fixed angles; many end on a grid
        places = lod.spread([(100.0, 100.0)] * count, 20.0)
        assert all(math.dist(a, b) >= 20.0 for i, a in enumerate(places) for b in places[i + 1:])
    assert lod.spread([(100.0, 100.0)] * 60, 20.0, limit=40.0) is None
    assert lod.spread([(0.0, 0.0), (50.0, 0.0)], 20.0, limit=1.0) == [(0.0, 0.0), (50.0, 0.0)]


def test_whole_body_targets_are_24_px_on_the_smallest_figure(atlas):
    for view in atlas.views.values():
        frame = whole_body(view)
        assert lod.px_per_unit(frame) * 2 * lod.target_units(frame) >= 24.0
        assert lod.px_per_unit(frame) >= 0.5


def states_of(atlas):
    """Each view with the markers of one side, either side, and both where the view shows both."""
    for view in atlas.views.values():
        for side in Side:
            yield MapState(view=view.id, side=side)
            if len(targets.sides_of(view, MapState(view=view.id, side=side, both=True))) > 1:
                yield MapState(view=view.id, side=side, both=True)


def test_every_close_up_is_named_by_its_path_and_holds_its_cluster(atlas):
    for state in states_of(atlas):
        sides = targets.sides_of(atlas.views[state.view], state)
        names = lod.closeups(atlas, state.view, sides)
        assert names and len(names) == len(set(names))
        openers = {t.opens: (t, None) for t in lod.body_clusters(atlas, state.view, sides) if t.opens}
        for name in names:  # parents come before their children
            found = lod.closeup(atlas, state.view, sides, name)
            opener, parent = openers[name]
            assert found.name == name and found.members == opener.members
            assert sorted(m.key for t in found.targets for m in t.members) == sorted(m.key for m in found.members)
            assert found.frame != whole_body(atlas.views[state.view])
            if parent:  # a deeper close-up zooms further in than the one that opened it
                assert found.depth > parent.depth
                assert lod.px_per_unit(found.frame) > lod.px_per_unit(parent.frame)
                assert name.startswith(parent.name + lod.STEP)
            openers |= {t.opens: (t, found) for t in found.targets if t.opens}


def test_todays_close_ups_draw_each_member_without_a_second_level(atlas):
    """On today's content a cluster's close-up shows its trigger points one by one (spread at most
    two targets from their spots): the deeper levels are for denser atlases."""
    for state in states_of(atlas):
        sides = targets.sides_of(atlas.views[state.view], state)
        assert all(lod.STEP not in name for name in lod.closeups(atlas, state.view, sides))


def test_a_selection_leaves_the_close_up(atlas):
    state = parse_state(atlas, {"group": "gluteus-maximus-trp1", "tp": "piriformis-trp1"})
    assert state.group is None and state.tp == "piriformis-trp1"
    closeup = MapState(view="posterior", group="gluteus-maximus-trp1")
    assert closeup.with_trigger_point("piriformis-trp1", Side.LEFT).group is None
    assert closeup.cleared().group is None and closeup.with_side(Side.LEFT).group is None


def test_a_close_up_name_is_trigger_points_with_a_side_where_needed(atlas):
    assert parse_state(atlas, {"group": "gluteus-maximus-trp1~piriformis-trp1.left"}).group \
        == "gluteus-maximus-trp1~piriformis-trp1.left"
    for bad in ("gluteus-maximus-trp1~nope", "gluteus-maximus-trp1.middle", "~"):
        with pytest.raises(LookupError):
            parse_state(atlas, {"group": bad})


def test_an_unknown_close_up_is_a_404_naming_the_close_ups_there_are(client):
    response = client.get("/?group=soleus-trp1&view=anterior")  # a trigger point, but no cluster there
    assert response.status_code == 404
    assert b"close-up" in response.data


@pytest.fixture(scope="module", params=[1, 5], ids=lambda f: f"{f}x")
def grown(request, atlas, tmp_path_factory):
    """Today's atlas, and a synthetic one of five times its content: 500 muscles, twice the 230
    that #14's largest budget names, and close-ups down to the deepest level (MIN_HEIGHTS) on
    every view. Ten times (1,000 muscles) added nothing to check and 40 s to a test run."""
    if request.param == 1:
        return atlas
    return load_atlas(grow_atlas(ROOT / "data", tmp_path_factory.mktemp("atlas") / "data", request.param))


def drawn_targets(atlas, state, frame):
    """The state's targets as drawn, in CSS px on the narrowest figure, with the trigger points
    they select (markers) and the close-ups they open (badges)."""
    scale = lod.px_per_unit(frame)
    placed, _ = targets.hit_areas(atlas, atlas.views[state.view], state, frame)
    shapes = [circle(t.opens or t.lead.tp, t.x * scale, t.y * scale, hit * scale) for t, hit in placed]
    for (t, hit), shape in zip(placed, shapes):  # inside the drawing, so nothing cuts a target
        assert frame.x <= t.x - hit and t.x + hit <= frame.x + frame.w, f"{shape.name} off the side"
        assert frame.top <= t.y - hit and t.y + hit <= frame.bottom + lod.LEGEND_BAND * frame.scale
    return placed, shapes


def test_no_target_is_under_24_px_or_overlaps_another_on_any_view_or_close_up(grown):
    """At 1x and 5x: the whole body of every view and side and every close-up it opens, down
    to the last level, keep each target 24 px (or spaced as WCAG 2.5.8 allows) and apart; each
    trigger point is a target of its own somewhere, near its spot."""
    for state in states_of(grown):
        view = grown.views[state.view]
        sides = targets.sides_of(view, state)
        shown = [(state, whole_body(view))] + [
            (state.with_group(name), lod.closeup(grown, view.id, sides, name).frame)
            for name in lod.closeups(grown, view.id, sides)]
        selectable = set()
        for where, frame in shown:
            placed, shapes = drawn_targets(grown, where, frame)
            problems = failures(shapes) + overlapping(shapes)
            assert not problems, f"{where.view} {where.side.value} {where.group or 'whole body'}: {problems[:3]}"
            for t, _ in placed:
                if len(t.members) == 1:
                    selectable.add(t.lead.key)
                    far = math.dist((t.x, t.y), (t.lead.x, t.lead.y)) / (2 * lod.target_units(frame))
                    assert far <= lod.NUDGE + 0.05, f"{t.lead.tp} drawn {far:.1f} targets from its spot"
        assert selectable == {m.key for m in lod.markers(grown, view, sides)}, f"{state} misses trigger points"


def test_a_selection_on_the_whole_body_keeps_the_views_badges_and_stands_alone(grown):
    """At 1x and 5x, a selection framed on the whole body (``frame=body``) draws the view's own
    badges, each opening the close-up it opens without a selection, and none regrouped; the
    selected marker alone at its spot; nothing under 24 px or overlapping."""
    checked = badges = 0
    for state in states_of(grown):
        view = grown.views[state.view]
        sides = targets.sides_of(view, state)
        body = {t.opens: t.members for t in lod.body_clusters(grown, view.id, sides) if t.opens}
        for m in [m for m in lod.markers(grown, view, sides) if m.side == state.side][::9]:
            selection = replace(state, tp=m.tp, frame="body")
            placed, shapes = drawn_targets(grown, selection, whole_body(view))
            problems = failures(shapes) + overlapping(shapes)
            assert not problems, f"{selection}: {problems[:3]}"
            assert [(t.x, t.y) for t, _ in placed if t.members == (m,)] == [(m.x, m.y)], selection
            for t, _ in placed:
                if len(t.members) > 1:
                    assert t.opens in body and set(t.members) <= set(body[t.opens]), (selection, t.opens)
                    badges += 1
            checked += 1
    assert checked > 20 and badges > checked


def test_a_close_up_opened_from_another_lists_its_points_and_leads_back(grown):
    """Denser atlases open close-ups inside close-ups; the panel of one still lists each of its
    trigger points (also those its figure groups again) and links back to the wider one."""
    nested, deepest = 0, 0
    for state in states_of(grown):
        sides = targets.sides_of(grown.views[state.view], state)
        for name in lod.closeups(grown, state.view, sides):
            found = lod.closeup(grown, state.view, sides, name)
            deepest = max(deepest, found.depth)
            panel = panels.group_panel(grown, state.with_group(name), found.members)
            assert panel.count == len(found.members) == len(panel.points)
            if lod.STEP in name:
                nested += 1
                parent = name.rpartition(lod.STEP)[0]
                assert parse_qs(urlsplit(panel.wider.url).query)["group"] == [parent]
            else:
                assert panel.wider is None
    assert (nested > 0) == (len(grown.trigger_points) > 400)  # only the denser atlases need them
    if nested:  # the denser atlas reaches the deepest level a close-up has
        assert deepest == len(lod.MIN_HEIGHTS)



def test_the_offline_bundles_hold_every_close_up_and_select_each_marker_where_it_stands_alone(grown):
    """Offline, a view's bundle has a page for every close-up at every depth, and each trigger
    point is selected on a frame that draws it as a target of its own (webapp/web/offline_bundles.py)."""
    for view in grown.views.values():
        states = offline_bundles.map_states(grown, view.id)
        for side in Side:
            shown = {state.group for state, _, select in states if select is None and state.side == side}
            assert shown == {None, *lod.closeups(grown, view.id, (side,))}, (view.id, side)
            selected = [(state, figure) for state, figure, select in states
                        if state.tp and state.side == side]
            assert sorted((s.tp, s.side.value) for s, _ in selected) == sorted(
                m.key for m in lod.markers(grown, view, (side,)))  # each once
            for state, figure in selected:
                frame_targets = (lod.closeup(grown, view.id, (side,), figure.group).targets if figure.group
                                 else lod.body_clusters(grown, view.id, (side,)))
                assert any(len(t.members) == 1 and t.lead.key == (state.tp, state.side.value)
                           for t in frame_targets), (view.id, state.tp, figure.group)
