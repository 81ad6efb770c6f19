"""Which part of the figure a state shows: the whole body, or a close-up of the selection.

A close-up frames the selected trigger point, its zones on this view and the selected
region, with room around them, so the zones are large enough to read and neighbouring
trigger points far enough apart to touch.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import Atlas, View
from ..queries.referral import Zones
from ..queries.state import MapState
from . import shapes

FIGURE_BOTTOM = 880
PAD = 34
MIN_HEIGHT = 300
MIN_ASPECT = 0.8      # close-ups are at least this wide for their height
LABEL_BAND = 62       # room above the frame for side labels, at whole-body scale
LEGEND_BAND = 78      # room below the frame for the legend, at whole-body scale
LEGEND_WIDTH = 400


@dataclass(frozen=True)
class Frame:
    x: float
    y: float
    w: float
    h: float

    @property
    def zoom(self) -> float:
        """The frame's height relative to the whole figure (1: whole body)."""
        return self.h / FIGURE_BOTTOM

    @property
    def scale(self) -> float:
        """Size of labels and legend in figure units: they shrink less than the zoom grows."""
        return self.zoom * min(1.6, self.zoom ** -0.5)

    def view_box(self) -> str:
        s = self.scale
        return f"{self.x:.1f} {self.y - LABEL_BAND * s:.1f} {self.w:.1f} {self.h + (LABEL_BAND + LEGEND_BAND) * s:.1f}"

    @property
    def top(self) -> float:
        return self.y - LABEL_BAND * self.scale

    @property
    def bottom(self) -> float:
        return self.y + self.h


def whole_body(view: View) -> Frame:
    """The whole figure: the body down to the soles, or a shorter figure (the soles) whole."""
    return Frame(0, 0, view.figure.width, min(FIGURE_BOTTOM, view.figure.height))


def frame_for(atlas: Atlas, view: View, state: MapState, zones: Zones) -> Frame:
    """The whole body, or a close-up around what the state selects on this view."""
    if state.frame == "body" or not (state.tp or state.region):
        return whole_body(view)
    points = []
    if state.tp:
        position = atlas.trigger_points[state.tp].entry.positions.get(view.id)
        if position is not None:
            points.append(shapes.place(view, position, state.side))
    wanted = set(zones.essential) | set(zones.spillover) | ({state.region} if state.region else set())
    for shape in shapes.region_shapes(atlas, view, state.side):
        if shape.region_id in wanted:
            points += [p for outline in shape.segments for seg in outline for p in (seg[0], seg[3])]
    if not points:
        return whole_body(view)
    return _fit(points, view)


def _fit(points, view: View, min_height: float = MIN_HEIGHT) -> Frame:
    """A close-up frame around ``points`` with room (``PAD``) around them, at least ``min_height``
    tall (a deeper close-up of a crowded cluster goes below the first close-up's height)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    pad = min(PAD, min_height / 6)
    x0, x1, y0, y1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    h = max(y1 - y0, min_height)
    w = max(x1 - x0, h * MIN_ASPECT)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if h >= whole_body(view).h * 0.8:
        return whole_body(view)
    w = max(w, LEGEND_WIDTH * Frame(0, 0, 1, h).scale)
    # a close-up of the feet (or the heels of the soles) rests on the figure's bottom
    # rather than framing empty space below it
    y = max(min(cy - h / 2, whole_body(view).bottom - h), y1 - h)
    return Frame(cx - w / 2, y, w, h)
