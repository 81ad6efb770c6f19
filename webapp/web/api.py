"""JSON API over the same atlas, for tools and tests."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import BadRequest

from ..content.model import Atlas, RegionRef, Side, clinical, plain
from ..drawing.zones import view_zone_paths
from ..queries import referral, search
from ..queries.state import find
from .response_cache import cached

bp = Blueprint("api", __name__, url_prefix="/api")


def atlas() -> Atlas:
    return current_app.extensions["atlas"]


def region_json(region) -> dict:
    return {"id": region.id, "name": region.name, "plain_name": region.plain_name,
            "side": region.side_name, "area": region.area, "views": list(region.views)}


def trigger_point_json(data: Atlas, tp) -> dict:
    entry = tp.entry.model_dump(mode="json")
    entry["id"] = tp.id
    entry["local_id"] = tp.entry.id
    entry["muscle"] = tp.muscle
    entry["refers"] = {
        "rules": {zone: [_rule(e) for e in getattr(tp.entry.refers, zone)] for zone in referral.ZONES},
        **{side.value: dict(zip(referral.ZONES, map(list, _zones(data, tp, side)))) for side in Side},
    }
    return entry


def _rule(entry) -> dict:
    if isinstance(entry, RegionRef):
        return {"region": entry.region, "side": entry.side or "same"}
    return {"region": entry, "side": "same"}


def _zones(data: Atlas, tp, side: Side):
    zones = referral.zones_of(data, tp, side)
    return zones.essential, zones.spillover


@bp.get("/regions")
@cached()
def regions():
    """Every region: id, names, side and the views it is drawn on."""
    return jsonify([region_json(r) for r in atlas().regions.values()])


@bp.get("/regions/<region_id>")
@cached()
def region(region_id: str):
    """One region."""
    data = atlas()
    return jsonify(region_json(find(data.regions, "region", region_id)))


@bp.get("/regions/<region_id>/referrers")
@cached()
def referrers(region_id: str):
    """The trigger points that refer to a region, essential first."""
    data = atlas()
    find(data.regions, "region", region_id)
    return jsonify([
        {"muscle": r.trigger_point.muscle, "muscle_name": r.muscle_name, "trigger_point": r.trigger_point.id,
         "label": r.trigger_point.entry.label, "side": r.side.value, "zone": r.zone}
        for r in referral.referrers_of(data, region_id)
    ])


@bp.get("/muscles")
@cached()
def muscles():
    """Every muscle, with its trigger point ids."""
    return jsonify([
        {"id": m.id, "name": m.file.name, "plain_name": m.file.plain_name, "aliases": m.file.aliases,
         "trigger_points": [tp.id for tp in m.trigger_points]}
        for m in sorted(atlas().muscles.values(), key=lambda m: m.file.name)
    ])


@bp.get("/muscles/<muscle_id>")
@cached()
def muscle(muscle_id: str):
    """Everything in a muscle's file, its trigger points with their referral regions."""
    data = atlas()
    found = find(data.muscles, "muscle", muscle_id)
    body = found.file.model_dump(mode="json")
    body["trigger_points"] = [trigger_point_json(data, tp) for tp in found.trigger_points]
    return jsonify(body)


@bp.get("/trigger-points/<tp_id>")
@cached()
def trigger_point(tp_id: str):
    """One trigger point with its referral regions on each side."""
    data = atlas()
    return jsonify(trigger_point_json(data, find(data.trigger_points, "trigger point", tp_id)))


@bp.get("/conditions")
@cached()
def conditions():
    """The conditions used as differentials and red flags."""
    return jsonify([c.model_dump(mode="json") for c in atlas().conditions.values()])


def parse_marks(data: Atlas, text: str) -> dict[str, int]:
    """``region[:intensity],...`` as {region id: intensity 1..3}; unknown ids raise UnknownId."""
    marks: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        region_id, _, level = item.partition(":")
        find(data.regions, "region", region_id)
        if level not in ("", "1", "2", "3"):
            raise BadRequest(f"Intensity '{level}' for '{region_id}' must be 1, 2 or 3.")
        marks[region_id] = int(level or 1)
    return marks


