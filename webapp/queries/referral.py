"""Referral queries: where a trigger point sends pain, and what sends pain to a region.

Pure set queries over the atlas. A trigger point on one side refers to concrete regions
through its side rules; a region's referrers are every (trigger point, side) whose zone
contains it, essential before spillover.
"""

from __future__ import annotations

import heapq
import weakref
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterable, Mapping

from ..content.model import Atlas, Condition, Region, RegionRef, Side, TriggerPoint

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
    if atlas.trigger_points.get(tp.id) is tp:
        return index_of(atlas).zones[(tp.id, side)]
    return _zones(atlas, tp, side)  # a trigger point the atlas does not hold (tests build some)


def _zones(atlas: Atlas, tp: TriggerPoint, side: Side) -> Zones:
    out: dict[str, list[str]] = {"essential": [], "spillover": []}
    for zone in ZONES:
        for entry in getattr(tp.entry.refers, zone):
            stem, rule = (entry.region, entry.side) if isinstance(entry, RegionRef) else (entry, None)
            for region_id in concrete_regions(atlas, stem, rule, side):
                if region_id not in out["essential"] and region_id not in out[zone]:
                    out[zone].append(region_id)
    return Zones(tuple(out["essential"]), tuple(out["spillover"]))


@dataclass(frozen=True, eq=False)
class Pattern:
    """A trigger point on one side and its zones: one candidate of the pain drawing."""

    order: int  # in the atlas's order of trigger points, each left then right
    trigger_point: TriggerPoint
    muscle_name: str
    side: Side
    zones: Zones
    missing: float  # what the pattern pays when none of its regions is marked
    rank: int       # its place among all patterns by prevalence, muscle, label, side and order


@dataclass(frozen=True, eq=False)
class ReferralIndex:
    """Every pattern's zones, and each region's referrers: made once per atlas, so that a
    query costs what the regions it names and their referrers hold, not the whole atlas."""

    patterns: tuple[Pattern, ...]
    zones: Mapping[tuple[str, Side], Zones]
    referrers: Mapping[str, tuple[tuple[Pattern, str], ...]]  # region -> (pattern, zone), in order


_INDEXES: "weakref.WeakKeyDictionary[Atlas, ReferralIndex]" = weakref.WeakKeyDictionary()


def index_of(atlas: Atlas) -> ReferralIndex:
    """The atlas's referral index, made on first use (the atlas is frozen: it never goes stale)."""
    found = _INDEXES.get(atlas)
    if found is None:
        found = _INDEXES[atlas] = _build_index(atlas)
    return found


def _build_index(atlas: Atlas) -> ReferralIndex:
    sided = [(tp, atlas.muscles[tp.muscle].file.name, side, _zones(atlas, tp, side))
             for tp in atlas.trigger_points.values() for side in Side]
    tie_order = sorted(range(len(sided)), key=lambda i: (
        PREVALENCE_RANK[sided[i][0].entry.prevalence], sided[i][1], sided[i][0].entry.label, sided[i][2].value, i))
    rank = {i: place for place, i in enumerate(tie_order)}
    patterns = [Pattern(i, tp, name, side, zones,
                        ESSENTIAL_MISSING * len(zones.essential) + SPILLOVER_MISSING * len(zones.spillover), rank[i])
                for i, (tp, name, side, zones) in enumerate(sided)]
    referrers: dict[str, list[tuple[Pattern, str]]] = {}
    for pattern in patterns:
        for region_id, zone in pattern.zones.items():
            referrers.setdefault(region_id, []).append((pattern, zone))
    return ReferralIndex(tuple(patterns),
                         MappingProxyType({(p.trigger_point.id, p.side): p.zones for p in patterns}),
                         MappingProxyType({r: tuple(found) for r, found in referrers.items()}))


def referrers_of(atlas: Atlas, region_id: str) -> list[Referrer]:
    """Every trigger point (and side) that refers to a region, ranked essential first."""
    found = [Referrer(p.trigger_point, p.muscle_name, p.side, zone)
             for p, zone in index_of(atlas).referrers.get(region_id, ())]
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
    """The non-muscular conditions to rule out at a region: (differentials, red flags), each
    most urgent first (a differential by its most urgent escalating sign)."""
    here = sorted((c for c in atlas.conditions.values() if region.stem in c.regions),
                  key=lambda c: c.urgency_rank)
    return [c for c in here if not c.red_flag], [c for c in here if c.red_flag]


def red_flags_in_zones(atlas: Atlas, zones: Iterable[Zones], listed: Iterable[str] = ()) -> list[Condition]:
    """The red flags presenting where these zones lie, other than those ``listed``, most urgent
    first: what must be screened whichever trigger point is suspected."""
    stems = {atlas.regions[r].stem for z in zones for r, _ in z.items()}
    skip = set(listed)
    found = [c for c in atlas.conditions.values() if c.red_flag and c.id not in skip and stems & set(c.regions)]
    return sorted(found, key=lambda c: c.urgency_rank)


# --- the pain drawing ---------------------------------------------------------------

