"""Referral queries: where a trigger point sends pain, and what sends pain to a region.

Pure set queries over the atlas. A trigger point on one side refers to concrete regions
through its side rules; a region's referrers are every (trigger point, side) whose zone
contains it, essential before spillover.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .model import Atlas, Condition, Region, RegionRef, Side, TriggerPoint

ZONES = ("essential", "spillover")
PREVALENCE_RANK = {"common": 0, "less common": 1, "rare": 2}


@dataclass(frozen=True)
class Zones:
    essential: tuple[str, ...]
    spillover: tuple[str, ...]

    def zone_of(self, region_id: str) -> str | None:
        if region_id in self.essential:
            return "essential"
        if region_id in self.spillover:
            return "spillover"
        return None

    def items(self) -> Iterable[tuple[str, str]]:
        """(region id, zone) pairs, essential first."""
        yield from ((r, "essential") for r in self.essential)
        yield from ((r, "spillover") for r in self.spillover)


@dataclass(frozen=True)
class Referrer:
    """One trigger point, on one side, that refers to a region."""

    trigger_point: TriggerPoint
    muscle_name: str
    side: Side
    zone: str

    @property
    def sort_key(self) -> tuple:
        tp = self.trigger_point
        return (ZONES.index(self.zone), PREVALENCE_RANK[tp.entry.prevalence], self.muscle_name,
                tp.entry.label, self.side.value)


def concrete_regions(atlas: Atlas, stem: str, rule: str | None, side: Side) -> tuple[str, ...]:
    """The region ids a referral entry names for a trigger point on ``side``."""
    if atlas.region_stems[stem].pairing == "midline":
        return (stem,)
    sides = {"same": (side,), "opposite": (side.other,), "both": (side, side.other)}[rule or "same"]
    return tuple(f"{s.value}-{stem}" for s in sorted(sides, key=lambda s: s != side))


def zones_of(atlas: Atlas, tp: TriggerPoint, side: Side) -> Zones:
    """The essential and spillover regions of a trigger point on one side of the body."""
    out: dict[str, list[str]] = {"essential": [], "spillover": []}
    for zone in ZONES:
        for entry in getattr(tp.entry.refers, zone):
            stem, rule = (entry.region, entry.side) if isinstance(entry, RegionRef) else (entry, None)
            for region_id in concrete_regions(atlas, stem, rule, side):
                if region_id not in out["essential"] and region_id not in out[zone]:
                    out[zone].append(region_id)
    return Zones(tuple(out["essential"]), tuple(out["spillover"]))


def referrers_of(atlas: Atlas, region_id: str) -> list[Referrer]:
    """Every trigger point (and side) that refers to a region, ranked essential first."""
    found = []
    for tp in atlas.trigger_points.values():
        muscle_name = atlas.muscles[tp.muscle].file.name
        for side in Side:
            zone = zones_of(atlas, tp, side).zone_of(region_id)
            if zone:
                found.append(Referrer(tp, muscle_name, side, zone))
    return sorted(found, key=lambda r: r.sort_key)


@dataclass(frozen=True)
class ReferrerGroup:
    """A trigger point with the sides from which it refers to a region, in one zone."""

    trigger_point: TriggerPoint
    muscle_name: str
    zone: str
    sides: tuple[Side, ...]


def grouped_referrers(atlas: Atlas, region_id: str) -> list[ReferrerGroup]:
    """Referrers merged by trigger point and zone (a midline region hears from both sides)."""
    groups: dict[tuple[str, str], list[Referrer]] = {}
    for ref in referrers_of(atlas, region_id):
        groups.setdefault((ref.trigger_point.id, ref.zone), []).append(ref)
    return [ReferrerGroup(refs[0].trigger_point, refs[0].muscle_name, refs[0].zone,
                          tuple(r.side for r in refs)) for refs in groups.values()]


def conditions_at(atlas: Atlas, region: Region) -> tuple[list[Condition], list[Condition]]:
    """The non-muscular conditions to rule out at a region: (differentials, red flags)."""
    here = [c for c in atlas.conditions.values() if region.stem in c.regions]
    return [c for c in here if not c.red_flag], [c for c in here if c.red_flag]


def sorted_regions(atlas: Atlas, ids: Iterable[str]) -> list[Region]:
    return [atlas.regions[i] for i in ids]
