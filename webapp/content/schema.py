"""JSON Schemas of the content files, generated from the pydantic models, for authors' editors.

Each kind of content file gets one schema, ``data/schema/<kind>.schema.json``, rendered by
``flask --app webapp content-schema`` from :mod:`webapp.content.model` (never written by hand). Every
YAML file under ``data/`` starts with a header line the YAML language server reads (VS Code's
YAML extension), so the editor completes field names and flags mistakes while one types::

    # yaml-language-server: $schema=../schema/muscle.schema.json

The schemas check what one file can say on its own; ``check-content`` still judges what
files say about each other (region ids, sources, landmarks). Nothing here knows about Flask.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from . import model

SCHEMA_DIR = "schema"  # under the data folder
HEADER_PREFIX = "# yaml-language-server: $schema="
HEADER_RE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")
# Draft 7, the one the YAML language server (VS Code's YAML extension) validates with.
DIALECT = "http://json-schema.org/draft-07/schema#"


class SourcesFile(model.Strict):
    """data/sources.yaml: every source the content cites; content files point here with `ref: <id>`."""

    sources: list[model.Source]


class RegionsFile(model.Strict):
    """data/regions.yaml: the body atlas, every named region written once."""

    areas: list[model.Area]
    regions: list[model.RegionEntry]


class ConditionsFile(model.Strict):
    """data/conditions.yaml: the differentials and red flags a clinician must rule out."""

    conditions: list[model.Condition]


KINDS: dict[str, type[model.BaseModel]] = {
    "sources": SourcesFile,
    "regions": RegionsFile,
    "conditions": ConditionsFile,
    "figure": model.Figure,
    "view": model.ViewFile,
    "muscle": model.MuscleFile,
}

TITLES = {
    "sources": "Sources (data/sources.yaml)",
    "regions": "Body regions (data/regions.yaml)",
    "conditions": "Conditions (data/conditions.yaml)",
    "figure": "Figure (data/figures/<id>.yaml)",
    "view": "View (data/views/<id>.yaml)",
    "muscle": "Muscle (data/muscles/<id>.yaml)",
}


def render_schema(kind: str) -> str:
    """The JSON Schema text of one kind of content file (stable: keys in model order)."""
    schema = as_draft7(KINDS[kind].model_json_schema(ref_template="#/definitions/{model}"))
    definitions = schema.pop("$defs", {})
    schema = {"$schema": DIALECT, **schema, "title": TITLES[kind], "definitions": definitions}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def as_draft7(node):
    """Pydantic writes draft 2020-12; the one keyword it uses that draft 7 lacks is
    ``prefixItems`` (a fixed pair such as ``[x, y]``), which draft 7 spells ``items: [...]``."""
    if isinstance(node, list):
        return [as_draft7(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {("items" if key == "prefixItems" else key): as_draft7(value) for key, value in node.items()}


def render_all() -> dict[str, str]:
    """Every schema by file name: ``{"muscle.schema.json": "...", ...}``."""
    return {f"{kind}.schema.json": render_schema(kind) for kind in KINDS}


def kind_of(path: Path, data_dir: Path) -> str | None:
    """The kind of a YAML file under the data folder, by where it lies (None: not content)."""
    parts = path.relative_to(data_dir).parts
    if len(parts) == 1:
        stem = Path(parts[0]).stem
        return stem if stem in ("sources", "regions", "conditions") else None
    return {"figures": "figure", "views": "view", "muscles": "muscle"}.get(parts[0])


def content_files(data_dir: Path) -> list[Path]:
    """Every YAML file under the data folder, sorted."""
    return sorted(p for p in Path(data_dir).rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def header_for(path: Path, schema_dir: Path, kind: str) -> str:
    """The header line that points ``path`` at its schema, by a path relative to the file."""
    target = os.path.relpath(Path(schema_dir) / f"{kind}.schema.json", Path(path).parent)
    return f"{HEADER_PREFIX}{Path(target).as_posix()}"


def header_problem(path: Path, data_dir: Path, schema_dir: Path) -> str | None:
    """What is wrong with a file's schema header, with the line to write; None when right."""
    kind = kind_of(path, data_dir)
    if kind is None:
        return f"not a known kind of content file (known: {', '.join(KINDS)})"
    wanted = header_for(path, schema_dir, kind)
    first = Path(path).read_text(encoding="utf-8").partition("\n")[0]
    if first == wanted:
        return None
    found = HEADER_RE.match(first)
    what = f"the first line points at {found.group(1)}" if found else "the first line is not a schema header"
    return f"{what}; make the first line `{wanted}` (or run `flask --app webapp content-schema --add-headers`)"


def add_header(path: Path, data_dir: Path, schema_dir: Path) -> bool:
    """Put the right header on a file's first line (replacing a wrong one); True if it changed."""
    kind = kind_of(path, data_dir)
    if kind is None or header_problem(path, data_dir, schema_dir) is None:
        return False
    text = path.read_text(encoding="utf-8")
    first, newline, rest = text.partition("\n")
    body = rest if HEADER_RE.match(first) else text
    path.write_text(f"{header_for(path, schema_dir, kind)}\n{body}", encoding="utf-8")
    return True
