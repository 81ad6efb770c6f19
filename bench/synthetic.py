"""Synthetic atlases: today's content with every muscle copied under new ids (5x, 10x, 100x).

Copies are spread over the figure: each copy's trigger points move by a fixed, seeded offset
(kept only where the moved point stays on the figure), so a bench at 10x hovers and taps ten
times as many distinct markers, not copies stacked on the originals.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from webapp.content.reference_checks import inside_figure, resolve
from webapp.content.loader import load_atlas
from webapp.content.model import LandmarkPoint

SPREAD = (70.0, 110.0)  # the largest offset of a copy, figure units (the figure is 400 x 900)


def grow_atlas(source: Path, target: Path, factor: int, seed: int = 7) -> Path:
    """Copy data dir `source` to `target` with each muscle file present `factor` times."""
    shutil.copytree(source, target)
    atlas = load_atlas(source)
    rng = random.Random(seed)
    muscles = sorted((source / "muscles").glob("*.yaml"))
    for copy in range(2, factor + 1):
        for path in muscles:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            new_id = f"{path.stem}-x{copy}"
            data["id"], data["name"] = new_id, f"{data['name']} (copy {copy})"
            offset = (rng.uniform(-SPREAD[0], SPREAD[0]), rng.uniform(-SPREAD[1], SPREAD[1]))
            for tp in data["trigger_points"]:
                tp["positions"] = {view_id: _moved(atlas.views[view_id], place, offset, rng)
                                   for view_id, place in tp["positions"].items()}
            text = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
            (target / "muscles" / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    return target


def _moved(view, place, offset, rng, tries: int = 8):
    """A position moved by the copy's `offset` where it stays on the figure, else by a smaller
    random one that does; as it was when none does."""
    point = LandmarkPoint(**place) if isinstance(place, dict) else tuple(place)
    x, y = resolve(point, view.file)
    for attempt in range(tries):
        dx, dy = offset if attempt == 0 else (rng.uniform(-1, 1) * SPREAD[0] / (1 + attempt / 2),
                                              rng.uniform(-1, 1) * SPREAD[1] / (1 + attempt / 2))
        moved = (round(x + dx, 1), round(y + dy, 1))
        if inside_figure(moved, view):
            return list(moved)
    return place
