"""What the side panel shows for a state: plain values for the templates.

Pure: built from the atlas and the state, with links made by :func:`webapp.queries.state.href`.
Templates only loop over these and format them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.model import Atlas, Condition, Muscle, Region, Side, SourceRef, Text, TriggerPoint, plain
from . import referral
from .state import MapState, href


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class ZoneRegion:
    region: Region
    zone: str
    url: str


@dataclass(frozen=True)
class Citation:
    short: str
    where: str | None
    citation: str


@dataclass(frozen=True)
class DifferentialItem:
    condition: Condition
    why: str
    source: Citation


@dataclass(frozen=True)
class Companion:
    """Another view that carries part of the selected zone, shown beside the main figure."""

    state: MapState
    name: str
    url: str
    label: str


@dataclass(frozen=True)
class TriggerPointPanel:
    tp: TriggerPoint
    muscle: Muscle
    side: Side
    zones: list[ZoneRegion]
    shown_on: list[Link]
    hidden_here: bool
    companions: list[Companion]
    source: Citation
    differentials: list[DifferentialItem]
    zone_red_flags: list[DifferentialItem]
    muscle_sources: list[Citation]
    other_points: list[Link]
    other_side: Link
    safety: str


@dataclass(frozen=True)
class ReferrerItem:
    label: str
    muscle_name: str
    muscle_plain: str
    tp_name: Text
    zone: str
    links: list[Link]


@dataclass(frozen=True)
class RegionPanel:
    region: Region
    referrers: list[ReferrerItem]
    differentials: list[DifferentialItem]
    red_flags: list[DifferentialItem]
    shown_on: list[Link]
    counts: dict[str, int] = field(default_factory=dict)


def cite(atlas: Atlas, ref: SourceRef) -> Citation:
    source = atlas.sources[ref.ref]
    return Citation(source.short, ref.where, source.citation)


def view_links(atlas: Atlas, state: MapState, view_ids, base: str) -> list[Link]:
    views = sorted((atlas.views[v] for v in view_ids), key=lambda v: v.file.order)
    return [Link(v.file.name, href(state.with_view(v.id), atlas, base), v.id == state.view) for v in views]


def differentials_of(atlas: Atlas, muscle: Muscle) -> list[DifferentialItem]:
    """A muscle's differentials with their conditions and sources: red flags first, most urgent
    first, then the others by their most urgent escalating sign (file order within a tier)."""
    items = [DifferentialItem(atlas.conditions[d.condition], d.why, cite(atlas, atlas.conditions[d.condition].source))
             for d in muscle.file.differentials]
    return sorted(items, key=lambda item: item.condition.urgency_rank)


def zone_red_flags(atlas: Atlas, muscle: Muscle, trigger_points=None) -> list[DifferentialItem]:
    """Red flags of the regions its trigger points refer to (either side) that its curated
    differentials do not name, most urgent first; each says why it looks alike."""
    tps = trigger_points if trigger_points is not None else muscle.trigger_points
    zones = [referral.zones_of(atlas, tp, side) for tp in tps for side in Side]
    listed = [d.condition for d in muscle.file.differentials]
    return [DifferentialItem(c, c.looks_alike, cite(atlas, c.source))
            for c in referral.red_flags_in_zones(atlas, zones, listed)]


def trigger_point_panel(atlas: Atlas, state: MapState, base: str = "/") -> TriggerPointPanel:
    tp = atlas.trigger_points[state.tp]
    muscle = atlas.muscles[tp.muscle]
    zones = referral.zones_of(atlas, tp, state.side)
    zone_regions = [
        ZoneRegion(atlas.regions[rid], zone, href(state.cleared().with_region(atlas, rid), atlas, base))
        for rid, zone in zones.items()
    ]
    differentials = differentials_of(atlas, muscle)
    others = [Link(f"{o.entry.label}", href(state.with_trigger_point(o.id, state.side), atlas, base), o.id == tp.id)
              for o in muscle.trigger_points]
    other_side = state.side.other
    return TriggerPointPanel(
        tp=tp, muscle=muscle, side=state.side, zones=zone_regions,
        shown_on=view_links(atlas, state, tp.views, base),
        hidden_here=state.view not in tp.entry.positions,
        companions=companions_of(atlas, state, zones, base),
        source=cite(atlas, tp.entry.source),
        differentials=differentials,
        zone_red_flags=zone_red_flags(atlas, muscle, [tp]),
        muscle_sources=[cite(atlas, s) for s in muscle.file.sources],
        other_points=others,
        other_side=Link(f"Show on the {other_side.value} side",
                        href(state.with_trigger_point(tp.id, other_side), atlas, base)),
        safety=client_safety(muscle),
    )


def companions_of(atlas: Atlas, state: MapState, zones: referral.Zones, base: str = "/") -> list[Companion]:
    """The other views a selected zone needs to be seen whole, each with what it carries."""
    found = []
    for view_id in referral.views_for_zone(atlas, zones, state.view):
        view = atlas.views[view_id]
        there = [atlas.regions[r] for r, _ in zones.items()
                 if view_id in atlas.regions[r].views and state.view not in atlas.regions[r].views]
        names = [r.plain_name if state.for_client else r.name for r in there]
        target = state.with_view(view_id)
        found.append(Companion(target, view.file.name, href(target, atlas, base),
                               f"{view.file.name} view, with the rest of the zone: {', '.join(names)}"))
    return found


CHECK_WITH_THERAPIST = "Check with your own therapist that these exercises suit you."


def client_safety(muscle: Muscle) -> str:
    """The muscle's safety advice for the client, always ending with the advice to check."""
    text = plain(muscle.file.safety) if muscle.file.safety else ""
    if "own therapist" not in text.lower():
        text = f"{text} {CHECK_WITH_THERAPIST}".strip()
    return text


