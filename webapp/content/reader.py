"""Reading content files: YAML with unique keys, pydantic parsing, and problems that name the
file, the field and a fix (:mod:`webapp.content.loader` puts them together).

Every problem is collected before anything fails, each with its file, the field inside
it and a hint, e.g. ``data/muscles/piriformis.yaml: trigger_points[1].refers.essential[2]:
unknown region 'sacrun' (did you mean 'sacrum'?)``. The app never starts on broken content.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Hashable, Iterable, TypeVar

import yaml
import yaml_rs
from pydantic import BaseModel, ValidationError

from . import model
from .model import UNION_TAGS

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}" if self.field else f"{self.file}: {self.message}"


class ContentError(Exception):
    """Raised with every problem found in a content tree."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the content:"]
        lines += [f"  {p}" for p in problems]
        super().__init__("\n".join(lines))


def suggest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The closest known ids to a mistyped one, best first."""
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=n, cutoff=0.6)
    if not close:
        close = [c for c in choices if word and (word in c or c in word)][:n]
    return close


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = suggest(word, choices)
    if close:
        return " (did you mean " + " or ".join(f"'{c}'" for c in close) + "?)"
    return ""


def field_path(loc: Iterable[Any]) -> str:
    """Pydantic's error location as ``a.b[2].c``, without union branch tags."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in UNION_TAGS or part == "[key]":
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def _known_fields() -> set[str]:
    names: set[str] = set()
    for obj in vars(model).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            names.update(obj.model_fields)
    return names


KNOWN_FIELDS = _known_fields()


TOO_SHORT_HINTS = {
    "positions": " (give its place on each view where it is visible, e.g. posterior: {at: psis, dx: 0, dy: 0})",
    "essential": " (list the regions where its pain is always felt)",
    "stations": " (a part runs through at least two stations)",
}


def _quoted(text: str) -> list[str]:
    """The quoted words of a pydantic 'expected' text: "'a', 'b' or 'c'" -> [a, b, c]."""
    return re.findall(r"'([^']*)'", text)


def describe(error: dict[str, Any]) -> str:
    """One pydantic error as a sentence with a hint on how to fix it."""
    kind, loc = error["type"], error["loc"]
    last = str(loc[-1]) if loc else ""
    if kind == "missing" and isinstance(loc[-1], int):
        example = "[0.2, 0.8]" if "across" in loc else "[120, 340]"
        return f"missing value {loc[-1] + 1} of the pair (write both numbers, like {example})"
    if kind == "missing":
        return f"missing required field '{last}' (add it)"
    if kind == "literal_error" and loc and loc[-1] == "[key]":
        allowed = error["ctx"]["expected"]
        return f"unknown key '{error['input']}'{did_you_mean(error['input'], _quoted(allowed))} (use {allowed})"
    if kind == "too_short":
        wanted = error["ctx"]["min_length"]
        return (f"needs at least {wanted} {'entry' if wanted == 1 else 'entries'}, got "
                f"{error['ctx'].get('actual_length', 0)}{TOO_SHORT_HINTS.get(last, '')}")
    if kind == "string_too_short":
        return "is empty (write the text, or remove the field where it is optional)"
    if kind == "extra_forbidden" and "intended" in error:
        return f"unknown field '{last}' (did you mean '{error['intended']}'? it is required)"
    if kind == "extra_forbidden":
        return f"unknown field '{last}'{did_you_mean(last, KNOWN_FIELDS) or ' (remove it)'}"
    if kind == "string_pattern_mismatch" and "roots" in loc:
        return f"'{error['input']}' is not a spinal root or cranial nerve (write roots like L4, L5, S1, or CN V for a cranial nerve)"
    if kind == "string_pattern_mismatch":
        return (f"'{error['input']}' is not a valid id (use lower-case words joined by "
                f"hyphens, like 'gluteus-medius')")
    got = type(error.get("input")).__name__
    message = error["msg"][0].lower() + error["msg"][1:]
    if kind in {"string_type", "float_parsing", "float_type", "list_type", "dict_type",
                "tuple_type", "model_type", "int_type", "int_parsing", "bool_type"}:
        return f"{message}, got {got} {error.get('input')!r}"
    return message


