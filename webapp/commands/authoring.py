"""Authors' commands: ``flask --app webapp content-schema`` and ``new-muscle``."""

from __future__ import annotations

from pathlib import Path

import click
from pydantic import TypeAdapter, ValidationError

from ..content import schema
from ..content.model import Slug
from ..content.skeleton import muscle_skeleton
from .files import default_data_dir, write_all_atomically

SLUG_HELP = "lower-case words joined by hyphens, like 'gluteus-medius'"


@click.command("content-schema")
@click.argument("out", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Content folder whose YAML headers are checked (default: the app's data/).")
@click.option("--add-headers", is_flag=True, help="Write the missing or wrong schema header lines.")
def content_schema(out: Path | None, data_dir: Path | None, add_headers: bool) -> None:
    """Write a JSON Schema per kind of content file (default OUT: data/schema) and check headers."""
    data_dir = data_dir or default_data_dir()
    out = out or data_dir / schema.SCHEMA_DIR
    files = schema.render_all()
    write_all_atomically({out / name: text for name, text in files.items()})
    for name in files:
        click.echo(f"wrote {out / name}")
    report_headers(data_dir, out, add_headers)


def report_headers(data_dir: Path, schema_dir: Path, fix: bool) -> None:
    """List the YAML files whose first line does not point at their schema (fixing them with ``fix``)."""
    wrong = [(p, problem) for p in schema.content_files(data_dir)
             if (problem := schema.header_problem(p, data_dir, schema_dir))]
    for path, problem in wrong:
        if fix and schema.add_header(path, data_dir, schema_dir):
            click.echo(f"added the schema header to {path.relative_to(data_dir.parent)}")
        else:
            click.echo(f"warning: {path.relative_to(data_dir.parent)}: {problem}", err=True)
    if not wrong:
        click.echo(f"every YAML file in {data_dir} points at its schema")


@click.command("new-muscle")
@click.argument("muscle_id")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Content folder (default: the app's data/).")
def new_muscle(muscle_id: str, data_dir: Path | None) -> None:
    """Write data/muscles/MUSCLE_ID.yaml: every field, explained, with TODOs to fill in."""
    data_dir = data_dir or default_data_dir()
    try:
        TypeAdapter(Slug).validate_python(muscle_id)
    except ValidationError:
        raise click.UsageError(f"'{muscle_id}' is not a valid muscle id: use {SLUG_HELP}; "
                               "the id is also the file name.") from None
    path = data_dir / "muscles" / f"{muscle_id}.yaml"
    if path.exists():
        raise click.UsageError(f"{path} already exists: edit it, or choose another id.")
    header = schema.header_for(path, data_dir / schema.SCHEMA_DIR, "muscle")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # never overwrite, even in a race
        handle.write(muscle_skeleton(muscle_id, header))
    click.echo(f"wrote {path}: replace every TODO, then run `flask --app webapp check-content`")
