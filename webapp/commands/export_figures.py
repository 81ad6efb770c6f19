"""The export's shared figures: the file each map page and handout shares, and its patch.

A map page's figure becomes a patch on one file per view, side and audience (``/figures/...``);
a handout's, a patch on one file per view and side holding the figure with no marker at all
(``/figures/handout_...``). Each file also holds, hidden, the zone of every exported state drawn
on it, which a page without scripts shows through the fragment of its ``<object>``. The patch
itself is ``webapp/drawing/export_figure.py``'s.
"""

from __future__ import annotations

from dataclasses import replace

from ..drawing import export_figure as shared
from ..drawing import lod, targets
from ..drawing.render import render_map
from ..queries.state import MapState, href

MAP, HANDOUT = "map", "handout"  # the two kinds of shared file


class SharedFigures:
    """Shared files by name, what each is drawn from, and the zones found for each while crawling."""

    def __init__(self, exporter):
        self.exporter, self.atlas = exporter, exporter.atlas
        self.files: dict[str, tuple[shared.SharedFile, object, str]] = {}  # name -> (index, pool, base SVG)
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
            self.files[name] = (shared.SharedFile(base, pool), pool, base)
        return self.files[name][0]

    def _pool(self, state: MapState):
        """Each marker of the view drawn alone, and one of each thing a close-up draws."""
        every = self.exporter.rewrite_html(render_map(self.atlas, state, "/", every_marker=True))
        leads = lod.closeups(self.atlas, state.view, targets.sides_of(self.atlas.views[state.view], state))
        closeups = [self.exporter.figure_of(href(state.with_group(lead), self.atlas, "/")) for lead in leads[:1]]
        return shared.pool_of([every, *closeups])

    def lighten(self, page: str, state: MapState, kind: str = MAP) -> str:
        """`page` with its figure replaced by the state's patch on its shared file (and, for pages
        without scripts, the file in an ``<object>`` showing the state's zone)."""
        svg = shared.main_svg(page)
        if svg is None:
            return page
        base_state = self.exporter.kept_state(state.cleared())
        if kind == HANDOUT:
            base_state = replace(base_state, audience="client", both=False)
        base_url = href(base_state, self.atlas, "/")
        path = self.exporter.export_url(base_url).strip("/").removeprefix("map/").replace("/", "_") or "default"
        name = f"/figures/{'handout_' if kind == HANDOUT else ''}{path}.svg"
        patch = shared.figure_patch(svg, self._file(name, kind, base_url), name)
        self.found.setdefault(name, (kind, base_url, []))
        object_url = name
        if state.tp or state.region:
            own = self.exporter.export_url(href(state, self.atlas, "/handout" if kind == HANDOUT else "/"))
            target = "t-" + own.strip("/").replace("/", "_")
            zones = shared.state_targets(svg, target, state.region, marker=kind == HANDOUT)
            if zones:
                self.found[name][2].append(zones)
                object_url += f"#{target}"
        return shared.replace_figure(page, patch, object_url, patch["root"].get("aria-label", "Body map"))

    def write(self, write, stylesheet: str) -> int:
        """Write every shared file found; returns how many."""
        for name, (kind, base_url, zones) in self.found.items():
            self._file(name, kind, base_url)
            _, pool, base = self.files[name]
            write(name, shared.shared_figure(base, zones, stylesheet, pool).encode("utf-8"))
        return len(self.found)
