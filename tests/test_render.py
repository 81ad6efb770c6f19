"""The SVG renderer, tested by parsing its output as XML."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from webapp.paths import ROOT
from webapp.queries import referral
from webapp.commands.cli import fresh_svgs
from webapp.drawing.render import render_map
from webapp.drawing.zones import zone_paths
from webapp.content.model import Side
from webapp.queries.state import MapState

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def regions(root):
    return {a.get("data-region"): a for a in root.iter("{http://www.w3.org/2000/svg}a") if a.get("data-region")}


def trigger_points(root):
    return {a.get("data-trigger-point"): a for a in root.iter("{http://www.w3.org/2000/svg}a")
            if a.get("data-trigger-point")}


@pytest.mark.parametrize("view_id", ["posterior", "anterior", "lateral", "plantar"])
def test_every_region_of_the_view_is_a_labelled_link(atlas, view_id):
    root = parse(render_map(atlas, MapState(view=view_id)))
    drawn = regions(root)
    expected = {r.id for r in atlas.regions.values() if view_id in r.views
                and (r.side in (None, Side.RIGHT) or atlas.views[view_id].file.layout == "bilateral")}
    assert set(drawn) == expected
    for region_id, anchor in drawn.items():
        assert anchor.get("href", "").startswith("/?") and f"region={region_id}" in anchor.get("href")
        assert anchor.get("aria-label") == atlas.regions[region_id].name
        path, use = anchor.find("svg:path", NS), anchor.find("svg:use", NS)
        if use is not None:  # the mirrored side of a bilateral view reuses its twin's path, mirrored
            twin = root.find(f".//svg:path[@id='{use.get('href')[1:]}']", NS)
            assert twin is not None and twin.get("d").startswith("M") and use.get("transform").startswith("matrix(-1 0 0 1 ")
        else:
            assert path.get("d").startswith("M")


def test_selected_trigger_point_marks_its_zones_and_nothing_else(atlas):
    state = MapState(view="posterior", side=Side.LEFT, tp="gluteus-medius-trp1")
    root = parse(render_map(atlas, state))
    marked = {rid: a.get("data-zone") for rid, a in regions(root).items() if a.get("data-zone")}
    z = referral.zones_of(atlas, atlas.trigger_points[state.tp], Side.LEFT)
    assert marked == {**{r: "essential" for r in z.essential}, **{r: "spillover" for r in z.spillover}}
    layer = root.find(".//svg:g[@class='zones']", NS)
    drawn = {p.get("class"): p for p in layer.findall("svg:path", NS)}
    assert list(drawn) == ["zone zone-spillover", "zone zone-essential"]  # essential on top
    view = atlas.views["posterior"]
    shapes = zone_paths(atlas, view, Side.LEFT, atlas.trigger_points[state.tp], Side.LEFT)
    for zone in referral.ZONES:
        assert drawn[f"zone zone-{zone}"].get("d") == shapes[zone] != ""
    assert drawn["zone zone-essential"].get("fill") == "#c8102e"
    assert drawn["zone zone-spillover"].get("fill") == "url(#stipple)"
    assert root.find(".//svg:pattern[@id='stipple']", NS) is not None
    assert root.find(".//svg:filter", NS) is None and root.find(".//svg:mask", NS) is None


def test_without_a_selection_the_zone_layer_is_empty_but_ready(atlas):
    root = parse(render_map(atlas, MapState(view="posterior")))
    paths = root.findall(".//svg:g[@class='zones']/svg:path", NS)
    assert [p.get("class") for p in paths] == ["zone zone-spillover", "zone zone-essential"]
    assert all(p.get("d") is None for p in paths)


def hit_circles(root) -> list[tuple[float, float, float]]:
    """Every target's hit circle (centre and radius, figure units): markers and clusters."""
    out = []
    for anchor in root.iter("{http://www.w3.org/2000/svg}a"):
        if anchor.get("class", "").split()[0] not in ("trigger-point", "tp-cluster"):
            continue
        x, y, *scale = (float(v) for v in re.findall(r"[-\d.]+", anchor.get("transform")))
        out.append((x, y, float(anchor.find("svg:circle[@class='hit']", NS).get("r")) * (scale or [1])[0]))
    return out


