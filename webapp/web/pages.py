"""HTML pages. Every map state is a URL rendered here; scripts only make it instant."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for

from ..content.model import Atlas
from ..drawing import lod, targets
from ..drawing.render import render_companion, render_map
from ..drawing.shapes import drawn_side
from ..queries import panels, referral, search
from ..queries.state import STATE_KEYS, MapState, UnknownId, find, href, on_best_view, parse_state
from .response_cache import cached
from .templating import static_export

bp = Blueprint("pages", __name__)


def atlas() -> Atlas:
    return current_app.extensions["atlas"]


@bp.get("/")
@cached(query=STATE_KEYS)
def index():
    """The body map in the state the query names."""
    data = atlas()
    return map_page(data, parse_state(data, request.args))


def map_page(data: Atlas, state: MapState, figure: str | None = None, select: dict | None = None) -> str:
    """The map page of ``state``. The offline bundles (``offline_bundles.py``) pass the
    ``figure`` it is selected on (its view's, or its cluster's close-up) and what the page's
    script is to ``select`` in it; served pages draw the state's own figure."""
    base = url_for("pages.index")
    tp_panel = panels.trigger_point_panel(data, state, base) if state.tp else None
    region_panel = panels.region_panel(data, state, base) if state.region else None
    return render_template(
        "map.html",
        state=state,
        svg=render_map(data, state, base) if figure is None else figure,
        select=select,
        companions=[(c, render_companion(data, c.state)) for c in tp_panel.companions] if tp_panel else [],
        view=data.views[state.view],
        tabs=panels.view_tabs(data, state, base),
        sides=panels.side_links(data, state, base),
        tp_panel=tp_panel,
        region_panel=region_panel,
        group_panel=_group_panel(data, state, base) if state.group else None,
        muscle_count=len(data.muscles),
        clear_url=href(state.cleared(), data, base),
        frame_link=panels.frame_link(data, state, base),
        weights=referral.WEIGHTS,
        audience_link=panels.audience_link(data, state, base),
        figure_svg_url=url_for("pages.figure_svg", **state.query(data.default_view)),
        handout_url=url_for("pages.handout", **state.query(data.default_view)) if state.tp else None,
        zone_shapes_url=url_for("api.zone_shapes", view_id=state.view,
                                side=drawn_side(data.views[state.view], state.side).value),
        base=base,
        # the export's map pages but its first take their script-only tools from that page
        shared_tools=static_export() and bool(request.query_string),
    )


def _group_panel(data: Atlas, state: MapState, base: str):
    """A cluster's close-up panel; an unknown cluster is a 404 naming the close-ups there are."""
    view = data.views[state.view]
    sides = targets.sides_of(view, state)
    found = targets.closeup(data, view.id, sides, state.group)
    if found is None:
        raise UnknownId("close-up", state.group, lod.closeups(data, view.id, sides))
    return panels.group_panel(data, state, found.members, base)


@bp.get("/muscles/")
@cached()
def muscles():
    """Every muscle in the atlas."""
    data = atlas()
    return render_template("muscles.html", muscles=sorted(data.muscles.values(), key=lambda m: m.file.name),
                           atlas=data)


@bp.get("/muscles/<muscle_id>")
@cached()
def muscle(muscle_id: str):
    """One muscle's full card, with links to each of its trigger points on the map."""
    data = atlas()
    found = find(data.muscles, "muscle", muscle_id)
    state = MapState(view=data.default_view)
    base = url_for("pages.index")
    points = []
    for tp in found.trigger_points:
        points.append((tp, href(on_best_view(data, state, tp.id), data, base), panels.cite(data, tp.entry.source)))
    return render_template("muscle.html", muscle=found, points=points,
                           differentials=panels.differentials_of(data, found),
                           zone_red_flags=panels.zone_red_flags(data, found),
                           sources=[panels.cite(data, s) for s in found.file.sources])


@bp.get("/trigger-points/<tp_id>")
def trigger_point(tp_id: str):
    """A trigger point's place on the map (redirects to the map state)."""
    data = atlas()
    find(data.trigger_points, "trigger point", tp_id)
    state = on_best_view(data, parse_state(data, {"side": request.args.get("side", "")}), tp_id)
    return redirect(href(state, data, url_for("pages.index")))


