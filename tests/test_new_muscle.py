"""new-muscle: a skeleton naming every field, refused where it would overwrite or misname,
reported TODO by TODO until filled in, and loading once it is."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from webapp.content import schema
from webapp.commands.authoring import new_muscle
from webapp.commands.cli import check_content
from webapp.content.loader import load_atlas
from webapp.content.model import MuscleFile, TriggerPointEntry

FILLS = [  # what an author writes in place of each kind of placeholder (ids that exist)
    (r"\[TODO\]", "[C3, C4]"),
    (r"TODO-landmark", "psis"),
    (r"TODO-region", "sacrum"),
    (r"TODO-source", "travell-simons-v1"),
    (r"TODO-condition", "lumbar-spine-pain"),
    (r"TODO[^,}\]\n]*", "Written by the author."),
]


def make(content, muscle_id="upper-trapezius"):
    result = CliRunner().invoke(new_muscle, [muscle_id, "--data", str(content)])
    return result, content / "muscles" / f"{muscle_id}.yaml"


def filled(text: str) -> str:
    for pattern, value in FILLS:
        text = re.sub(pattern, value, text)
    return text


def test_the_skeleton_names_every_field_of_a_muscle_and_its_trigger_points(content):
    result, path = make(content)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(path.read_text("utf-8"))
    assert list(data) == list(MuscleFile.model_fields)
    assert list(data["trigger_points"][0]) == list(TriggerPointEntry.model_fields)
    assert data["id"] == "upper-trapezius"
    assert schema.header_problem(path, content, content / "schema") is None


def test_every_field_is_explained_by_a_comment_above_it(content):
    _, path = make(content)
    lines = path.read_text("utf-8").splitlines()
    for i, line in enumerate(lines):
        key = re.match(r"^(?:  - |    )?(\w+):", line)
        if key and (key.group(1) in MuscleFile.model_fields and not line.startswith(" ")
                    or line.startswith(("  - ", "    ")) and key.group(1) in TriggerPointEntry.model_fields):
            assert lines[i - 1].lstrip().startswith("#"), f"no comment above {line!r}"


def test_check_content_names_each_todo_field_of_the_skeleton_and_nothing_else(content):
    _, path = make(content)
    result = CliRunner().invoke(check_content, ["--data", str(content)])
    assert result.exit_code == 1
    problems = [line.strip() for line in result.output.splitlines() if line.startswith("  ")]
    assert problems and all(p.startswith("data/muscles/upper-trapezius.yaml: ") and "still a placeholder" in p
                            for p in problems), problems
    fields = {p.split(": ")[1] for p in problems}
    assert {"name", "summary.clinical", "innervation.roots[0]", "trigger_points[0].positions.posterior.at",
            "trigger_points[0].refers.essential[0]", "trigger_points[0].source.ref",
            "differentials[0].condition", "sources[0].ref"} <= fields
    assert len(fields) == len(problems)  # each placeholder once, not again as a bad id


def test_the_skeleton_loads_once_its_todos_are_filled(content):
    _, path = make(content)
    path.write_text(filled(path.read_text("utf-8")), encoding="utf-8")
    assert "TODO" not in path.read_text("utf-8")
    muscle = load_atlas(content).muscles["upper-trapezius"]
    assert muscle.file.innervation.roots == ["C3", "C4"]
    assert [tp.id for tp in muscle.trigger_points] == ["upper-trapezius-trp1"]
    muscle_schema = json.loads((content / "schema" / "muscle.schema.json").read_text("utf-8"))
    jsonschema.validate(yaml.safe_load(path.read_text("utf-8")), muscle_schema)


def test_refuses_to_overwrite_an_existing_muscle(content):
    path = content / "muscles" / "piriformis.yaml"
    before = path.read_text("utf-8")
    result, _ = make(content, "piriformis")
    assert result.exit_code == 2
    assert "piriformis.yaml already exists: edit it, or choose another id" in result.output
    assert path.read_text("utf-8") == before


@pytest.mark.parametrize("bad", ["Upper Trapezius", "upper_trapezius", "../escape", "x-", "gluteus--medius", ""])
def test_refuses_an_id_that_is_not_a_slug(content, bad):
    before = sorted(p.name for p in (content / "muscles").iterdir())
    result, _ = make(content, bad)
    assert result.exit_code == 2
    assert "is not a valid muscle id: use lower-case words joined by hyphens" in result.output
    assert sorted(p.name for p in (content / "muscles").iterdir()) == before
