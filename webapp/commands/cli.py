"""Command-line tools: ``flask --app webapp check-content``, ``build-svg`` and ``export``
(authors' ``content-schema`` and ``new-muscle`` are in :mod:`webapp.commands.authoring`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..content.checks import review_warnings
from ..content.loader import load_atlas
from ..content.model import Atlas
from ..content.reader import ContentError
from ..drawing.render import render_map
from ..queries.state import MapState
from .export import export_site
from .files import default_data_dir, write_all_atomically


def summary(atlas: Atlas) -> list[str]:
    """A short report of what the atlas holds, for people checking their content."""
    lines = []
    for view in sorted(atlas.views.values(), key=lambda v: v.file.order):
        stems = view.file.regions
        paired = sum(1 for s in stems if atlas.region_stems[s].pairing == "paired")
        midline = len(stems) - paired
        lines.append(f"view {view.id}: {paired} regions a side, {midline} midline")
    drawn = sum(1 for r in atlas.regions.values() if r.views)
    lines.append(f"regions: {len(atlas.regions)} ({drawn} drawn on a view)")
    lines.append(f"muscles: {len(atlas.muscles)}, trigger points: {len(atlas.trigger_points)}")
    lines.append(f"conditions: {len(atlas.conditions)}, sources: {len(atlas.sources)}")
    return lines


@click.command("check-content")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Content folder to check (default: the app's data/).")
def check_content(data_dir: Path | None) -> None:
    """Validate every content file and print a report; exit 1 on any problem."""
    data_dir = data_dir or default_data_dir()
    try:
        atlas = load_atlas(data_dir)
    except ContentError as err:
        click.echo(str(err), err=True)
        sys.exit(1)
    click.echo(f"Content in {data_dir} is valid.")
    for line in summary(atlas):
        click.echo(f"  {line}")
    warnings = review_warnings(atlas)
    reviewed = len(atlas.muscles) - len(warnings)
    click.echo(f"  second read: {reviewed} of {len(atlas.muscles)} muscle files")
    for line in warnings:
        click.echo(f"warning: {line}", err=True)


def fresh_svgs(atlas: Atlas) -> dict[str, str]:
    """The file name and text of every generated view SVG."""
    return {f"{view_id}.svg": render_map(atlas, MapState(view=view_id)) + "\n" for view_id in atlas.views}


@click.command("build-svg")
@with_appcontext
def build_svg() -> None:
    """Render every view to static/svg/<view>.svg from the content."""
    out = Path(current_app.config["SVG_DIR"])
    try:
        files = fresh_svgs(current_app.extensions["atlas"])  # every view, before any file is touched
        write_all_atomically({out / name: text for name, text in files.items()})
    except Exception as err:
        raise click.ClickException(f"{type(err).__name__}: {err}; no file in {out} was changed") from err
    for name, text in files.items():
        click.echo(f"wrote {out / name} ({len(text.encode()):,} bytes)")


@click.command("export")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--item-api", is_flag=True,
              help="Also write each muscle's, trigger point's and region's own JSON "
                   "(/api/muscles/<id>.json and the like): no page reads them; for integrations.")
@with_appcontext
def export(out: Path, item_api: bool) -> None:
    """Write the whole site to OUT as static files (serve OUT with any static file server)."""
    if out.exists() and any(out.iterdir()):
        raise click.UsageError(f"{out} is not empty: give a new or empty folder, so no stale page survives.")
    counts = export_site(current_app._get_current_object(), out, item_api)
    click.echo(f"wrote {counts['files']:,} files ({counts['bytes']:,} bytes) to {out}: "
               f"{counts['pages']:,} pages and answers, {counts['redirects']:,} redirects turned into links")
