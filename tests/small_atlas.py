"""A small atlas for tests that go through every page of the site (the static export): a few
muscles of today's content with every region, view, condition and source. The muscles are the
crowded buttock's (so close-ups and the pain drawing's candidates are there) and one each from
the neck, the front, the side and the sole, so every view has trigger points."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

SMALL_ATLAS_MUSCLES = (
    "gluteus-maximus", "gluteus-medius", "gluteus-minimus", "piriformis", "tensor-fasciae-latae",
    "quadratus-lumborum", "soleus", "trapezius", "rectus-femoris", "abductor-hallucis",
)


def write_small_atlas(source: Path, target: Path, muscles: tuple[str, ...] = SMALL_ATLAS_MUSCLES) -> Path:
    """Copy data dir `source` to `target` with only `muscles`; a muscle they name as associated
    stays named but unlinked (the loader refuses a link to a muscle the atlas lacks)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("muscles"))
    (target / "muscles").mkdir()
    for muscle in muscles:
        path = source / "muscles" / f"{muscle}.yaml"
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for other in data.get("associated", []):
            if other.get("muscle") not in muscles:
                other.pop("muscle", None)
        text = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
        (target / "muscles" / path.name).write_text(text, encoding="utf-8")
    return target