def assert_apart(root):
    hits = hit_circles(root)
    for i, (x1, y1, r1) in enumerate(hits):
        for x2, y2, r2 in hits[i + 1:]:
            assert r1 + r2 <= math.dist((x1, y1), (x2, y2)) + 0.2, "touch targets must not overlap"


def close_ups(root) -> list[str]:
    return [a.get("href").split("group=")[1].split("&")[0] for a in root.iter("{http://www.w3.org/2000/svg}a")
            if "tp-cluster" in a.get("class", "")]


def test_trigger_points_carry_their_zones_for_previews_and_sit_on_the_chosen_side(atlas):
    for side, screen in ((Side.LEFT, "left"), (Side.RIGHT, "right")):
        state = MapState(view="posterior", side=side)
        root = parse(render_map(atlas, state))
        assert_apart(root)
        tps = trigger_points(root)
        for lead in close_ups(root):  # the whole body groups crowded markers; their close-ups draw each
            closeup = parse(render_map(atlas, MapState(view="posterior", side=side, group=lead)))
            assert_apart(closeup)
            assert not close_ups(closeup)
            tps |= trigger_points(closeup)
        assert set(tps) == {tp.id for tp in atlas.trigger_points.values() if "posterior" in tp.entry.positions}
        assert "gluteus-medius-trp3" not in tps  # it is drawn on the lateral view
        tp1 = tps["gluteus-medius-trp1"]
        assert tp1.get("data-side") == side.value
        assert f"{side.value}-sacroiliac-joint" in tp1.get("data-essential").split()
        x = float(re.findall(r"[-\d.]+", tp1.get("transform"))[0])
        assert (x < 200) == (screen == "left")  # from behind, the client's left is on the screen's left


def test_anterior_view_mirrors_the_sides(atlas):
    root = parse(render_map(atlas, MapState(view="anterior")))
    letters = [t for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "side-letter"]
    assert [(t.text, float(t.get("x")) < 200) for t in letters] == [("R", True), ("L", False)]
    posterior = parse(render_map(atlas, MapState(view="posterior")))
    letters = [t for t in posterior.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "side-letter"]
    assert [(t.text, float(t.get("x")) < 200) for t in letters] == [("L", True), ("R", False)]


def test_sole_view_labels_the_clients_left_on_the_left_and_shows_both_soles(atlas):
    root = parse(render_map(atlas, MapState(view="plantar")))
    letters = [t for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "side-letter"]
    assert [(t.text, float(t.get("x")) < 200) for t in letters] == [("L", True), ("R", False)]
    drawn = set(regions(root))
    for stem in ("plantar-heel", "medial-arch", "ball-of-foot", "plantar-big-toe", "plantar-lesser-toes"):
        assert {f"left-{stem}", f"right-{stem}"} <= drawn, stem


def test_lateral_view_shows_one_side_and_mirrors_for_the_other(atlas):
    right = parse(render_map(atlas, MapState(view="lateral", side=Side.RIGHT, tp="gluteus-medius-trp3")))
    left = parse(render_map(atlas, MapState(view="lateral", side=Side.LEFT, tp="gluteus-medius-trp3")))
    assert all(not r.startswith("left-") for r in regions(right))
    assert all(not r.startswith("right-") for r in regions(left))
    xr = float(re.findall(r"[-\d.]+", trigger_points(right)["gluteus-medius-trp3"].get("transform"))[0])
    xl = float(re.findall(r"[-\d.]+", trigger_points(left)["gluteus-medius-trp3"].get("transform"))[0])
    assert xr > 200 > xl  # the front of the body faces right, then left
    assert pytest.approx(xr + xl, abs=0.2) == 400


def test_muscle_is_drawn_only_when_one_of_its_points_is_selected(atlas):
    plain = parse(render_map(atlas, MapState(view="posterior")))
    chosen = parse(render_map(atlas, MapState(view="posterior", tp="gluteus-medius-trp2")))
    assert plain.find(".//svg:g[@class='muscle']", NS) is None
    assert chosen.find(".//svg:g[@class='muscle']/svg:path", NS) is not None