def region_panel(atlas: Atlas, state: MapState, base: str = "/") -> RegionPanel:
    region = atlas.regions[state.region]
    items = []
    for group in referral.grouped_referrers(atlas, region.id):
        tp = group.trigger_point
        links = [Link(f"{side.value} side", href(state.cleared().with_trigger_point(tp.id, side), atlas, base))
                 for side in group.sides]
        plain_name = atlas.muscles[tp.muscle].file.plain_name
        items.append(ReferrerItem(tp.entry.label, group.muscle_name, plain_name, tp.entry.name, group.zone, links))
    differentials, red_flags = referral.conditions_at(atlas, region)

    def item(c: Condition) -> DifferentialItem:
        return DifferentialItem(c, c.looks_alike, cite(atlas, c.source))

    counts = {zone: sum(1 for i in items if i.zone == zone) for zone in referral.ZONES}
    return RegionPanel(region, items, [item(c) for c in differentials], [item(c) for c in red_flags],
                       view_links(atlas, state, region.views, base), counts)


def view_tabs(atlas: Atlas, state: MapState, base: str = "/") -> list[Link]:
    return view_links(atlas, state, atlas.views, base)


def side_links(atlas: Atlas, state: MapState, base: str = "/") -> list[Link]:
    """Client's left, right, or both (both: markers of both sides, the chosen one in front)."""
    links = [Link(s.value.capitalize(), href(state.with_side(s), atlas, base), s == state.side and not state.both)
             for s in Side]
    if atlas.views[state.view].file.layout == "bilateral":
        links.append(Link("Both", href(state.with_side(state.side, both=True), atlas, base), state.both))
    return links


def audience_link(atlas: Atlas, state: MapState, base: str = "/") -> Link:
    if state.for_client:
        return Link("Clinician view", href(state.with_audience("clinician"), atlas, base))
    return Link("Client view", href(state.with_audience("client"), atlas, base))


def frame_link(atlas: Atlas, state: MapState, base: str = "/") -> Link | None:
    """The toggle between a close-up of the selection and the whole body."""
    if state.group:
        return Link("Whole body", href(state.cleared(), atlas, base))
    if not (state.tp or state.region):
        return None
    if state.frame == "body":
        return Link("Close-up", href(state.with_frame(None), atlas, base))
    return Link("Whole body", href(state.with_frame("body"), atlas, base))


def condition_links(atlas: Atlas, condition: Condition, base: str = "/") -> dict:
    """Where a condition presents (region states on the map) and whose trigger points it mimics."""
    regions = []
    for stem in condition.regions:
        ids = [stem] if stem in atlas.regions else [f"{side.value}-{stem}" for side in Side]
        for rid in ids:
            region = atlas.regions[rid]
            if region.views:
                state = MapState(view=region.views[0]).with_region(atlas, rid)
                regions.append((region, href(state, atlas, base)))
    muscles = sorted((m.file.name, m.id) for m in atlas.muscles.values()
                     if any(d.condition == condition.id for d in m.file.differentials))
    return {"regions": regions, "muscles": muscles}


@dataclass(frozen=True)
class GroupPanel:
    """A cluster's close-up: every trigger point it holds, each a link that selects it."""
    count: int
    muscles: list[str]
    points: list[Link]
    wider: Link | None = None  # a close-up opened from another: back to that one


def group_panel(atlas: Atlas, state: MapState, members, base: str = "/") -> GroupPanel:
    """``members``: the close-up's markers (trigger point id, side), in the figure's order. Each
    is a link in the panel too, also those the figure still groups in a closer close-up."""
    points, muscles = [], []
    for m in members:
        tp = atlas.trigger_points[m.tp]
        muscle = atlas.muscles[tp.muscle].file
        name = muscle.plain_name if state.for_client else muscle.name
        if name not in muscles:
            muscles.append(name)
        label = f"{name}: {plain(tp.entry.name) if state.for_client else tp.entry.label}, {m.side.value} side"
        points.append(Link(label, href(state.with_trigger_point(tp.id, m.side), atlas, base)))
    parent, step, _ = state.group.rpartition("~")
    wider = Link("Wider close-up", href(state.with_group(parent), atlas, base)) if step else None
    return GroupPanel(len(points), muscles, points, wider)
