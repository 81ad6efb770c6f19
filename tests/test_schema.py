"""The editor schemas: generated from the models, committed fresh, named by every YAML file's
first line, and agreeing with the loader on what a valid file is."""

from __future__ import annotations

import copy
import datetime
import json

import jsonschema
import pytest
import yaml

from webapp.content import schema
from webapp.commands.authoring import content_schema

from .conftest import DATA

SCHEMA_DIR = DATA / schema.SCHEMA_DIR
FILES = schema.content_files(DATA)


def as_editor_sees(value):
    """YAML as JSON (the language server's view): dates are strings."""
    if isinstance(value, dict):
        return {k: as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def validator(kind: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8")))


def load(path):
    return as_editor_sees(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_committed_schemas_equal_a_fresh_render():
    fresh = schema.render_all()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.schema.json")}
    stale = sorted(name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name))
    assert not stale, (f"data/schema is stale for {stale}: the content models changed; run "
                       "`flask --app webapp content-schema` and commit data/schema/")


def test_each_schema_is_a_valid_draft_7_schema_with_the_models_descriptions():
    for kind in schema.KINDS:
        document = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8"))
        jsonschema.Draft7Validator.check_schema(document)
        assert document["$schema"] == schema.DIALECT
    view = json.loads((SCHEMA_DIR / "view.schema.json").read_text("utf-8"))
    assert "client's side drawn" in view["properties"]["drawn_side"]["description"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_every_yaml_file_starts_with_the_header_of_its_kind(path):
    problem = schema.header_problem(path, DATA, SCHEMA_DIR)
    assert problem is None, f"data/{path.relative_to(DATA)}: {problem}"
    target = schema.HEADER_RE.match(path.read_text("utf-8").partition("\n")[0]).group(1)
    assert (path.parent / target).resolve().is_file()


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_every_content_file_validates_against_its_schema(path):
    errors = [f"{e.json_path}: {e.message[:200]}" for e in validator(schema.kind_of(path, DATA)).iter_errors(load(path))]
    assert errors == []


def shapes_under(value, key=None):
    """(key, shape) of every value in a file: "str", "dict" or "list" (a pair of pairs: "pairs")."""
    if isinstance(value, dict):
        yield key, "dict"
        for k, v in value.items():
            yield from shapes_under(v, k)
    elif isinstance(value, list):
        yield key, "pairs" if value and all(isinstance(v, list) for v in value) else "list"
        for v in value:
            yield from shapes_under(v, key)
    else:
        yield key, type(value).__name__


def test_the_unions_with_callable_discriminators_occur_in_both_shapes_in_the_valid_files():
    """Placement (landmark or [x, y]), Referral (id or
    {region, side}) and Across (band or taper) are oneOf schemas: the real files, which all
    validate (above), use each branch."""
    seen = {pair for path in FILES for pair in shapes_under(load(path))}
    for key, shapes in {"essential": ("str", "dict"),
                        "across": ("list", "pairs"), "points": ("list", "dict")}.items():
        assert all((key, shape) in seen for shape in shapes), (key, shapes)


VALID = {
    "text as one string": lambda m: m.update(summary="One text for both readers."),
    "position as coordinates": lambda m: m["trigger_points"][0]["positions"].update(posterior=[150.5, 400]),
    "referral with a side rule": lambda m: m["trigger_points"][0]["refers"]["spillover"].append(
        {"region": "sacroiliac-joint", "side": "both"}),
    "a second read": lambda m: m.update(review={"date": "2026-12-01", "checked": ["zones"], "findings": "Read."}),
}

BROKEN = {
    "unknown field": lambda m: m.update(orign="x"),
    "id not a slug": lambda m: m.update(id="Gluteus Medius"),
    "missing required field": lambda m: m.pop("origin"),
    "voiced text without plain": lambda m: m.update(summary={"clinical": "x"}),
    "bad prevalence": lambda m: m["trigger_points"][0].update(prevalence="often"),
    "bad side rule": lambda m: m["trigger_points"][0]["refers"]["essential"].append({"region": "sacrum", "side": "left"}),
    "position not a pair": lambda m: m["trigger_points"][0]["positions"].update(posterior=[1, 2, 3]),
    "coordinate not a number": lambda m: m["trigger_points"][0]["positions"].update(posterior=["x", 2]),
    "not a spinal root": lambda m: m["innervation"].update(roots=["L6"]),
    "no trigger points": lambda m: m.update(trigger_points=[]),
}


def edited_muscle(edit):
    muscle = copy.deepcopy(load(DATA / "muscles" / "gluteus-medius.yaml"))
    edit(muscle)
    return muscle


@pytest.mark.parametrize("name", VALID)
def test_each_shape_the_models_accept_the_schema_accepts(name):
    from webapp.content.model import MuscleFile

    muscle = edited_muscle(VALID[name])
    MuscleFile.model_validate(muscle)  # the loader's model agrees it is valid
    assert validator("muscle").is_valid(muscle)


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_muscle_file_fails_its_schema(name):
    assert not validator("muscle").is_valid(edited_muscle(BROKEN[name]))


def test_content_schema_writes_the_schemas_and_reports_files_without_the_header(content, tmp_path):
    runner_path = content / "views" / "plantar.yaml"
    runner_path.write_text("id: plantar\n", encoding="utf-8")
    out = tmp_path / "schemas"
    from click.testing import CliRunner

    result = CliRunner().invoke(content_schema, [str(out), "--data", str(content)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(schema.render_all())
    assert "plantar.yaml: the first line is not a schema header; make the first line " \
           "`# yaml-language-server: $schema=../../schemas/view.schema.json`" in result.output

    result = CliRunner().invoke(content_schema, ["--data", str(content), "--add-headers"])
    assert result.exit_code == 0, result.output
    assert runner_path.read_text("utf-8") == "# yaml-language-server: $schema=../schema/view.schema.json\nid: plantar\n"
    assert all(schema.header_problem(p, content, content / "schema") is None for p in schema.content_files(content))
