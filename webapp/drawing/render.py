"""Render a view of the body map, in one state, as an SVG string (svgwrite).

A pure function of the atlas and the state. The output is self-contained: colours are
presentation attributes, so a saved file looks the same as the map in the page, and the
page's stylesheet only adds interaction (hover, focus, preview). Hooks for scripts and
tests: ``data-region``, ``data-trigger-point``, ``data-zone``.
"""

from __future__ import annotations

from functools import lru_cache

import svgwrite
from svgwrite.container import Hyperlink

from ..content.geometry import fmt, path_data
from ..content.model import Atlas, Side, View
from ..queries import referral
from ..queries.state import MapState, href
from . import shapes, targets
from .frame import Frame, frame_for, whole_body
from .zones import zone_paths

INK = "#4a4039"
SKIN = "#efe6dd"
SKIN_EDGE = "#8c7e72"
BONE = "#b9a99a"
RED = "#c8102e"
STIPPLE_TINT = "#f7dada"

X_MARK = "M-6 -6L6 6M-6 6L6 -6"
# Regions are touch targets and translucent fills: whole units (a figure is 400 wide) are
# enough, and a tenth of the page's first-paint bytes. Visible strokes keep tenths.
REGION_STEP = 10
REGIONS_MARK = "regions-here"  # where the regions layer's links go, once the drawing is written


def link(url: str, **attrs: str) -> Hyperlink:
    """An SVG 2 link: plain ``href``, no ``target``."""
    element = Hyperlink(url, debug=False)
    del element.attribs["xlink:href"], element.attribs["target"]
    element.attribs["href"] = url
    for key, value in attrs.items():
        element.attribs[key.rstrip("_").replace("_", "-")] = value
    return element


def render_map(atlas: Atlas, state: MapState, base: str = "/", solo: bool = False,
               every_marker: bool = False) -> str:
    """The SVG of ``state.view`` showing ``state``'s selection; links are based at ``base``.
    ``solo`` draws only the selected trigger point (for a client's handout); ``every_marker``
    draws each marker in its place, unclustered (a saved or printed figure is not tapped)."""
    return _render(atlas, state, base, solo, every_marker)


@lru_cache(maxsize=512)
def _render(atlas: Atlas, state: MapState, base: str, solo: bool, every_marker: bool = False) -> str:
    view = atlas.views[state.view]
    zones = _selected_zones(atlas, state)
    frame = _frame(atlas, view, state, zones)
    dwg = _drawing(frame)
    dwg.attribs.update({"class": "body-map", "role": "group", "aria-label": _title(view, state),
                        "data-view": view.id, "data-side": state.side.value,
                        "data-frame": "body" if frame == whole_body(view) else "close-up"})
    dwg.set_desc(title=_title(view, state))
    _defs(dwg)
    dwg.add(_figure(dwg, view, state.side, _line_scale(frame)))
    regions, regions_markup = _regions(dwg, atlas, view, state, zones, base)
    dwg.add(regions)
    dwg.add(_zone_layer(dwg, atlas, view, state))
    dwg.add(_details(dwg, view, state.side, _line_scale(frame)))
    if state.tp:
        dwg.add(_muscle(dwg, atlas, view, state))
    dwg.add(targets.layer(dwg, link, atlas, view, state, base, frame, solo, every_marker))
    dwg.add(_side_labels(dwg, view, state, frame))
    dwg.add(_legend(dwg, frame, state.for_client))
    return dwg.tostring().replace(f'<g id="{REGIONS_MARK}" />', regions_markup, 1)


def render_companion(atlas: Atlas, state: MapState) -> str:
    """A small picture of ``state.view`` carrying the part of the selected zone that the page's
    main view cannot show: the figure, the zone and the trigger point's X, no targets (the
    whole picture is one link in the page)."""
    return _render_companion(atlas, state)


@lru_cache(maxsize=512)
def _render_companion(atlas: Atlas, state: MapState) -> str:
    view = atlas.views[state.view]
    zones = _selected_zones(atlas, state)
    frame = frame_for(atlas, view, state, zones)
    dwg = _drawing(frame)
    dwg.attribs.update({"class": "companion-map", "aria-hidden": "true", "data-view": view.id,
                        "data-side": state.side.value, "focusable": "false"})
    stipple = f"stipple-{view.id}"
    _defs(dwg, stipple)
    dwg.add(_figure(dwg, view, state.side))
    paths = zone_paths(atlas, view, state.side, atlas.trigger_points[state.tp], state.side)
    layer = dwg.g(class_="zones")
    for zone, fill in (("spillover", f"url(#{stipple})"), ("essential", RED)):
        if paths[zone]:
            layer.add(dwg.path(d=paths[zone], class_=f"zone zone-{zone}", fill=fill))
    dwg.add(layer)
    dwg.add(_details(dwg, view, state.side))
    position = atlas.trigger_points[state.tp].entry.positions.get(view.id)
    if position is not None:
        x, y = shapes.place(view, position, state.side)
        dwg.add(dwg.path(d=X_MARK, transform=f"translate({x:.1f} {y:.1f})", stroke="#1b1b1b",
                         stroke_width=3.2, stroke_linecap="round", class_="x"))
    dwg.add(_side_labels(dwg, view, state, frame))
    return dwg.tostring()