MERGE_TAG = "tag:yaml.org,2002:merge"


class UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader, refusing a key given twice in one mapping: plain YAML keeps the
    last one silently, and the text written under the first would vanish from the map. It
    reads only what yaml-rs refused (``parse_yaml``), to say where: its marks name lines."""

    def construct_mapping(self, node, deep=False):
        if any(key_node.tag == MERGE_TAG for key_node, _ in node.value):
            self._refuse_duplicates(node)  # checked as written: '<<' is refused there, as it always was
            return super().construct_mapping(node, deep=deep)
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value):  # fewer keys than given: one came twice (or is unhashable)
            self._refuse_duplicates(node)
        return mapping

    def _refuse_duplicates(self, node) -> None:
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, Hashable) and key in first_line:
                raise yaml.constructor.ConstructorError(
                    problem=f"duplicate key '{key}' (first given on line {first_line[key] + 1})",
                    problem_mark=key_node.start_mark)
            if isinstance(key, Hashable):
                first_line[key] = key_node.start_mark.line


def _yaml_hint(problem: str) -> str:
    if problem.startswith("duplicate key"):
        return "(YAML keeps only the last one: merge the two or remove one)"
    if "'\\t'" in problem or "tab character" in problem:
        return "(indent with spaces, not tabs)"
    return "(check indentation and quoting)"


def read_yaml(path: Path, label: str, problems: list[Problem]) -> dict[str, Any] | None:
    """Parse one YAML file into a mapping, recording a problem instead of raising."""
    text = read_text(path, label, problems)
    return None if text is None else parse_yaml(text, label, problems)


def read_text(path: Path, label: str, problems: list[Problem]) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        problems.append(Problem(label, "", "file is missing (create it; see README, 'Content')"))
    except UnicodeDecodeError as err:
        problems.append(Problem(label, "", f"is not UTF-8 text (byte {err.start}); save it as UTF-8"))
    return None


def parse_yaml(text: str, label: str, problems: list[Problem]) -> dict[str, Any] | None:
    """A file's mapping, read by yaml-rs (YAML 1.2, as the editors' language server reads it;
    a key given twice refused): five times as fast as PyYAML on libyaml, and start-up is
    mostly parsing. What it cannot read as a mapping PyYAML reads again, for the message."""
    try:
        data = yaml_rs.loads(text, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
    except ValueError as err:  # yaml_rs.YAMLDecodeError
        problems.append(_not_a_mapping(text, label, str(err)))
        return None
    if isinstance(data, dict):
        return data
    problems.append(Problem(label, "", "file is empty (fill it in or delete it)") if data is None
                    else _not_a_mapping(text, label, "", type(data).__name__))
    return None


def _not_a_mapping(text: str, label: str, refusal: str, got: str = "") -> Problem:
    """Why a file is not one YAML mapping, as PyYAML words it (the line and column of the
    mistake, both lines of a key given twice, a hint), or as yaml-rs does where PyYAML reads it."""
    try:
        yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        what = getattr(err, "problem", None) or str(err)
        return Problem(label, where, f"invalid YAML: {what} {_yaml_hint(what)}")
    if got:
        return Problem(label, "", f"expected a mapping of fields at the top, got {got}")
    place = re.search(r"line (\d+), column (\d+)", refusal)
    what = refusal.strip().splitlines()[-1]
    return Problem(label, f"line {place[1]}, column {place[2]}" if place else "somewhere",
                   f"invalid YAML: {what} {_yaml_hint(what)}")


def parse(cls: type[M], data: Any, label: str, problems: list[Problem], prefix: str = "") -> M | None:
    """Validate data against a content model, recording each schema problem."""
    try:
        return cls.model_validate(data)
    except ValidationError as err:
        for error in merge_misspellings(err.errors()):
            path = field_path(error["loc"])
            full = f"{prefix}.{path}" if prefix and path else (prefix or path)
            problems.append(Problem(label, full, describe(error)))
        return None


def merge_misspellings(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Report a misspelt key once: drop the 'missing' error its right spelling causes."""
    missing = {(e["loc"][:-1], e["loc"][-1]): e for e in errors if e["type"] == "missing"}
    dropped = set()
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        parent, key = error["loc"][:-1], str(error["loc"][-1])
        names = [name for (where, name) in missing if where == parent]
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
        if close:
            dropped.add(id(missing[(parent, close[0])]))
            error["intended"] = close[0]
    return [e for e in errors if id(e) not in dropped]


