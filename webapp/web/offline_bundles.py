"""What the service worker keeps to show any map state, muscle or condition page offline.

One bundle per view and audience (the clinician's view, the client's) holds every map state of that
view the map links to (each side with nothing selected, each trigger point drawn there, each
close-up at every depth, each region), and one more holds every muscle and condition page. A
bundle is those pages as the server renders them (the same views and templates), cut into chunks at line breaks and before each ``<a `` and ``<g `` (a
panel's paragraphs and links, a figure's regions and markers) with each chunk stored once::

    {"chunks": ["<!doctype html>\\n", ...], "pages": {"/?view=lateral&tp=x": [first, count, ...]}}

A page is its runs of chunks joined: ``static/js/service-worker.js`` answers with it when the
network is down and the page is not in its cache. Pages share most of their chunks (the head, the
header, the figure, a muscle's card on every trigger point of it), so a bundle costs about what is
different between its pages, not their number times their size. A trigger point selected on a view
that does not draw it is not bundled there: ``moved`` sends it to a view that does.

A selected map state is drawn online on a figure of its own (a close-up of its zone); a figure for
each of thousands of states is what made the old precache grow with the atlas. Its bundled page
carries instead the figure it is selected on (its view's, or the close-up of the cluster holding
the trigger point), with ``data-select-*`` on ``#map-figure``: the page's script
(``static/js/offline-select.js``) selects the trigger point or region there as a click would.
The panel, the toolbar and the companions are the state's own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flask import current_app, url_for

from ..content.model import Atlas, Side
from ..drawing import lod, shapes
from ..drawing.render import render_map
from ..queries import referral
from ..queries.state import MapState, href
from . import pages

CUT = re.compile(r"(?=<a |<g )")


def chunks(html: str) -> list[str]:
    """``html`` cut where pages differ: at line breaks and before each link and SVG group."""
    found: list[str] = []
    for line in html.splitlines(keepends=True):
        found += _cut(line) if "<a " in line or "<g " in line else (line,)
    return found


@lru_cache(maxsize=256)
def _cut(line: str) -> tuple[str, ...]:
    """A line cut before each link and group: a figure is one line, the same in many pages."""
    return tuple(c for c in CUT.split(line) if c)


class Bundle:
    """Pages as runs of shared chunks (see the module's docstring)."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.index: dict[str, int] = {}
        self.pages: dict[str, list[int]] = {}
        self.moved: dict[str, str] = {}  # an address the map links to -> the bundled one it folds to

    def add(self, address: str, html: str) -> None:
        runs: list[int] = []
        for chunk in chunks(html):
            number = self.index.get(chunk)
            if number is None:
                number = self.index[chunk] = len(self.chunks)
                self.chunks.append(chunk)
            if runs and runs[-2] + runs[-1] == number:
                runs[-1] += 1
            else:
                runs += [number, 1]
        self.pages[address] = runs

    def as_json(self) -> dict:
        return {"chunks": self.chunks, "pages": self.pages, "moved": self.moved}


def map_states(atlas: Atlas, view_id: str, audience: str = "clinician") -> list[tuple[MapState, MapState, dict | None]]:
    """Every state of a view the map links to for ``audience``, each with the state whose figure it
    is shown on and what the page's script selects there: (state, figure's state, data-select-* or None)."""
    view = atlas.views[view_id]
    found = []
    home = MapState(view=view_id, audience=audience)
    for side in Side:
        shown = home.with_side(side)
        found.append((shown, shown, None))
        # each marker on the frame where it is a target of its own: the whole body, or the close-up
        # (at whatever depth, ``group=a~b``) that draws it one by one
        frames = [(shown, lod.body_clusters(atlas, view_id, (side,)))]
        for name in lod.closeups(atlas, view_id, (side,)):
            closeup = shown.with_group(name)
            found.append((closeup, closeup, None))
            frames.append((closeup, lod.closeup(atlas, view_id, (side,), name).targets))
        for figure, shown_targets in frames:
            for target in shown_targets:
                if len(target.members) == 1:
                    marker = target.members[0]
                    select = {"data-select-tp": marker.tp, "data-select-side": marker.side.value}
                    found.append((shown.with_trigger_point(marker.tp, marker.side), figure, select))
        for shape in shapes.region_shapes(atlas, view, side):
            state = shown.with_region(atlas, shape.region_id)
            found.append((state, home.with_side(state.side), {"data-select-region": shape.region_id}))
    return found


def map_bundle(atlas: Atlas, view_id: str, audience: str = "clinician") -> Bundle:
    """The bundle of a view's map states for ``audience`` (see :func:`map_states`)."""
    bundle, figures = Bundle(), {}
    base = url_for("pages.index")
    with current_app.test_request_context(base):  # rendered as the map's own address renders them
        for state, figure_state, select in map_states(atlas, view_id, audience):
            address = href(state, atlas, base)
            if address in bundle.pages:
                continue
            if figure_state not in figures:
                figures[figure_state] = render_map(atlas, figure_state, base)
            bundle.add(address, pages.map_page(atlas, state, figures[figure_state], select))
    bundle.moved = elsewhere(atlas, view_id, base, audience)
    return bundle


def elsewhere(atlas: Atlas, view_id: str, base: str, audience: str = "clinician") -> dict[str, str]:
    """Each trigger point the view does not draw, on each side (the view tabs, the search and the
    muscle pages link there), and where it is bundled: selected on the view that draws it and
    shows most of its zone (the worker redirects there; ``service-worker.js``)."""
    moved = {}
    for tp in atlas.trigger_points.values():
        if view_id in tp.entry.positions or not tp.entry.positions:
            continue
        for side in Side:
            shown = MapState(view=view_id, audience=audience).with_side(side).with_trigger_point(tp.id, side)
            drawn = shown.with_view(referral.best_view(atlas, tp, side, among=tp.entry.positions))
            moved[href(shown, atlas, base)] = href(drawn, atlas, base)
    return moved


def pages_bundle(atlas: Atlas) -> Bundle:
    """The bundle of every muscle and condition page."""
    bundle = Bundle()
    addresses = [(url_for("pages.muscle", muscle_id=m), pages.muscle, {"muscle_id": m}) for m in atlas.muscles]
    addresses += [(url_for("pages.condition", condition_id=c), pages.condition, {"condition_id": c})
                  for c in atlas.conditions]
    for address, view, args in addresses:
        with current_app.test_request_context(address):
            bundle.add(address, view(**args))
    return bundle
