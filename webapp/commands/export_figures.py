"""The export's shared figures: the file each map page and handout shares, and its patch.

A map page's figure becomes a patch on one file per view, side and audience (``/figures/...``)
and on the pool of its view and audience (``/figures/pool_...svg.gz``, every marker drawn alone);
a handout's, a patch on one file per view and side holding the figure with no marker at all
(``/figures/handout_...``). Each file also holds, hidden, the zone of every exported state drawn
on it, which a page without scripts shows through the fragment of its ``<object>``. The patch
itself is ``webapp/drawing/export_figure.py``'s.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from ..drawing import export_figure as shared
from ..drawing import lod, targets
from ..drawing.render import render_map
from ..content.model import Side
from ..queries.state import DEFAULT_SIDE, MapState, href

MAP, HANDOUT = "map", "handout"  # the two kinds of shared file


class SharedFigures:
    """Shared files by name, what each is drawn from, and the zones found for each while crawling."""

    def __init__(self, exporter):
        self.exporter, self.atlas = exporter, exporter.atlas
        self.files: dict[str, tuple[shared.SharedFile, str | None, str]] = {}  # name -> (index, pool, base SVG)
        self.pools: dict[str, object] = {}  # pool file -> its elements
        self.found: dict[str, tuple[str, str, list[str]]] = {}  # name -> (kind, base URL, states' zones)

    def taken(self) -> dict:
        """The zones found since the last call (a forked worker hands them to the exporter)."""
        found, self.found = self.found, {}
        return found

    def add(self, found: dict) -> None:
        for name, (kind, base_url, zones) in found.items():
            self.found.setdefault(name, (kind, base_url, []))[2].extend(zones)

    def _file(self, name: str, kind: str, base_url: str) -> shared.SharedFile:
        if name not in self.files:
            state = self.exporter.map_state(base_url)
            if kind == HANDOUT:  # no marker but the handout's own: nothing to pool
                base, pool = self.exporter.rewrite_html(render_map(self.atlas, state, "/", solo=True)), None
            else:
                base, pool = self.exporter.figure_of(base_url), self._pool(state)
            self.files[name] = (shared.SharedFile(base, self.pools.get(pool)), pool, base)
        return self.files[name][0]

    def _pool(self, state: MapState) -> str:
        """The pool file of a view and audience: each marker on both sides drawn alone, and one of
        each thing a close-up draws, on one side and on both."""
        both = replace(state.cleared(), side=DEFAULT_SIDE, both=True, frame=None)
        name = f"/figures/pool_{state.view}{'_audience-client' if state.for_client else ''}.svg.gz"
        if name not in self.pools:
            every = self.exporter.rewrite_html(render_map(self.atlas, both, "/", every_marker=True))
            closeups = []
            for shown in (replace(both, both=False), both):
                leads = lod.closeups(self.atlas, shown.view, targets.sides_of(self.atlas.views[shown.view], shown))
                closeups += [self.exporter.figure_of(href(shown.with_group(lead), self.atlas, "/")) for lead in leads[:1]]
            self.pools[name] = shared.pool_of([every, *closeups])
        return name

    def shared_file_of(self, state: MapState, kind: str = MAP) -> tuple[str, str]:
        """The shared file a state's figure is a patch on: (its name, the URL of the state it draws)."""
        base_state = self.exporter.kept_state(state.cleared())
        if kind == HANDOUT:
            base_state = replace(base_state, audience="client", both=False)
        base_url = href(base_state, self.atlas, "/")
        path = self.exporter.export_url(base_url).strip("/").removeprefix("map/").replace("/", "_") or "default"
        return f"/figures/{'handout_' if kind == HANDOUT else ''}{path}.svg", base_url

    def prepare(self) -> None:
        """Draw every shared file and pool a page may use, once, before the workers fork: each would
        otherwise draw the ones it meets (about 0.2 s a file and 0.8 s a pool at 5x), and the
        exporter again when it writes them."""
        for view in self.atlas.views:
            for side in Side:
                for audience in ("clinician", "client"):
                    for both in (False, True):
                        name, base_url = self.shared_file_of(MapState(view=view, side=side, audience=audience, both=both))
                        self._file(name, MAP, base_url)
                name, base_url = self.shared_file_of(MapState(view=view, side=side), HANDOUT)
                self._file(name, HANDOUT, base_url)

    def lighten(self, page: str, state: MapState, kind: str = MAP) -> str:
        """`page` with its figure replaced by the state's patch on its shared file (and, for pages
        without scripts, the file in an ``<object>`` showing the state's zone)."""
        svg = shared.main_svg(page)
        if svg is None:
            return page
        name, base_url = self.shared_file_of(state, kind)
        tree = ET.fromstring(svg)  # parsed once: the patch reads it, then the targets take from it
        patch = shared.figure_patch(tree, self._file(name, kind, base_url), name, self.files[name][1])
        self.found.setdefault(name, (kind, base_url, []))
        object_url = name
        if state.tp or state.region:
            own = self.exporter.export_url(href(state, self.atlas, "/handout" if kind == HANDOUT else "/"))
            target = "t-" + own.strip("/").replace("/", "_")
            zones = shared.state_targets(tree, target, state.region, marker=kind == HANDOUT)
            if zones:
                self.found[name][2].append(zones)
                object_url += f"#{target}"
        return shared.replace_figure(page, patch, object_url, patch["root"].get("aria-label", "Body map"))

    def write(self, write, stylesheet: str) -> int:
        """Write every shared file found and the pools they use; returns how many files."""
        pools = set()
        for name, (kind, base_url, zones) in self.found.items():
            self._file(name, kind, base_url)
            _, pool, base = self.files[name]
            write(name, shared.shared_figure(base, zones, stylesheet).encode("utf-8"))
            pools.add(pool)
        for pool in pools - {None}:
            write(pool, shared.pool_file(self.pools[pool]))
        return len(self.found) + len(pools - {None})
