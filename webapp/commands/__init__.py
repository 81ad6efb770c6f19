"""The command line (``flask --app webapp <command>``): checking, building, exporting and authoring.

The top layer beside the web edge: commands may use every layer below (content, queries,
drawing) and the app itself, and nothing below imports them.
"""

from __future__ import annotations

from flask import Flask

from .authoring import content_schema, new_muscle
from .cli import build_svg, export


def register(app: Flask) -> None:
    """Add the commands to ``app.cli``. ``check-content``, ``content-schema`` and ``new-muscle`` are
    also entry points (pyproject.toml): they must work on content the app refuses to start on."""
    for command in (content_schema, new_muscle, build_svg, export):
        app.cli.add_command(command)