ESSENTIAL_MATCH = 2.0     # a marked region inside the essential zone, per unit of intensity
SPILLOVER_MATCH = 1.0     # a marked region inside the spillover zone, per unit of intensity
ESSENTIAL_MISSING = 0.5   # an essential region the client did not mark
SPILLOVER_MISSING = 0.25  # a spillover region the client did not mark (spillover is often absent)
WEIGHTS = {"essential_match": ESSENTIAL_MATCH, "spillover_match": SPILLOVER_MATCH,
           "essential_missing": ESSENTIAL_MISSING, "spillover_missing": SPILLOVER_MISSING}


@dataclass(frozen=True)
class Candidate:
    """A trigger point on one side, scored against a pain drawing, with its reasons."""

    trigger_point: TriggerPoint
    muscle_name: str
    side: Side
    score: float
    explained: tuple[tuple[str, str], ...]   # (marked region, zone)
    unexplained: tuple[str, ...]             # marked regions this pattern does not reach
    not_marked: tuple[tuple[str, str], ...]  # (pattern region the client did not mark, zone)

    @property
    def essential_matches(self) -> int:
        return sum(1 for _, zone in self.explained if zone == "essential")

    @property
    def coverage(self) -> float:
        total = len(self.explained) + len(self.unexplained)
        return len(self.explained) / total if total else 0.0


def score_candidate(zones: Zones, marks: dict[str, int]) -> tuple[float, list, list, list]:
    """The transparent score of one pattern against marked regions (region -> intensity 1..3)."""
    explained, unexplained = [], []
    score = 0.0
    for region_id, intensity in marks.items():
        zone = zones.zone_of(region_id)
        if zone is None:
            unexplained.append(region_id)
            continue
        explained.append((region_id, zone))
        score += intensity * (ESSENTIAL_MATCH if zone == "essential" else SPILLOVER_MATCH)
    not_marked = [(r, z) for r, z in zones.items() if r not in marks]
    score -= sum(ESSENTIAL_MISSING if z == "essential" else SPILLOVER_MISSING for _, z in not_marked)
    return score, explained, unexplained, not_marked


def rank_drawing(atlas: Atlas, marks: dict[str, int], limit: int | None = None) -> list[Candidate]:
    """Trigger points (and sides) that best explain a pain drawing, best first.

    Only patterns that explain at least one marked region are listed. Ties go to the one
    explaining more of the drawing, then more of it with its essential zone, then to the more
    common trigger point (then by muscle, label and side).

    Only the referrers of the marked regions are scored (from the atlas's index): each marked
    region adds its match to them and takes back what it would have cost unmarked. The
    candidates listed are then scored in full, with their reasons (``score_candidate``).
    """
    referrers = index_of(atlas).referrers
    tally: dict[Pattern, list] = {}  # pattern -> [score, regions explained, essential ones]
    for region_id, intensity in marks.items():
        for pattern, zone in referrers.get(region_id, ()):
            counts = tally.get(pattern)
            if counts is None:
                counts = tally[pattern] = [-pattern.missing, 0, 0]
            essential = zone == "essential"
            counts[0] += intensity * ESSENTIAL_MATCH + ESSENTIAL_MISSING if essential \
                else intensity * SPILLOVER_MATCH + SPILLOVER_MISSING
            counts[1] += 1
            counts[2] += essential
    # each pattern's rank is its own: the tuples never compare two patterns
    ranked = [(-round(score, 2), -explained, -essential, pattern.rank, pattern)
              for pattern, (score, explained, essential) in tally.items()]
    best = heapq.nsmallest(limit, ranked) if limit else sorted(ranked)
    return [_candidate(pattern, marks) for *_, pattern in best]


def _candidate(pattern: Pattern, marks: dict[str, int]) -> Candidate:
    score, explained, unexplained, not_marked = score_candidate(pattern.zones, marks)
    return Candidate(pattern.trigger_point, pattern.muscle_name, pattern.side, round(score, 2),
                     tuple(explained), tuple(unexplained), tuple(not_marked))


def views_for_zone(atlas: Atlas, zones: Zones, first_view: str) -> list[str]:
    """The other views a zone needs to be seen whole from ``first_view``: while some of its
    regions are drawn on none of the views chosen so far, add the view that shows most of the
    rest (essential regions count double; ties go to the first view in order)."""
    weight = {r: (2 if z == "essential" else 1) for r, z in zones.items()}
    unseen = {r for r in weight if first_view not in atlas.regions[r].views and atlas.regions[r].views}
    chosen: list[str] = []
    while unseen:
        gain = lambda v: sum(weight[r] for r in unseen if v in atlas.regions[r].views)  # noqa: E731
        view_id = max((v for v in atlas.views if v != first_view and v not in chosen),
                      key=lambda v: (gain(v), -atlas.views[v].file.order))
        if not gain(view_id):
            break
        chosen.append(view_id)
        unseen = {r for r in unseen if view_id not in atlas.regions[r].views}
    return chosen


def best_view(atlas: Atlas, tp: TriggerPoint, side: Side, among: Iterable[str] | None = None) -> str:
    """The view (of ``among``, else of all) that shows most of a trigger point's zone (essential
    counts double), and the trigger point itself if it can; ties go to the first view."""
    zones = zones_of(atlas, tp, side)

    def shown(view_id: str) -> tuple:
        drawn = lambda ids: sum(1 for r in ids if view_id in atlas.regions[r].views)  # noqa: E731
        return (2 * drawn(zones.essential) + drawn(zones.spillover), view_id in tp.entry.positions,
                -atlas.views[view_id].file.order)

    return max(among or atlas.views, key=shown)