def may_hold_placeholders(text: str) -> bool:
    """Whether a file's text can hold a ``TODO`` placeholder: it spells one out, or has a
    backslash (a double-quoted YAML escape, ``"\\x54ODO"``, could make one)."""
    return "TODO" in text or "\\" in text


def placeholders(data: Any, where: str = "") -> list[tuple[str, str]]:
    """Every string still starting with ``TODO`` (the skeleton's placeholders), by field path."""
    if isinstance(data, str):
        return [(where, data)] if data.lstrip().startswith("TODO") else []
    if isinstance(data, dict):
        return [found for key, value in data.items()
                for found in placeholders(value, f"{where}.{key}" if where else str(key))]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in placeholders(value, f"{where}[{i}]")]
    return []


class Reader:
    """Reads content files relative to the data dir and labels them for messages."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.problems: list[Problem] = []
        self._cache: dict[Path, dict[str, Any] | None] = {}
        self._unparsed: dict[tuple[Path, str], set[str]] = {}

    def label(self, path: Path) -> str:
        try:
            return str(Path(self.data_dir.name) / path.relative_to(self.data_dir))
        except ValueError:
            return str(path)

    def model(self, cls: type[M], path: Path) -> tuple[M | None, str]:
        """A whole file as one model; each TODO left in it is reported once, at its field."""
        label = self.label(path)
        text = read_text(path, label, self.problems)
        data = None if text is None else parse_yaml(text, label, self.problems)
        if data is None:
            return None, label
        todo = dict(placeholders(data)) if may_hold_placeholders(text) else {}
        found: list[Problem] = []
        parsed = parse(cls, data, label, found)
        self.problems += [Problem(label, where, f"still a placeholder, {value!r} (replace it; "
                                  "the comment above it in the file says what goes there)") for where, value in todo.items()]
        self.problems += [p for p in found if p.field not in todo]
        return parsed, label

    def unreadable(self, path: Path) -> bool:
        """Whether a list file could not be read at all (so its ids cannot be judged)."""
        return path in self._cache and self._cache[path] is None

    def items(self, cls: type[M], path: Path, key: str, also: tuple[str, ...] = ()) -> tuple[list[M], str]:
        """A list of models kept under one top-level key of a file (its other keys in ``also``)."""
        label = self.label(path)
        if path not in self._cache:
            self._cache[path] = data = read_yaml(path, label, self.problems)
            for extra in sorted(set(data or {}) - {key, *also}):
                self.add(label, extra, f"unknown top-level field{did_you_mean(extra, [key, *also]) or ' (remove it)'}")
        data = self._cache[path]
        if data is None:
            return [], label
        raw = data.get(key)
        if not isinstance(raw, list):
            self.add(label, key, f"expected a list under '{key}', got {type(raw).__name__}")
            return [], label
        parsed = [parse(cls, item, label, self.problems, f"{key}[{i}]") for i, item in enumerate(raw)]
        self._unparsed[(path, key)] = {item["id"] for item, done in zip(raw, parsed) if done is None
                                       and isinstance(item, dict) and isinstance(item.get("id"), str)}
        return [p for p in parsed if p is not None], label

    def unparsed_ids(self, path: Path, key: str) -> set[str]:
        """Ids of the entries under ``key`` that failed to parse (their problems are reported):
        references to them are not reported again."""
        return self._unparsed.get((path, key), set())

    def add(self, label: str, field: str, message: str) -> None:
        self.problems.append(Problem(label, field, message))