def _whole_number_between(text: str, low: int, high: int) -> bool:
    """ASCII digits only: str.isdigit() also accepts '²' and '١', which int() rejects or reads oddly,
    and a few thousand digits make int() raise."""
    return text.isascii() and text.isdigit() and len(text) <= 6 and low <= int(text) <= high


@bp.get("/lookup")
def lookup():
    """Rank the trigger points that best explain a pain drawing (?regions=a,b:2,c)."""
    data = atlas()
    marks = parse_marks(data, request.args.get("regions", ""))
    if not marks:
        raise BadRequest("Give the painful regions as ?regions=<id>[:intensity],<id>... (intensity 1 to 3).")
    limit = request.args.get("limit", "20")
    if not _whole_number_between(limit, 1, 500):
        raise BadRequest(f"limit must be a whole number from 1 to 500, not '{limit}'.")
    return jsonify([
        {"muscle": c.trigger_point.muscle, "muscle_name": c.muscle_name, "trigger_point": c.trigger_point.id,
         "label": c.trigger_point.entry.label, "side": c.side.value, "score": c.score,
         "explained": [{"region": r, "zone": z} for r, z in c.explained],
         "unexplained": list(c.unexplained),
         "not_marked": [{"region": r, "zone": z} for r, z in c.not_marked]}
        for c in referral.rank_drawing(data, marks, int(limit))
    ])


@bp.get("/referral-index")
@cached()
def referral_index():
    """Every trigger point's zones on each side, and region names: what the pain drawing
    needs to rank candidates in the browser, so the drawing itself never leaves it."""
    data = atlas()
    points = []
    for tp in data.trigger_points.values():
        sides = {}
        for side in Side:
            zones = referral.zones_of(data, tp, side)
            sides[side.value] = {"essential": list(zones.essential), "spillover": list(zones.spillover)}
        points.append({"id": tp.id, "muscle": tp.muscle, "muscle_name": data.muscles[tp.muscle].file.name,
                       "label": tp.entry.label, "name": clinical(tp.entry.name),
                       "prevalence": tp.entry.prevalence, "zones": sides})
    return jsonify({"weights": referral.WEIGHTS, "prevalence_rank": referral.PREVALENCE_RANK,
                    "regions": {r.id: r.name for r in data.regions.values()},
                    "region_views": {r.id: list(r.views) for r in data.regions.values()},
                    "views": {v.id: v.file.name for v in sorted(data.views.values(), key=lambda v: v.file.order)},
                    "trigger_points": points})


@bp.get("/zone-shapes/<view_id>/<side>")
@cached()
def zone_shapes(view_id: str, side: str):
    """Every marker's zones on a view drawn for a side, as smooth SVG path data (figure units):
    what a hover paints at once, fetched by the map after its first paint."""
    data = atlas()
    view = find(data.views, "view", view_id)
    shown = find({s.value: s for s in Side}, "side", side)
    return jsonify({"view": view.id, "side": shown.value,
                    "zones": view_zone_paths(data, view, shown)})


@bp.get("/search-index")
@cached()
def search_index():
    """Everything the search box can find, for the type-ahead to search in the browser."""
    from .pages import search_entries

    return jsonify(search.as_json(search_entries(atlas())))


@bp.get("/handout-index")
@cached()
def handout_index():
    """Every muscle's and trigger point's words for a client, self-care and safety: what the
    session handout needs to be written in the browser, so the session's picks never leave it."""
    from ..queries.panels import client_safety

    data = atlas()
    muscles = {}
    for m in data.muscles.values():
        care = [{"kind": kind, "title": plain(c.title), "steps": [plain(s) for s in c.steps], "dose": plain(c.dose)}
                for kind, c in m.file.self_care.items()]
        muscles[m.id] = {"name": m.file.name, "plain_name": m.file.plain_name, "self_care": care,
                         "safety": client_safety(m)}
    points = {tp.id: {"muscle": tp.muscle, "label": tp.entry.label, "name": plain(tp.entry.name),
                      "location": plain(tp.entry.location), "symptoms": plain(tp.entry.symptoms),
                      "views": list(tp.entry.positions)}
              for tp in data.trigger_points.values()}
    return jsonify({"muscles": muscles, "trigger_points": points,
                    "regions": {r.id: r.plain_name for r in data.regions.values()},
                    "views": {v.id: v.file.name for v in sorted(data.views.values(), key=lambda v: v.file.order)}})
