"""The trigger point layer: one target per marker where it has room, one per cluster elsewhere.

``lod.py`` decides what is grouped; this module draws it. A marker is a link that selects its
trigger point (with the zones in ``data-*`` for the page's previews); a cluster is a link to its
close-up with a count on the figure, and ``data-split``: the zoom level from which the close-up's
targets are 24 px, so the page's zoom can show them in place (``static/js/lod.js``).
In a close-up of a cluster its members are the targets; other markers there are drawn faint,
for orientation only (they are targets on the whole-body view and their own close-ups).
"""

from __future__ import annotations

from dataclasses import replace

from ..content.geometry import fmt
from ..content.model import Atlas, Side, View, clinical, plain
from ..queries import referral
from ..queries.state import MapState, href
from . import lod, shapes
from .frame import Frame, whole_body

INK = "#4a4039"
X_MARK = "M-6 -6L6 6M-6 6L6 -6"


def sides_of(view: View, state: MapState) -> tuple[Side, ...]:
    """The sides whose markers are drawn, the state's first (its clusters name the close-ups)."""
    if not state.both:
        return (state.side,)
    return (state.side,) + tuple(s for s in shapes.shown_sides(view, state.side) if s != state.side)


def closeup(atlas: Atlas, view_id: str, sides: tuple[Side, ...], name: str) -> lod.Closeup | None:
    """The close-up a ``group=`` value names on this view and sides (webapp/drawing/lod.py)."""
    return lod.closeup(atlas, view_id, sides, name)


def layer(dwg, link, atlas: Atlas, view: View, state: MapState, base: str, frame: Frame, solo: bool,
          every_marker: bool = False):
    group = dwg.g(class_="trigger-points")
    group.attribs.update({"role": "group", "aria-label": "Trigger points"})
    radius = lod.target_units(frame)
    size = marker_size(frame)
    sides = sides_of(view, state)
    placed, context = hit_areas(atlas, view, state, frame, solo, every_marker)
    if context:
        group.add(_context_points(dwg, context, size * 0.6))
    relevant = _relevant_trigger_points(atlas, state)
    for target, hit in placed:
        if len(target.members) == 1:
            group.add(_marker(dwg, link, atlas, state, base, target, hit, size, relevant, _digits(frame)))
        else:
            group.add(_badge(dwg, link, atlas, view, state, base, target, hit, sides, frame, round(min(1.0, radius / 24), 2)))
    return group


def marker_size(frame: Frame) -> float:
    """A marker's scale: markers shrink less than the zoom grows, but stay inside their targets
    in a deep close-up."""
    return round(min(1.0, max(0.55, frame.zoom * 1.6), lod.target_units(frame) / 20), 2)  # as written


def _digits(frame: Frame) -> int:
    """Decimals of a target's place: tenths of a unit are a twentieth of a px on the whole body,
    but a close-up of a close-up draws a unit four times larger, where they would bring two
    targets closer than their hit circles allow."""
    return 1 if lod.px_per_unit(frame) <= 1.0 else 2


def hit_areas(atlas: Atlas, view: View, state: MapState, frame: Frame, solo: bool = False,
              every_marker: bool = False) -> tuple[list[tuple[lod.Cluster, float]], list[lod.Marker]]:
    """The targets ``frame`` draws for ``state``, each with the radius of its hit area (figure
    units: at least 24 CSS px across on the smallest figure, and clear of every other target's),
    and the markers drawn faint around them for orientation only."""
    radius = lod.target_units(frame)
    sides = sides_of(view, state)
    if solo:
        chosen = [m for m in lod.markers(atlas, view, (state.side,)) if m.tp == state.tp]
        targets, context = [lod.Cluster((m,), m.x, m.y) for m in chosen], []
    elif every_marker:
        targets, context = [lod.Cluster((m,), m.x, m.y) for m in lod.markers(atlas, view, sides)], []
    elif state.group and (found := closeup(atlas, view.id, sides, state.group)):
        targets = list(found.targets)
        keys = {m.key for m in found.members}
        context = [m for m in _in_frame(atlas, view, sides, frame) if m.key not in keys]
    else:
        targets, context = _targets(atlas, view, state, sides, frame, radius)
    size = marker_size(frame)
    hits = [max(radius, min(24.0 * size, nearest / 2)) for nearest in _gaps(targets)]
    return list(zip(targets, hits)), context