def _frame(atlas: Atlas, view: View, state: MapState, zones: referral.Zones) -> Frame:
    """A cluster's close-up (``state.group``), else the selection's close-up or the whole body."""
    if state.group and not state.tp and not state.region:
        found = targets.closeup(atlas, view.id, targets.sides_of(view, state), state.group)
        if found:
            return found.frame
    return frame_for(atlas, view, state, zones)


def _drawing(frame: Frame) -> svgwrite.Drawing:
    """An SVG drawing of ``frame`` that scales with its box (no fixed size, no SVG 1.1 profile)."""
    dwg = svgwrite.Drawing(debug=False, profile="full", viewBox=frame.view_box())
    for key in ("width", "height", "baseProfile", "version"):
        dwg.attribs.pop(key, None)
    return dwg


def _title(view: View, state: MapState) -> str:
    if view.file.layout == "bilateral":
        return f"{view.file.name} view: {view.file.plain_name.lower()}"
    return f"{view.file.name} view: {state.side.value} side of the body"


def _selected_zones(atlas: Atlas, state: MapState) -> referral.Zones:
    if state.tp:
        return referral.zones_of(atlas, atlas.trigger_points[state.tp], state.side)
    return referral.Zones((), ())


def _defs(dwg: svgwrite.Drawing, stipple: str = "stipple") -> None:
    pattern = dwg.pattern(id=stipple, size=(7, 7), patternUnits="userSpaceOnUse")
    pattern.add(dwg.rect((0, 0), (7, 7), fill=STIPPLE_TINT))
    for cx, cy in ((1.75, 1.75), (5.25, 5.25)):
        pattern.add(dwg.circle((cx, cy), r=1.15, fill=RED))
    dwg.defs.add(pattern)


def _line_scale(frame: Frame) -> float:
    """How much thinner the figure's lines are drawn in a cluster's close-up framed tighter than a
    selection's (at four to eight times its zoom, bone lines would be bands)."""
    return round(min(1.0, frame.zoom * 3), 2)


def _figure(dwg, view: View, side: Side, line: float = 1.0):
    """The body's outline. A bilateral view draws its described half once and the other half
    as a mirrored ``<use>`` of it (a third of the first paint's figure bytes)."""
    group = dwg.g(class_="figure", aria_hidden="true")
    group["aria-hidden"] = "true"
    bilateral = view.file.layout == "bilateral"
    sides = (view.file.drawn_side,) if bilateral else (side,)
    outline = dwg.g(id=f"figure-{view.id}")
    for s in sides:
        for d in _silhouette_data(view, s):
            outline.add(dwg.path(d=d))
    dwg.defs.add(outline)
    mirror = f"matrix(-1 0 0 1 {fmt(2 * view.figure.axis)} 0)"
    for attrs in ({"fill": SKIN, "stroke": SKIN_EDGE, "stroke_width": fmt(2.4 * line)},
                  {"fill": SKIN, "stroke": SKIN, "stroke_width": fmt(1.2 * line)}):  # edges, then fills over them
        layer = dwg.g(stroke_linejoin="round", **attrs)
        layer.add(_use(dwg, f"#figure-{view.id}"))
        if bilateral:
            layer.add(_use(dwg, f"#figure-{view.id}", transform=mirror))
        group.add(layer)
    return group


def _use(dwg, ref: str, **attrs):
    """An SVG 2 ``<use>`` with a plain ``href``."""
    element = dwg.use(ref, **attrs)
    element.attribs["href"] = element.attribs.pop("xlink:href")
    return element


def _regions(dwg, atlas: Atlas, view: View, state: MapState, zones: referral.Zones, base: str):
    """The regions as links (invisible until hovered, selected or drawn on): the layer, holding a
    mark where its links go, and their markup. Each region's link is drawn once per view, side,
    audience and zone (``_region_xml``) and put in place of the mark once the drawing is written:
    a state's regions differ only where its zone lies, and building them anew was a third of a
    state's drawing time."""
    # the paths inherit their (invisible) paint from the group: written once, not per region
    group = dwg.g(class_="regions", fill="#ffffff", fill_opacity=0, stroke="none")
    group.attribs.update({"role": "group", "aria-label": "Body regions: choose where it hurts"})
    group.add(dwg.g(id=REGIONS_MARK))
    cleared = state.cleared()
    markup = "".join(_region_xml(atlas, cleared, base, region_id, zones.zone_of(region_id), state.region == region_id)
                     for region_id, _ in _region_data(atlas, view.id, state.side))
    return group, markup


