"""Search over muscles, trigger points, regions and conditions.

``search_index`` is what the browser's type-ahead searches (with Fuse.js, so it works
offline and no query leaves the page); ``search`` answers the same index on the server
for the no-JavaScript search page. Both forgive typos and know the usual abbreviations
(QL, TFL, SIJ, ITB), which live in the content as aliases.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass

from ..content.model import Atlas, clinical, plain
from .state import MapState, href, on_best_view


@dataclass(frozen=True)
class Entry:
    kind: str          # muscle, trigger point, region, condition
    title: str
    plain: str
    aliases: tuple[str, ...]
    detail: str
    url: str


def search_index(atlas: Atlas, base: str = "/", condition_url=None) -> list[Entry]:
    """Every searchable thing with the map state (or page) it opens."""
    default = MapState(view=atlas.default_view)
    entries = []
    for muscle in sorted(atlas.muscles.values(), key=lambda m: m.file.name):
        first = muscle.trigger_points[0]
        state = on_best_view(atlas, default, first.id)
        entries.append(Entry("muscle", muscle.file.name, muscle.file.plain_name, tuple(muscle.file.aliases),
                             f"{len(muscle.trigger_points)} trigger point(s)", href(state, atlas, base)))
        for tp in muscle.trigger_points:
            state = on_best_view(atlas, default, tp.id)
            entries.append(Entry("trigger point", f"{muscle.file.name} {tp.entry.label}", plain(tp.entry.name),
                                 tuple(muscle.file.aliases), clinical(tp.entry.name), href(state, atlas, base)))
    for region in atlas.regions.values():
        if not region.views:
            continue
        aliases = tuple(atlas.region_stems[region.stem].aliases)
        state = default.with_view(region.views[0]).with_region(atlas, region.id)
        entries.append(Entry("region", region.name, region.plain_name, aliases, atlas.areas[region.area],
                             href(state, atlas, base)))
    for condition in atlas.conditions.values():
        url = condition_url(condition.id) if condition_url else f"{base}conditions/{condition.id}"
        entries.append(Entry("condition", condition.name, condition.plain_name, tuple(condition.aliases),
                             "red flag" if condition.red_flag else condition.kind, url))
    return entries


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _score(query: str, entry: Entry) -> float:
    """1.0 for an exact name or alias, then prefixes, substrings and close spellings."""
    q = query.lower().strip()
    names = [entry.title, entry.plain, *entry.aliases]
    lowered = [n.lower() for n in names]
    if q in lowered:
        return 1.0
    if any(n.startswith(q) for n in lowered):
        return 0.9
    if any(q in n for n in lowered):
        return 0.8
    q_words = _words(q)
    best = 0.0
    for i, name in enumerate(lowered):
        words = _words(name)
        if not words or not q_words:
            continue
        # each query word against its closest word in the name (typos, word order); a close
        # spelling of the title or an alias outranks the same word inside a plain description
        per_word = [max(difflib.SequenceMatcher(None, w, x).ratio() for x in words) for w in q_words]
        best = max(best, sum(per_word) / len(per_word) * (0.72 if i == 1 else 0.75))
    return best


KIND_ORDER = {"muscle": 0, "region": 1, "trigger point": 2, "condition": 3}


def search(entries: list[Entry], query: str, limit: int = 20) -> list[Entry]:
    """The entries matching a query, best first."""
    if not query.strip():
        return []
    scored = [(score, e) for e in entries if (score := _score(query, e)) >= 0.6]
    scored.sort(key=lambda pair: (-pair[0], KIND_ORDER[pair[1].kind], pair[1].title))
    return [e for _, e in scored[:limit]]


def as_json(entries: list[Entry]) -> list[dict]:
    return [{**asdict(e), "aliases": list(e.aliases)} for e in entries]