def _context_points(dwg, context: list[lod.Marker], scale: float):
    """The faint markers of a close-up, for orientation: one path in figure units, so a repaint of
    the figure walks one element for them, not one transformed element each."""
    half, d = 6 * scale, []
    for m in context:  # X_MARK at (m.x, m.y), scaled
        d.append(f"M{fmt(m.x - half)} {fmt(m.y - half)}l{fmt(2 * half)} {fmt(2 * half)}"
                 f"m0 {fmt(-2 * half)}l{fmt(-2 * half)} {fmt(2 * half)}")
    context_layer = dwg.g(class_="context-points", aria_hidden="true", opacity=0.35)
    context_layer["aria-hidden"] = "true"
    context_layer.add(dwg.path(d="".join(d), stroke="#1b1b1b", stroke_width=fmt(3 * scale),
                               stroke_linecap="round", fill="none"))
    return context_layer


def _in_frame(atlas: Atlas, view: View, sides, frame: Frame) -> list[lod.Marker]:
    return [m for m in lod.markers(atlas, view, sides)
            if frame.x <= m.x <= frame.x + frame.w and frame.y <= m.y <= frame.y + frame.h]


def _targets(atlas: Atlas, view: View, state: MapState, sides, frame: Frame, radius: float):
    """Whole body: the view's own clusters (``_on_whole_body``). A close-up of a selection: the
    markers it frames, grouped at its scale, the selected one always alone (markers crowding it
    are drawn for context)."""
    if frame == whole_body(view):
        return _on_whole_body(atlas, view, state, sides, radius)
    shown = _in_frame(atlas, view, sides, frame)
    selected = [m for m in shown if m.tp == state.tp and m.side == state.side]
    others = [m for m in shown if m not in selected]
    targets = lod.cluster(others, 2 * radius)
    if not selected:
        return targets, []
    s = selected[0]
    near = [t for t in targets if not _apart(t, s, radius)]
    context = [m for t in near for m in t.members]
    return [lod.Cluster((s,), s.x, s.y)] + [t for t in targets if t not in near], context


def _on_whole_body(atlas: Atlas, view: View, state: MapState, sides, radius: float):
    """The whole body's own targets: the badges, and the close-ups they open, that the view has
    without a selection, so selecting does not regroup the figure. The selected marker is drawn
    alone at its spot, and the targets that would crowd it faint, for orientation; the rest of
    its own cluster stays a target at its members' centre where it has room there."""
    body = list(lod.body_clusters(atlas, view.id, sides))
    key = (state.tp, state.side.value) if state.tp else None
    holding = next((t for t in body if key in {m.key for m in t.members}), None) if key else None
    if holding is None:
        return body, []
    selected = next(m for m in holding.members if m.key == key)
    kept = [t for t in body if t is not holding and _apart(t, selected, radius)]
    context = [m for t in body if t is not holding and not _apart(t, selected, radius) for m in t.members]
    rest = tuple(m for m in holding.members if m.key != key)
    if rest:
        left = replace(holding, members=rest, x=sum(m.x for m in rest) / len(rest),
                       y=sum(m.y for m in rest) / len(rest), opens=holding.opens if len(rest) > 1 else None)
        if all(_apart(left, t, radius) for t in [selected, *kept]):
            kept.append(left)
        else:
            context += rest
    return [lod.Cluster((selected,), selected.x, selected.y)] + kept, context


def _apart(a, b, radius: float) -> bool:
    """Whether two targets (or markers) stand as ``lod.cluster`` leaves its targets: at least a
    spacing (two target radii) apart."""
    return (a.x - b.x) ** 2 + (a.y - b.y) ** 2 >= (2 * radius) ** 2


def _gaps(targets) -> list[float]:
    return lod._nearest_distances([(t.x, t.y) for t in targets])


def _marker(dwg, link, atlas: Atlas, state: MapState, base: str, target, hit: float, size: float, relevant,
            digits: int = 1):
    m = target.members[0]
    tp = atlas.trigger_points[m.tp]
    zones = referral.zones_of(atlas, tp, m.side)
    selected = state.tp == tp.id and m.side == state.side
    classes = ["trigger-point"] + (["selected"] if selected else []) \
        + (["dim"] if relevant is not None and tp.id not in relevant else []) \
        + (["other-side"] if m.side != state.side else [])
    anchor = link(href(state.with_trigger_point(tp.id, m.side), atlas, base), class_=" ".join(classes),
                  data_trigger_point=tp.id, data_side=m.side.value, data_muscle=tp.muscle,
                  data_essential=" ".join(zones.essential), data_spillover=" ".join(zones.spillover),
                  aria_label=trigger_point_label(atlas, tp, m.side, state.for_client),
                  transform=f"translate({target.x:.{digits}f} {target.y:.{digits}f}) scale({size:.2f})")
    if selected:
        anchor["aria-current"] = "true"
    if "dim" in classes:
        anchor["opacity"] = "0.32"  # as the stylesheet does, for saved files without it
    if (target.x, target.y) != (m.x, m.y):  # spread apart in a close-up: a line to where it is
        # the line and the spot are no part of the target: a tap on them is a tap on the figure
        anchor.add(dwg.line((0, 0), (f"{(m.x - target.x) / size:.1f}", f"{(m.y - target.y) / size:.1f}"),
                            class_="leader", stroke=INK, stroke_width=1.2, pointer_events="none"))
        anchor.add(dwg.circle((f"{(m.x - target.x) / size:.1f}", f"{(m.y - target.y) / size:.1f}"), r=2.4,
                              class_="spot", fill=INK, pointer_events="none"))
    anchor.add(dwg.circle((0, 0), r=f"{hit / size:.1f}", class_="hit", fill="#ffffff", fill_opacity=0))
    mark = dwg.g(class_="mark")
    mark.add(dwg.circle((0, 0), r=12, class_="ring", fill="#ffffff", fill_opacity=0.85,
                        stroke=INK, stroke_opacity=1 if selected else 0, stroke_width=2.6))
    mark.add(dwg.path(d=X_MARK, class_="x", stroke="#1b1b1b", stroke_width=3.2, stroke_linecap="round"))
    anchor.add(mark)
    return anchor