@lru_cache(maxsize=1 << 16)
def _region_xml(atlas: Atlas, cleared: MapState, base: str, region_id: str, zone: str | None, selected: bool) -> str:
    """One region's link in the regions layer, as markup."""
    view, region = atlas.views[cleared.view], atlas.regions[region_id]
    d = _region_paths(atlas, view.id, cleared.side)[region_id]
    target = cleared.with_region(atlas, region.id)
    name = region.plain_name if cleared.for_client else region.name
    label = name + (f", {zone} zone" if zone else "")
    anchor = link(href(target, atlas, base), class_="region", data_region=region.id, aria_label=label)
    if zone:
        anchor["data-zone"] = zone
    if selected:
        anchor["aria-current"] = "true"
        anchor["class"] = "region selected"
    anchor.add(_region_path(svgwrite.Drawing(debug=False), view, region, d))
    return anchor.tostring()


@lru_cache(maxsize=64)
def _region_paths(atlas: Atlas, view_id: str, side: Side) -> dict[str, str]:
    return dict(_region_data(atlas, view_id, side))


@lru_cache(maxsize=64)
def _region_data(atlas: Atlas, view_id: str, side: Side) -> tuple[tuple[str, str], ...]:
    """(region id, path data) of every region drawn on a view for a side: the same in every state
    (half of a state's drawing time when worked out for each; a static export draws thousands)."""
    view = atlas.views[view_id]
    return tuple((shape.region_id, "".join(path_data(seg, step=REGION_STEP) for seg in shape.segments))
                 for shape in shapes.region_shapes(atlas, view, side))


def _region_path(dwg, view: View, region, d: str):
    """A region's hit area. On a bilateral view a paired region on the mirrored side is a
    mirrored ``<use>`` of its twin's path (regions were a third of the first paint), which
    scripts read back through ``regionPathData`` in static/js/map.js."""
    if view.file.layout == "bilateral" and region.side and shapes.mirrored(view, region.side):
        twin = f"{region.side.other.value}-{region.stem}"
        return _use(dwg, f"#r-{twin}", transform=f"matrix(-1 0 0 1 {fmt(2 * view.figure.axis)} 0)")
    path = dwg.path(d=d)
    if view.file.layout == "bilateral" and region.side:
        path["id"] = f"r-{region.id}"
    return path


def _zone_layer(dwg, atlas: Atlas, view: View, state: MapState):
    """The selected trigger point's zones as smooth shapes (``zones.py``); scripts show others."""
    group = dwg.g(class_="zones")
    group["aria-hidden"] = "true"
    paths = zone_paths(atlas, view, state.side, atlas.trigger_points[state.tp], state.side) \
        if state.tp else {zone: "" for zone in referral.ZONES}
    fills = {"spillover": "url(#stipple)", "essential": RED}
    for zone in ("spillover", "essential"):  # essential on top
        group.add(dwg.path(d=paths[zone] or None, class_=f"zone zone-{zone}", fill=fills[zone]))
    return group


def _details(dwg, view: View, side: Side, line: float = 1.0):
    group = dwg.g(class_="details", fill="none", stroke=BONE, stroke_linecap="round")
    group["aria-hidden"] = "true"
    width = {kind: fmt(w * line) for kind, w in {"bone": 1.4, "crease": 1.1, "contour": 1.0}.items()}
    for kind, d in _detail_data(view, side):
        group.add(dwg.path(d=d, class_=f"detail {kind}", stroke_width=width[kind]))
    return group


@lru_cache(maxsize=64)
def _silhouette_data(view: View, side: Side) -> tuple[str, ...]:
    """The path data of the body's outline on one side: the same in every state."""
    return tuple(path_data(segments) for _, segments in shapes.silhouette_of(view, side))


@lru_cache(maxsize=64)
def _detail_data(view: View, side: Side) -> tuple[tuple[str, str], ...]:
    """(kind, path data) of the anatomical lines on a view for a side: the same in every state."""
    return tuple((kind, path_data(segments, close=closed)) for kind, segments, closed in shapes.details(view, side))


