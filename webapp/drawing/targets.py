"""The trigger point layer: one target per marker where it has room, one per cluster elsewhere.

``lod.py`` decides what is grouped; this module draws it. A marker is a link that selects its
trigger point (with the zones in ``data-*`` for the page's previews); a cluster is a link to its
close-up with a count on the figure, and ``data-split``: the zoom level from which the close-up's
targets are 24 px, so the page's zoom can show them in place (``static/js/lod.js``).
In a close-up of a cluster its members are the targets; other markers there are drawn faint,
for orientation only (they are targets on the whole-body view and their own close-ups).
"""

from __future__ import annotations

from functools import lru_cache

from ..content.geometry import fmt
from ..content.model import Atlas, Side, View, clinical, plain
from ..queries import referral
from ..queries.state import MapState, href
from . import lod, shapes
from .frame import Frame, _fit, whole_body

INK = "#4a4039"
X_MARK = "M-6 -6L6 6M-6 6L6 -6"


def sides_of(view: View, state: MapState) -> tuple[Side, ...]:
    """The sides whose markers are drawn, the state's first (its clusters name the close-ups)."""
    if not state.both:
        return (state.side,)
    return (state.side,) + tuple(s for s in shapes.shown_sides(view, state.side) if s != state.side)


@lru_cache(maxsize=512)
def closeup(atlas: Atlas, view_id: str, sides: tuple[Side, ...], lead: str):
    """The cluster ``lead`` belongs to on the whole-body view, its frame and its members' places."""
    group = lod.group_of(atlas, view_id, sides, lead)
    if group is None:
        return None
    frame, places = lod.fit_group(group.members, atlas.views[view_id], _fit)
    return group, frame, places


def layer(dwg, link, atlas: Atlas, view: View, state: MapState, base: str, frame: Frame, solo: bool,
          every_marker: bool = False):
    group = dwg.g(class_="trigger-points")
    group.attribs.update({"role": "group", "aria-label": "Trigger points"})
    size = min(1.0, max(0.55, frame.zoom * 1.6))  # markers shrink less than the zoom grows
    radius = lod.target_units(frame)
    sides = sides_of(view, state)
    if solo:
        chosen = [m for m in lod.markers(atlas, view, (state.side,)) if m.tp == state.tp]
        targets, context = [lod.Cluster((m,), m.x, m.y) for m in chosen], []
    elif every_marker:
        targets, context = [lod.Cluster((m,), m.x, m.y) for m in lod.markers(atlas, view, sides)], []
    elif state.group and (found := closeup(atlas, view.id, sides, state.group)):
        cluster, _, places = found
        targets = [lod.Cluster((m,), x, y) for m, (x, y) in zip(cluster.members, places)]
        keys = {m.key for m in cluster.members}
        context = [m for m in _in_frame(atlas, view, sides, frame) if m.key not in keys]
    else:
        targets, context = _targets(atlas, view, state, sides, frame, radius)
    if context:
        group.add(_context_points(dwg, context, size * 0.6))
    gaps = _gaps(targets)
    relevant = _relevant_trigger_points(atlas, state)
    for target, nearest in zip(targets, gaps):
        hit = max(radius, min(24.0 * size, nearest / 2))
        if len(target.members) == 1:
            group.add(_marker(dwg, link, atlas, state, base, target, hit, size, relevant))
        else:
            group.add(_badge(dwg, link, atlas, view, state, base, target, hit, sides, frame))
    return group


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
    """Whole body: the cached clusters. A close-up of a selection: the markers it frames, grouped
    at its scale, the selected one always alone (markers crowding it are drawn for context)."""
    if frame == whole_body(view) and not state.tp:
        return list(lod.body_clusters(atlas, view.id, sides)), []
    shown = _in_frame(atlas, view, sides, frame) if frame != whole_body(view) else lod.markers(atlas, view, sides)
    selected = [m for m in shown if m.tp == state.tp and m.side == state.side]
    others = [m for m in shown if m not in selected]
    targets = lod.cluster(others, 2 * radius)
    if not selected:
        return targets, []
    s = selected[0]
    near = [t for t in targets if (t.x - s.x) ** 2 + (t.y - s.y) ** 2 < (2 * radius) ** 2]
    context = [m for t in near for m in t.members]
    return [lod.Cluster((s,), s.x, s.y)] + [t for t in targets if t not in near], context


