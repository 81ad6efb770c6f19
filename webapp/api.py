"""JSON API over the same atlas, for tools and tests."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from . import referral
from .model import Atlas, RegionRef, Side
from .state import UnknownId

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
def regions():
    """Every region: id, names, side and the views it is drawn on."""
    return jsonify([region_json(r) for r in atlas().regions.values()])


@bp.get("/regions/<region_id>")
def region(region_id: str):
    """One region."""
    data = atlas()
    if region_id not in data.regions:
        raise UnknownId("region", region_id, list(data.regions))
    return jsonify(region_json(data.regions[region_id]))


@bp.get("/regions/<region_id>/referrers")
def referrers(region_id: str):
    """The trigger points that refer to a region, essential first."""
    data = atlas()
    if region_id not in data.regions:
        raise UnknownId("region", region_id, list(data.regions))
    return jsonify([
        {"muscle": r.trigger_point.muscle, "muscle_name": r.muscle_name, "trigger_point": r.trigger_point.id,
         "label": r.trigger_point.entry.label, "side": r.side.value, "zone": r.zone}
        for r in referral.referrers_of(data, region_id)
    ])


@bp.get("/muscles")
def muscles():
    """Every muscle, with its trigger point ids."""
    return jsonify([
        {"id": m.id, "name": m.file.name, "plain_name": m.file.plain_name, "aliases": m.file.aliases,
         "trigger_points": [tp.id for tp in m.trigger_points]}
        for m in sorted(atlas().muscles.values(), key=lambda m: m.file.name)
    ])


@bp.get("/muscles/<muscle_id>")
def muscle(muscle_id: str):
    """Everything in a muscle's file, its trigger points with their referral regions."""
    data = atlas()
    if muscle_id not in data.muscles:
        raise UnknownId("muscle", muscle_id, list(data.muscles))
    found = data.muscles[muscle_id]
    body = found.file.model_dump(mode="json")
    body["trigger_points"] = [trigger_point_json(data, tp) for tp in found.trigger_points]
    return jsonify(body)


@bp.get("/trigger-points/<tp_id>")
def trigger_point(tp_id: str):
    """One trigger point with its referral regions on each side."""
    data = atlas()
    if tp_id not in data.trigger_points:
        raise UnknownId("trigger point", tp_id, list(data.trigger_points))
    return jsonify(trigger_point_json(data, data.trigger_points[tp_id]))


@bp.get("/conditions")
def conditions():
    """The conditions used as differentials and red flags."""
    return jsonify([c.model_dump(mode="json") for c in atlas().conditions.values()])