@bp.get("/regions/<region_id>")
def region(region_id: str):
    """A region's referrers on the map (redirects to the map state)."""
    data = atlas()
    found = find(data.regions, "region", region_id)
    if not found.views:
        abort(404, f"The region '{region_id}' is not drawn on any view yet.")
    state = parse_state(data, {"view": found.views[0], "region": region_id})
    return redirect(href(state, data, url_for("pages.index")))


@bp.get("/sources")
@cached()
def sources():
    """The references behind the content."""
    data = atlas()
    return render_template("sources.html", sources=sorted(data.sources.values(), key=lambda s: s.short))


@bp.get("/robots.txt")
def robots():
    """Every page may be indexed: the content is public reference, client data never reaches the
    server. Served rather than left to the 404 page, which crawlers and audits read as broken."""
    response = current_app.response_class("User-agent: *\nAllow: /\n", mimetype="text/plain")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.get("/handout")
def handout():
    """A one-page printable handout for a selected trigger point, in the client's words."""
    data = atlas()
    state = parse_state(data, request.args)
    if not state.tp:
        abort(404, "A handout needs a trigger point: open one on the map and choose 'Print a handout'.")
    view = referral.best_view(data, data.trigger_points[state.tp], state.side)
    figure_state = replace(state, view=view, audience="client", frame=None, both=False)
    return render_template(
        "handout.html",
        state=figure_state,
        tp_panel=panels.trigger_point_panel(data, figure_state, url_for("pages.index")),
        svg=render_map(data, figure_state, url_for("pages.index"), solo=True),
        today=date.today(),
        svg_url=url_for("pages.figure_svg", **figure_state.query(data.default_view)),
        # a static export has the client's map, not the client's panel of each trigger point
        map_url=href(figure_state.cleared() if current_app.config["STATIC_EXPORT"] else figure_state, data,
                     url_for("pages.index")),
    )


@bp.get("/session/handout")
@cached()
def session_handout():
    """The handout of a whole session: an empty sheet that the browser fills in from its own storage
    (static/js/session-handout.js), so the picks and the drawing never reach the server."""
    data = atlas()
    views = sorted(data.views.values(), key=lambda v: v.file.order)
    return render_template(
        "session_handout.html",
        figures=[url_for("pages.figure_svg", view=v.id, both=1, audience="client", frame="body") for v in views],
        shapes=[url_for("api.zone_shapes", view_id=v.id, side=s) for v in views for s in ("left", "right")],
        map_url=url_for("pages.index"),
    )


@bp.get("/figure.svg")
@cached(query=STATE_KEYS)
def figure_svg():
    """The figure of a map state as a standalone SVG file to save or share."""
    data = atlas()
    state = parse_state(data, request.args)
    svg = render_map(data, state, url_for("pages.index"), every_marker=True)
    name = "-".join(filter(None, ["referral-map", state.view, state.tp, state.region, state.side.value]))
    response = make_response('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n")
    response.mimetype = "image/svg+xml"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.svg"'
    return response


@bp.get("/search")
def search_page():
    """Search results without JavaScript (the type-ahead does the same in the page)."""
    data = atlas()
    query = request.args.get("q", "")[:200]
    results = search.search(search_entries(data), query) if query else []
    return render_template("search.html", query=query, results=results)


@bp.get("/conditions/<condition_id>")
@cached()
def condition(condition_id: str):
    """A differential or red flag: why it looks alike, what tells it apart, where it presents."""
    data = atlas()
    found = find(data.conditions, "condition", condition_id)
    return render_template("condition.html", condition=found,
                           **panels.condition_links(data, found, url_for("pages.index")),
                           source=panels.cite(data, found.source))


def search_entries(data: Atlas) -> list:
    """The search index for this atlas (built once)."""
    key = ("search-index", url_for("pages.index"))
    cache = current_app.extensions.setdefault("cache", {})
    if key not in cache:
        cache[key] = search.search_index(data, key[1], lambda cid: url_for("pages.condition", condition_id=cid))
    return cache[key]
