"""Load and validate the content under ``data/`` into one frozen :class:`Atlas`.

Every problem is collected before anything fails (see :mod:`webapp.content.reader`), and the
app never starts on broken content.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path

from .checks import build_atlas
from .model import Atlas
from .reader import Reader


def load_atlas(data_dir: Path | str) -> Atlas:
    """Read, validate and freeze the whole content tree, or raise :class:`ContentError`."""
    data_dir = Path(data_dir)
    with cycle_collector_paused():
        return build_atlas(data_dir, Reader(data_dir))


@contextmanager
def cycle_collector_paused():
    """Loading makes hundreds of thousands of lasting objects and no garbage cycles: the cycle
    collector, left on, would walk the growing tree again and again (a third of the load at 10x
    content). Reference counting still frees everything dropped meanwhile. Afterwards what
    the load made goes straight to the oldest generation (``freeze`` then ``unfreeze``), where
    the next full collection meets it, instead of one more walk over all of it at once."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():  # nobody else keeps objects frozen: nothing to undo
                gc.freeze()
                gc.unfreeze()
            gc.enable()
