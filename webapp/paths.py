"""Where the project's files are: ``templates/``, ``static/`` and ``data/`` sit beside the package."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