def _badge(dwg, link, atlas: Atlas, view: View, state: MapState, base: str, target, hit: float, sides,
           frame: Frame, size: float):
    """A cluster: its count on the figure, a name that says what it holds, a link to its close-up,
    and the zoom level of this figure from which the close-up's targets are 24 px (on the smallest
    figure; larger screens get there sooner, but the level keeps one rule for all). A badge is
    the same size on screen at every depth (``size``: 1 on the whole body)."""
    name = target.opens or _opens_from_selection(atlas, view, sides, target)
    found = closeup(atlas, view.id, sides, name) if name else None
    split = lod.px_per_unit(found.frame) / lod.px_per_unit(frame) if found else 99.0
    opens = state.with_group(name) if name else state.cleared().with_frame("body")
    anchor = link(href(opens, atlas, base), class_="tp-cluster",
                  data_count=str(len(target.members)), data_split=f"{split:.2f}",
                  aria_label=cluster_label(atlas, target, state.for_client),
                  transform=f"translate({target.x:.{_digits(frame)}f} {target.y:.{_digits(frame)}f})"
                  + (f" scale({size:.2f})" if size < 0.99 else ""))
    anchor.add(dwg.circle((0, 0), r=f"{hit / (size if size < 0.99 else 1):.1f}", class_="hit", fill="#ffffff", fill_opacity=0))
    anchor.add(dwg.circle((0, 0), r=13, class_="badge", fill="#ffffff", fill_opacity=0.92, stroke=INK,
                          stroke_width=2.2))
    anchor.add(dwg.text(str(len(target.members)), insert=(0, 5.5), class_="count", text_anchor="middle",
                        font_size=15, font_weight="700", fill=INK, font_family="system-ui, sans-serif"))
    return anchor


def _opens_from_selection(atlas: Atlas, view: View, sides, target) -> str | None:
    """A cluster in a selection's close-up groups at that close-up's scale, so it need not match a
    whole-body cluster: it opens the whole-body close-up of its first member that has one."""
    for m in target.members:
        found = lod.group_of(atlas, view.id, sides, m.tp if m.side == sides[0] else f"{m.tp}.{m.side.value}")
        if found:
            return found.opens
    return None


def cluster_label(atlas: Atlas, target, for_client: bool) -> str:
    names = []
    for m in target.members:
        muscle = atlas.muscles[atlas.trigger_points[m.tp].muscle].file
        name = muscle.plain_name if for_client else muscle.name
        if name not in names:
            names.append(name)
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more muscles" if len(names) > 3 else "")
    noun = "sore spots" if for_client else "trigger points"
    return f"{shown}: {len(target.members)} {noun}, open close-up"


def trigger_point_label(atlas: Atlas, tp, side: Side, for_client: bool) -> str:
    muscle = atlas.muscles[tp.muscle].file
    if for_client:
        return f"{muscle.plain_name}: {plain(tp.entry.name).lower()}, {side.value} side"
    return f"{muscle.name} {tp.entry.label}, {clinical(tp.entry.name).lower()}, {side.value} side"


def _relevant_trigger_points(atlas: Atlas, state: MapState) -> set[str] | None:
    """The trigger points to keep bright: the selected one's muscle, or a region's referrers."""
    if state.tp:
        muscle = atlas.trigger_points[state.tp].muscle
        return {tp.id for tp in atlas.muscles[muscle].trigger_points}
    if state.region:
        return {r.trigger_point.id for r in referral.referrers_of(atlas, state.region) if r.side == state.side}
    return None
