"""The map's state: what the URL says is shown and selected.

Every state of the map is a URL the server can render; this module reads one from query
arguments (validating every id against the atlas) and writes URLs for other states.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping
from urllib.parse import urlencode

from ..content.model import Atlas, Side
from ..content.reader import suggest
from .referral import best_view

DEFAULT_SIDE = Side.RIGHT
STATE_KEYS = ("view", "side", "tp", "region", "group", "frame", "audience", "both")  # the query a state reads
CHOICES = {"frame": ("body",), "audience": ("clinician", "client"), "both": ("1", "0")}


class UnknownId(LookupError):
    """An id in a request that the atlas does not know, with the closest known ids."""

    def __init__(self, kind: str, value: str, known: list[str]):
        self.kind = kind
        self.value = value
        self.suggestions = suggest(value, known)
        super().__init__(f"unknown {kind} '{value}'")


def find(mapping: Mapping, kind: str, key: str):
    """``mapping[key]``, or :class:`UnknownId` naming the kind and the closest keys."""
    if key not in mapping:
        raise UnknownId(kind, key, list(mapping))
    return mapping[key]


@dataclass(frozen=True)
class MapState:
    view: str
    side: Side = DEFAULT_SIDE
    tp: str | None = None
    region: str | None = None
    group: str | None = None  # a cluster's close-up: its lead, then ``~`` and a sub-cluster's (lod.py)
    frame: str | None = None  # None: close-up on the selection; "body": the whole body
    audience: str = "clinician"  # "client": plain words, large type, no differentials
    both: bool = False  # draw the trigger points of both sides, not only ``side``

    @property
    def for_client(self) -> bool:
        return self.audience == "client"

    def query(self, default_view: str) -> dict[str, str]:
        """The state as query arguments, leaving out defaults."""
        args = {}
        if self.view != default_view:
            args["view"] = self.view
        if self.side != DEFAULT_SIDE:
            args["side"] = self.side.value
        if self.tp:
            args["tp"] = self.tp
        if self.region:
            args["region"] = self.region
        if self.group:
            args["group"] = self.group
        if self.frame:
            args["frame"] = self.frame
        if self.audience != "clinician":
            args["audience"] = self.audience
        if self.both:
            args["both"] = "1"
        return args

    def with_view(self, view: str) -> "MapState":
        return replace(self, view=view, group=None)

    def with_trigger_point(self, tp: str, side: Side) -> "MapState":
        return replace(self, tp=tp, side=side, region=None, group=None)

    def with_region(self, atlas: Atlas, region_id: str) -> "MapState":
        side = atlas.regions[region_id].side or self.side
        return replace(self, region=region_id, tp=None, side=side, group=None)

    def with_group(self, lead: str) -> "MapState":
        return replace(self, group=lead, tp=None, region=None, frame=None)

    def with_side(self, side: Side, both: bool = False) -> "MapState":
        return replace(self, side=side, both=both, region=None if not both else self.region, group=None)

    def with_audience(self, audience: str) -> "MapState":
        return replace(self, audience=audience)

    def cleared(self) -> "MapState":
        return replace(self, tp=None, region=None, group=None)

    def with_frame(self, frame: str | None) -> "MapState":
        return replace(self, frame=frame)


def href(state: MapState, atlas: Atlas, base: str = "/") -> str:
    query = urlencode(state.query(atlas.default_view))
    return f"{base}?{query}" if query else base


def parse_state(atlas: Atlas, args: Mapping[str, str]) -> MapState:
    """Read a state from query arguments; raise :class:`UnknownId` for any unknown id."""
    view = args.get("view") or atlas.default_view
    if view not in atlas.views:
        raise UnknownId("view", view, list(atlas.views))
    side_text = args.get("side") or DEFAULT_SIDE.value
    if side_text not in {s.value for s in Side}:
        raise UnknownId("side", side_text, [s.value for s in Side])
    side = Side(side_text)
    tp = args.get("tp") or None
    if tp is not None and tp not in atlas.trigger_points:
        raise UnknownId("trigger point", tp, list(atlas.trigger_points))
    region = args.get("region") or None
    if region is not None and region not in atlas.regions:
        raise UnknownId("region", region, list(atlas.regions))
    group = args.get("group") or None
    if group is not None and not all(_is_step(atlas, step) for step in group.split("~")):
        raise UnknownId("close-up", group, list(atlas.trigger_points))
    for name, allowed in CHOICES.items():
        value = args.get(name)
        if value and value not in allowed:
            raise UnknownId(name, value, list(allowed))
    if tp and region:
        region = None  # one selection at a time: the trigger point wins
    if tp or region:
        group = None
    if region and atlas.regions[region].side:
        side = atlas.regions[region].side
    return MapState(view=view, side=side, tp=tp, region=region, group=group, frame=args.get("frame") or None,
                    audience=args.get("audience") or "clinician", both=args.get("both") == "1")


def _is_step(atlas: Atlas, step: str) -> bool:
    """One step of a close-up's name: a trigger point, with its side where it is not the state's."""
    tp, dot, side = step.partition(".")
    return tp in atlas.trigger_points and (not dot or side in {s.value for s in Side})


def on_best_view(atlas: Atlas, state: MapState, tp_id: str) -> MapState:
    """``state`` with a trigger point selected on the view that shows most of its zone."""
    tp = atlas.trigger_points[tp_id]
    return state.with_view(best_view(atlas, tp, state.side)).with_trigger_point(tp_id, state.side)