def test_selection_is_announced_in_labels(atlas):
    root = parse(render_map(atlas, MapState(view="posterior", side=Side.LEFT, tp="gluteus-medius-trp1")))
    tp = trigger_points(root)["gluteus-medius-trp1"]
    assert tp.get("aria-current") == "true"
    assert tp.get("aria-label") == "Gluteus medius TrP1, posterior trigger point, left side"
    assert regions(root)["sacrum"].get("aria-label") == "Sacrum, essential zone"
    assert root.get("role") == "group" and "Posterior view" in root.get("aria-label")


def test_output_is_safe_under_a_strict_csp(atlas):
    svg = render_map(atlas, MapState(view="posterior", tp="gluteus-medius-trp1"))
    root = parse(svg)
    for element in root.iter():
        assert element.tag.split("}")[1] not in {"script", "style", "foreignObject"}
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)
        assert element.get("target") is None


def test_rendering_is_deterministic(atlas):
    state = MapState(view="anterior", side=Side.LEFT)
    assert render_map(atlas, state) == render_map(atlas, state, "/")


def test_generated_svg_files_match_a_fresh_render(atlas):
    for name, text in fresh_svgs(atlas).items():
        path = ROOT / "static" / "svg" / name
        assert path.exists(), f"{path} is missing: run `make svg`"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run `make svg`"


def test_views_for_zone_covers_every_region_the_first_view_cannot_show(atlas):
    from webapp.content.model import Side

    for tp in atlas.trigger_points.values():
        for side in Side:
            zones = referral.zones_of(atlas, tp, side)
            for first in atlas.views:
                chosen = referral.views_for_zone(atlas, zones, first)
                assert first not in chosen and len(set(chosen)) == len(chosen)
                for region_id, _ in zones.items():
                    region = atlas.regions[region_id]
                    assert not region.views or {first, *chosen} & set(region.views), (tp.id, first, region_id)


def test_a_companion_carries_the_zone_and_no_targets(atlas):
    from webapp.drawing.render import render_companion
    from webapp.queries.state import MapState

    svg = ET.fromstring(render_companion(atlas, MapState(view="anterior", tp="adductor-magnus-trp1")))
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("class") == "companion-map" and svg.get("aria-hidden") == "true"
    assert svg.find(f".//{ns}path[@class='zone zone-essential']").get("d")
    assert not svg.findall(f".//{ns}a") and not [e for e in svg.iter() if e.get("id") == "stipple"]


@pytest.mark.parametrize("view_id, tp_id", [("posterior", "soleus-trp1"), ("plantar", "soleus-trp1")])
def test_a_close_up_at_the_feet_rests_on_the_figure_bottom(atlas, view_id, tp_id):
    from webapp.drawing.frame import PAD, frame_for, whole_body

    view = atlas.views[view_id]
    tp = atlas.trigger_points[tp_id]
    state = MapState(view=view_id, side=Side.LEFT, tp=tp_id)
    frame = frame_for(atlas, view, state, referral.zones_of(atlas, tp, Side.LEFT))
    assert frame != whole_body(view)
    assert frame.bottom <= whole_body(view).bottom + PAD  # at most the padding below the soles


@pytest.mark.parametrize("view_id", ["posterior", "anterior", "lateral", "plantar"])
@pytest.mark.parametrize("side", list(Side))
def test_side_labels_sit_inside_the_figure(atlas, view_id, side):
    """The L/R label's backing lies inside the drawing's viewBox (the lateral view's was cut), on
    the whole body and on selections' close-ups of the view."""
    drawn = [tp for tp in atlas.trigger_points.values() if view_id in tp.entry.positions]
    for tp in [None, *drawn[::max(1, len(drawn) // 6)]]:
        state = MapState(view=view_id, side=side, tp=tp.id if tp else None)
        svg = ET.fromstring(render_map(atlas, state, "/"))
        left, _, width, _ = map(float, svg.get("viewBox").split())
        labels = svg.find(".//svg:g[@class='side-labels']", NS)
        tx, _, scale = map(float, re.fullmatch(r"translate\(([-\d.]+) ([-\d.]+)\) scale\(([\d.]+)\)",
                                               labels.get("transform")).groups())
        for backing in labels.findall("svg:rect", NS):
            x, w = float(backing.get("x")), float(backing.get("width"))
            assert left - 0.5 <= tx + x * scale and tx + (x + w) * scale <= left + width + 0.5, state
