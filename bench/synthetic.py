"""Synthetic atlases: today's content with every muscle copied under new ids (10x, 100x)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ID_LINE = re.compile(r"^id: (\S+)$", re.MULTILINE)
NAME_LINE = re.compile(r"^name: (.+)$", re.MULTILINE)


def grow_atlas(source: Path, target: Path, factor: int) -> Path:
    """Copy data dir `source` to `target` with each muscle file present `factor` times."""
    shutil.copytree(source, target)
    muscles = sorted((source / "muscles").glob("*.yaml"))
    for copy in range(2, factor + 1):
        for path in muscles:
            text = path.read_text(encoding="utf-8")
            new_id = f"{path.stem}-x{copy}"
            text = ID_LINE.sub(f"id: {new_id}", text, count=1)
            text = NAME_LINE.sub(lambda m: f"name: {m.group(1)} (copy {copy})", text, count=1)
            (target / "muscles" / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    return target
