"""Search over muscles, trigger points, regions and conditions.

``search_index`` is what the browser's type-ahead searches (with Fuse.js, so it works
offline and no query leaves the page); ``search`` answers the same index on the server
for the no-JavaScript search page. Both forgive typos and know the usual abbreviations
(QL, TFL, SIJ, ITB), which live in the content as aliases.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cached_property

import numpy as np
from rapidfuzz import fuzz, process

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


class Index(list):
    """The entries, and their names' words numbered once (a vocabulary) for ``search``."""

    @cached_property
    def names(self) -> list[list[str]]:
        """Each entry's names, lower case: its title, its plain name, its aliases."""
        return [[n.lower() for n in (e.title, e.plain, *e.aliases)] for e in self]

    @cached_property
    def squashed(self) -> list[list[str]]:
        """Each entry's names with everything but letters and digits left out: typed without
        their spaces ("quadratuslumborum"), they are still found."""
        return [[_squash(n) for n in names] for names in self.names]

    @cached_property
    def words(self) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(the vocabulary; every name's words as vocabulary numbers, one run per name; where
        each name's run starts; the entry each name is of; each name's weight)."""
        vocabulary: dict[str, int] = {}
        flat, starts, owners, weights = [], [], [], []
        for number, names in enumerate(self.names):
            for i, name in enumerate(names):
                if words := _words(name):
                    starts.append(len(flat))
                    owners.append(number)
                    # a close spelling of the title or an alias outranks the same word in a plain description
                    weights.append(0.72 if i == 1 else 0.75)
                    flat += [vocabulary.setdefault(w, len(vocabulary)) for w in words]
        return (list(vocabulary), np.array(flat, dtype=np.intp), np.array(starts, dtype=np.intp),
                np.array(owners, dtype=np.intp), np.array(weights, dtype=np.float32))


def search_index(atlas: Atlas, base: str = "/", condition_url=None) -> Index:
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
    return Index(entries)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _squash(text: str) -> str:
    return "".join(_words(text))


SQUASHED_MIN = 5  # a run-together query this long or longer is matched against run-together names


NAME_SCORES = (1.0, 0.9, 0.8)  # a name the query is, starts or is inside
SQUASHED_SCORES = (0.88, 0.85, 0.78)  # the same with every name's and the query's words run together


def _name_match(q: str, names: list[str], scored: tuple[float, float, float]) -> float | None:
    """The score of the best way ``q`` matches one of ``names`` (``scored``), or None."""
    if q in names:
        return scored[0]
    if any(n.startswith(q) for n in names):
        return scored[1]
    if any(q in n for n in names):
        return scored[2]
    return None


def scores(index: Index, query: str) -> np.ndarray:
    """Each entry's score: 1.0 for an exact name or alias, 0.9 for a name it starts, 0.8 for one
    it is inside (0.88, 0.85 and 0.78 with the words run together, or spaced otherwise); else
    each query word against its closest word in the name (typos, word order), averaged, at most
    0.75 (see ``Index.words``). Close spellings are rapidfuzz's normalised Indel similarity, the
    whole vocabulary at once."""
    q = query.lower().strip()
    found = np.zeros(len(index), dtype=np.float32)
    vocabulary, flat, starts, owners, weights = index.words
    q_words = _words(q)
    if q_words and len(starts):
        close = process.cdist(q_words, vocabulary, scorer=fuzz.ratio, dtype=np.float32) / 100
        per_word = np.maximum.reduceat(close[:, flat], starts, axis=1)  # best word of each name
        np.maximum.at(found, owners, per_word.mean(axis=0) * weights)
    squashed = _squash(q)
    for number, names in enumerate(index.names):
        score = _name_match(q, names, NAME_SCORES)
        if score is None and len(squashed) >= SQUASHED_MIN:  # the same, words run together or spaced otherwise
            score = _name_match(squashed, index.squashed[number], SQUASHED_SCORES)
        if score is not None:
            found[number] = score
    return found


KIND_ORDER = {"muscle": 0, "region": 1, "trigger point": 2, "condition": 3}


def search(entries: Index, query: str, limit: int = 20) -> list[Entry]:
    """The entries matching a query, best first."""
    if not query.strip():
        return []
    found = scores(entries, query)
    scored = [(float(found[i]), entries[i]) for i in np.flatnonzero(found >= 0.6)]
    scored.sort(key=lambda pair: (-pair[0], KIND_ORDER[pair[1].kind], pair[1].title))
    return [e for _, e in scored[:limit]]


def as_json(entries: list[Entry]) -> list[dict]:
    return [{**asdict(e), "aliases": list(e.aliases)} for e in entries]
