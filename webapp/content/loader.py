"""Load and validate the content under ``data/`` into one frozen :class:`Atlas`.

Every problem is collected before anything fails (see :mod:`webapp.content.reader`), and the
app never starts on broken content.
"""

from __future__ import annotations

from pathlib import Path

from .checks import build_atlas
from .model import Atlas
from .reader import Reader


def load_atlas(data_dir: Path | str) -> Atlas:
    """Read, validate and freeze the whole content tree, or raise :class:`ContentError`."""
    data_dir = Path(data_dir)
    return build_atlas(data_dir, Reader(data_dir))
