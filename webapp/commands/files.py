"""Files the commands read and write: the content folder, and writes that never leave half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..paths import ROOT


def default_data_dir() -> Path:
    return Path(os.environ.get("REFERRAL_MAP_DATA_DIR", ROOT / "data"))


def write_all_atomically(files: dict[Path, str]) -> None:
    """Write every file to a temporary beside it first, then move each into place: if any
    write fails, no file has changed and no temporary is left behind. (The moves are renames
    within the file's own directory, which the writes just showed to be writable.)"""
    staged: dict[Path, str] = {}
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged[path] = tmp
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
        for path, tmp in staged.items():
            os.replace(tmp, path)
    finally:
        for tmp in staged.values():
            Path(tmp).unlink(missing_ok=True)  # only those not moved into place: on failure
