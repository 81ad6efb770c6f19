"""Authors' commands: ``flask --app webapp content-schema``."""

from __future__ import annotations

from pathlib import Path

import click

from . import schema
from .cli import default_data_dir, write_all_atomically

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
            click.echo(f"added the schema header to {path}")
        else:
            click.echo(f"warning: {path}: {problem}", err=True)
    if not wrong:
        click.echo(f"every YAML file in {data_dir} points at its schema")