def _muscle(dwg, atlas: Atlas, view: View, state: MapState):
    tp = atlas.trigger_points[state.tp]
    muscle = atlas.muscles[tp.muscle].file
    group = dwg.g(class_="muscle")
    group["aria-hidden"] = "true"
    points = muscle.shapes.get(view.id)
    if not points:
        return group
    outline = path_data(shapes.muscle_outline(view, list(points), state.side))
    group.add(dwg.path(d=outline, fill="#a0523d", fill_opacity=0.2, stroke="none"))
    fibres = muscle.fibres.get(view.id)
    if fibres:
        clip = dwg.clipPath(id=f"clip-{muscle.id}")
        clip.add(dwg.path(d=outline))
        dwg.defs.add(clip)
        lines = dwg.g(clip_path=f"url(#clip-{muscle.id})", stroke="#8a3a2a", stroke_opacity=0.45,
                      stroke_width=0.9, fill="none")
        for (x0, y0), (x1, y1) in shapes.fibre_lines(view, fibres, state.side):
            lines.add(dwg.line((f"{x0:.1f}", f"{y0:.1f}"), (f"{x1:.1f}", f"{y1:.1f}")))
        group.add(lines)
    group.add(dwg.path(d=outline, fill="none", stroke="#7a3426", stroke_width=1.2))
    return group


def _side_labels(dwg, view: View, state: MapState, frame: Frame):
    side, whose = state.side, ("your" if state.for_client else "client's")
    s = frame.scale
    group = dwg.g(class_="side-labels", fill=INK, font_family="system-ui, sans-serif", text_anchor="middle",
                  transform=f"translate({frame.x:.1f} {frame.top:.1f}) scale({s:.4f})")
    group["aria-hidden"] = "true"
    width = frame.w / s
    if view.file.layout == "bilateral":
        left_side = view.file.drawn_side
        for x, shown in ((52, left_side), (width - 52, left_side.other)):
            group.add(dwg.rect((x - 44, 4), (88, 60), rx=8, fill="#ffffff", fill_opacity=0.85, class_="backing"))
            group.add(dwg.text(shown.value[0].upper(), insert=(x, 40), font_size=36, font_weight="700",
                               class_="side-letter"))
            group.add(dwg.text(f"{whose} {shown.value}", insert=(x, 57), font_size=14, class_="side-word"))
    else:
        facing_right = not shapes.mirrored(view, side)
        x = width - 96 if facing_right else 96  # its 184-wide backing inside the frame, where the face is
        group.add(dwg.rect((x - 92, 4), (184, 60), rx=8, fill="#ffffff", fill_opacity=0.85, class_="backing"))
        group.add(dwg.text(side.value[0].upper(), insert=(x, 40), font_size=36, font_weight="700",
                           class_="side-letter"))
        group.add(dwg.text(f"{whose} {side.value} side, front " + ("→" if facing_right else "←"), insert=(x, 57),
                           font_size=14, class_="side-word"))
    group.add(dwg.text(f"{view.file.name} view", insert=(width / 2, 20), font_size=15, class_="view-name"))
    return group


LEGEND_WORDS = {
    False: ("trigger point", "essential zone", "spillover zone",
            "Zones after Travell & Simons; drawn from our own data."),
    True: ("sore spot", "where it hurts", "may also hurt", "The pain is felt away from the sore spot."),
}


def _legend(dwg, frame: Frame, for_client: bool = False):
    words = LEGEND_WORDS[for_client]
    s = frame.scale
    group = dwg.g(class_="legend", font_family="system-ui, sans-serif", font_size=14, fill=INK,
                  transform=f"translate({frame.x + (frame.w - 400 * s) / 2:.1f} {frame.bottom + 12 * s:.1f}) scale({s:.4f})")
    group["aria-hidden"] = "true"
    x0, y = 4, 0
    group.add(dwg.rect((-8, -8), (412, 62), rx=8, fill="#ffffff", fill_opacity=0.92, class_="backing"))
    group.add(dwg.path(d=X_MARK, transform=f"translate({x0 + 8} {y + 9})", stroke="#1b1b1b",
                       stroke_width=3, stroke_linecap="round"))
    group.add(dwg.text(words[0], insert=(x0 + 22, y + 14)))
    group.add(dwg.rect((x0 + 120, y), (20, 18), fill=RED, rx=3))
    group.add(dwg.text(words[1], insert=(x0 + 146, y + 14)))
    group.add(dwg.rect((x0 + 252, y), (20, 18), fill="url(#stipple)", stroke=RED, stroke_width=0.6, rx=3))
    group.add(dwg.text(words[2], insert=(x0 + 278, y + 14)))
    group.add(dwg.text(words[3], insert=(x0, y + 40),
                       font_size=11.5, fill="#6b5f56"))
    return group