def _gaps(targets) -> list[float]:
    return lod._nearest_distances([(t.x, t.y) for t in targets])


def _marker(dwg, link, atlas: Atlas, state: MapState, base: str, target, hit: float, size: float, relevant):
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
                  transform=f"translate({target.x:.1f} {target.y:.1f}) scale({size:.2f})")
    if selected:
        anchor["aria-current"] = "true"
    if "dim" in classes:
        anchor["opacity"] = "0.32"  # as the stylesheet does, for saved files without it
    if (target.x, target.y) != (m.x, m.y):  # spread apart in a close-up: a line to where it is
        anchor.add(dwg.line((0, 0), (f"{(m.x - target.x) / size:.1f}", f"{(m.y - target.y) / size:.1f}"),
                            class_="leader", stroke=INK, stroke_width=1.2))
        anchor.add(dwg.circle((f"{(m.x - target.x) / size:.1f}", f"{(m.y - target.y) / size:.1f}"), r=2.4,
                              class_="spot", fill=INK))
    anchor.add(dwg.circle((0, 0), r=f"{hit / size:.1f}", class_="hit", fill="#ffffff", fill_opacity=0))
    mark = dwg.g(class_="mark")
    mark.add(dwg.circle((0, 0), r=12, class_="ring", fill="#ffffff", fill_opacity=0.85,
                        stroke=INK, stroke_opacity=1 if selected else 0, stroke_width=2.6))
    mark.add(dwg.path(d=X_MARK, class_="x", stroke="#1b1b1b", stroke_width=3.2, stroke_linecap="round"))
    anchor.add(mark)
    return anchor


def _badge(dwg, link, atlas: Atlas, view: View, state: MapState, base: str, target, hit: float, sides,
           frame: Frame):
    """A cluster: its count on the figure, a name that says what it holds, a link to its close-up,
    and the zoom level of this figure from which the close-up's targets are 24 px (on the smallest
    figure; larger screens get there sooner, but the level keeps one rule for all)."""
    count = len(target.members)
    # the close-up it opens: its lead's whole-body cluster, or a member's where the lead has none
    # (a close-up groups at its own scale, so its clusters need not match the whole body's)
    lead = next((m.tp for m in (target.lead, *target.members) if closeup(atlas, view.id, sides, m.tp)), None)
    found = closeup(atlas, view.id, sides, lead) if lead else None
    split = lod.px_per_unit(found[1]) / lod.px_per_unit(frame) if found else 99.0
    opens = state.with_group(lead) if lead else state.cleared().with_frame("body")
    anchor = link(href(opens, atlas, base), class_="tp-cluster",
                  data_count=str(count), data_split=f"{split:.2f}",
                  aria_label=cluster_label(atlas, target, state.for_client),
                  transform=f"translate({target.x:.1f} {target.y:.1f})")
    anchor.add(dwg.circle((0, 0), r=f"{hit:.1f}", class_="hit", fill="#ffffff", fill_opacity=0))
    anchor.add(dwg.circle((0, 0), r=13, class_="badge", fill="#ffffff", fill_opacity=0.92, stroke=INK,
                          stroke_width=2.2))
    anchor.add(dwg.text(str(count), insert=(0, 5.5), class_="count", text_anchor="middle", font_size=15,
                        font_weight="700", fill=INK, font_family="system-ui, sans-serif"))
    return anchor


def cluster_label(atlas: Atlas, target, for_client: bool) -> str:
    names = []
    for m in target.members:
        muscle = atlas.muscles[atlas.trigger_points[m.tp].muscle].file
        name = muscle.plain_name if for_client else muscle.name
        if name not in names:
            names.append(name)
    shown = ", ".join(names[:2]) + (f" and {len(names) - 2} more" if len(names) > 2 else "")
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
