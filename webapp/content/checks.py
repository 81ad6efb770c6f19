"""Cross-file checks: every id a content file names must exist and make sense.

``build_atlas`` reads every file through a :class:`~webapp.content.Reader`, checks the
references between them and returns the frozen atlas, or raises ``ContentError`` with
every problem found.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from . import geometry, model
from .muscle_checks import check_muscle
from .reader import ContentError, Reader, did_you_mean
from .reference_checks import check_placement, check_source, check_stem


def build_atlas(data_dir: Path, reader: Reader) -> model.Atlas:
    sources, _ = _known(reader, data_dir / "sources.yaml", "sources", model.Source)
    areas, regions_label = reader.items(model.Area, data_dir / "regions.yaml", "areas", also=("regions",))
    entries, _ = reader.items(model.RegionEntry, data_dir / "regions.yaml", "regions", also=("areas",))
    stems = _region_stems(reader, regions_label, {a.id: a.name for a in areas}, entries)
    stems = _Known(stems, also=reader.unparsed_ids(data_dir / "regions.yaml", "regions"),
                   every=reader.unreadable(data_dir / "regions.yaml"))
    conditions, listed = _known(reader, data_dir / "conditions.yaml", "conditions", model.Condition)
    _check_conditions(reader, reader.label(data_dir / "conditions.yaml"), listed, stems, sources)
    views, broken_views = _load_views(reader, data_dir, stems)
    muscles = _load_muscles(reader, data_dir, stems, views, broken_views, conditions, sources)
    if reader.problems:
        raise ContentError(reader.problems)

    regions = _expand_regions(stems, views)
    trigger_points = {tp.id: tp for m in muscles.values() for tp in m.trigger_points}
    return model.Atlas(
        sources=MappingProxyType(sources),
        areas=MappingProxyType({a.id: a.name for a in areas}),
        regions=MappingProxyType(regions),
        region_stems=MappingProxyType(stems),
        views=MappingProxyType(views),
        conditions=MappingProxyType(conditions),
        muscles=MappingProxyType(muscles),
        trigger_points=MappingProxyType(trigger_points),
    )


def review_warnings(atlas: model.Atlas) -> list[str]:
    """Muscle files not yet read by a second reader, or read against only part of the checklist
    (warnings, not errors: the count stays visible until every file has had its read)."""
    out = []
    for muscle in sorted(atlas.muscles.values(), key=lambda m: m.id):
        label = f"data/muscles/{muscle.id}.yaml"
        review = muscle.file.review
        if review is None:
            out.append(f"{label}: review: no second read recorded (see ../shared/CONTENT.md, 'The second reader')")
        elif missing := [c for c in model.CHECKLIST if c not in review.checked]:
            out.append(f"{label}: review.checked: the read of {review.date} did not cover {', '.join(missing)}")
    return out


def _known(reader: Reader, path: Path, key: str, cls) -> tuple[dict, list]:
    """A list file's items by id, and as listed. An entry that does not parse still counts as
    known by its id, and every id does when the file cannot be read: each problem is
    reported once, where it is, not again at every reference."""
    items, label = reader.items(cls, path, key)
    known = _Known(_unique(reader, label, key, items), also=reader.unparsed_ids(path, key),
                   every=reader.unreadable(path))
    return known, items


def _check_conditions(reader: Reader, label: str, conditions: list, stems: dict, sources: dict) -> None:
    for i, condition in enumerate(conditions):
        where = f"conditions[{i}]"
        for j, stem in enumerate(condition.regions):
            check_stem(reader, label, f"{where}.regions[{j}]", stem, stems)
        check_source(reader, label, f"{where}.source", condition.source, sources)
        if condition.red_flag and not condition.refer_on:
            reader.add(label, f"{where}.refer_on", f"a red flag (urgency '{condition.urgency}') needs "
                       "'refer_on': where to send the client and how fast (e.g. 'Same day: emergency "
                       "department')")
        for j, step in enumerate(condition.escalations):
            if model.URGENCIES.index(step.urgency) >= model.URGENCIES.index(condition.urgency):
                reader.add(label, f"{where}.escalations[{j}].urgency", f"'{step.urgency}' is not more "
                           f"urgent than the condition's own urgency '{condition.urgency}' (an escalation "
                           "names a sign that raises it; move the sign into 'tells_apart' otherwise)")


class _Known(dict):
    """Items by id, where ``in`` also admits ids that have no item: those of entries that did
    not parse, or every id when the whole file is unreadable (``keys()`` holds real items only)."""

    def __init__(self, items: dict, also: set[str] = frozenset(), every: bool = False):
        super().__init__(items)
        self.also, self.every = also, every

    def __contains__(self, key: object) -> bool:
        return self.every or dict.__contains__(self, key) or key in self.also


def _unique(reader: Reader, label: str, key: str, items: list) -> dict:
    seen: dict = {}
    for i, item in enumerate(items):
        if item.id in seen:
            reader.add(label, f"{key}[{i}].id", f"duplicate id '{item.id}' (ids must be unique; rename one)")
        seen[item.id] = item
    return seen


def _region_stems(reader: Reader, label: str, areas: dict, entries: list) -> dict:
    stems = _unique(reader, label, "regions", entries)
    for i, entry in enumerate(entries):
        if entry.area not in areas:
            reader.add(label, f"regions[{i}].area", f"unknown area '{entry.area}'{did_you_mean(entry.area, areas)}")
    return stems


def _named_files(reader: Reader, data_dir: Path, folder: str, example: str, kind):
    """Each YAML file of ``data/<folder>`` as (path, its model or None, label): None where it does not
    parse or its id is not its file name (both reported). No file at all is a problem too."""
    paths = sorted((data_dir / folder).glob("*.yaml"))
    if not paths:
        reader.add(f"data/{folder}", "", f"no {folder} found (add data/{folder}/{example}.yaml)")
    for path in paths:
        item, label = reader.model(kind, path)
        if item is not None and item.id != path.stem:
            reader.add(label, "id", f"id '{item.id}' differs from the file name (name the file {item.id}.yaml)")
            item = None
        yield path, item, label


def _load_views(reader: Reader, data_dir: Path, stems: dict) -> tuple[dict[str, model.View], set[str]]:
    """The views that parse, and the names of view files that did not."""
    figures: dict[str, model.Figure] = {}
    for path in sorted((data_dir / "figures").glob("*.yaml")):
        figure, _ = reader.model(model.Figure, path)
        if figure is not None:
            figures[path.stem] = figure
            _check_figure(reader, reader.label(path), figure)
    views: dict[str, model.View] = {}
    broken: set[str] = set()
    for path, view_file, label in _named_files(reader, data_dir, "views", "posterior", model.ViewFile):
        if view_file is None:  # muscles name the view by file name: do not judge them on it
            broken.add(path.stem)
            continue
        figure = figures.get(view_file.figure)
        if figure is None:
            reader.add(label, "figure", f"unknown figure '{view_file.figure}'{did_you_mean(view_file.figure, figures)}"
                       " (a file in data/figures)")
            broken.add(path.stem)
            continue
        _check_view(reader, label, view_file, figure, stems)
        views[view_file.id] = model.View(view_file.id, view_file, figure)
    return views, broken


def _check_figure(reader: Reader, label: str, figure: model.Figure) -> None:
    for name, part in figure.parts.items():
        names = [s.name for s in part.stations]
        for dup in {n for n in names if names.count(n) > 1}:
            reader.add(label, f"parts.{name}.stations", f"station '{dup}' appears twice (rename one)")


def _check_view(reader: Reader, label: str, view: model.ViewFile, figure: model.Figure, stems: dict) -> None:
    for i, detail in enumerate(view.details):
        for j, point in enumerate(detail.points):
            check_placement(reader, label, f"details[{i}].points[{j}]", point, view)
    for stem, patches in view.regions.items():
        if not check_stem(reader, label, f"regions.{stem}", stem, stems):
            continue
        for i, patch in enumerate(patches):
            _check_patch(reader, label, f"regions.{stem}[{i}]", patch, figure)


def _check_patch(reader: Reader, label: str, field: str, patch: model.Patch, figure: model.Figure) -> None:
    part = figure.parts.get(patch.part)
    if part is None:
        reader.add(label, f"{field}.part", f"unknown part '{patch.part}'{did_you_mean(patch.part, figure.parts)}")
        return
    names = [s.name for s in part.stations]
    for key in ("start", "end"):
        value = getattr(patch, key)
        if value not in names:
            reader.add(label, f"{field}.{key}",
                       f"part '{patch.part}' has no station '{value}'{did_you_mean(value, names)}")
    if patch.start in names and patch.end in names and names.index(patch.start) >= names.index(patch.end):
        reader.add(label, field, f"start '{patch.start}' must come before end '{patch.end}' "
                   f"(stations run {names[0]} to {names[-1]})")
    pairs = geometry.across_pairs(patch)
    if any(a > b for a, b in pairs) or all(a == b for a, b in pairs):
        reader.add(label, f"{field}.across", f"across {[list(p) for p in pairs]} must run from the smaller "
                   "fraction to the larger (a taper may narrow to nothing at one end only)")


def _load_muscles(reader, data_dir, stems, views, broken_views, conditions, sources) -> dict[str, model.Muscle]:
    """Muscle files, checked; what depends on a broken view file is not judged."""
    files: dict[str, tuple[model.MuscleFile, str]] = {}
    present: set[str] = set()  # a broken file still names a muscle that exists
    for path, muscle, label in _named_files(reader, data_dir, "muscles", "<id>", model.MuscleFile):
        present.add(path.stem)
        if muscle is not None:
            files[muscle.id] = (muscle, label)
    for muscle, label in files.values():
        check_muscle(reader, label, muscle, stems, views, broken_views, conditions, sources, present)
    return {
        m.id: model.Muscle(m.id, m, tuple(model.TriggerPoint(f"{m.id}-{tp.id}", m.id, tp) for tp in m.trigger_points))
        for m, _ in files.values()
    }


def _expand_regions(stems: dict, views: dict[str, model.View]) -> dict[str, model.Region]:
    """Each region stem as its concrete regions: left and right, or the midline one."""
    drawn_on: dict[str, list[str]] = {}
    for view in sorted(views.values(), key=lambda v: v.file.order):
        for stem in view.file.regions:
            drawn_on.setdefault(stem, []).append(view.id)
    regions: dict[str, model.Region] = {}
    for stem, entry in stems.items():
        on = tuple(drawn_on.get(stem, ()))
        if entry.pairing == "midline":
            plain = f"{entry.plain_name[0].upper()}{entry.plain_name[1:]}"
            regions[stem] = model.Region(stem, stem, None, entry.name, plain, entry.area, on)
            continue
        for side in model.Side:
            rid = f"{side.value}-{stem}"
            name = f"{side.value.capitalize()} {entry.name[0].lower()}{entry.name[1:]}"
            plain = f"{entry.plain_name[0].upper()}{entry.plain_name[1:]}, {side.value} side"
            regions[rid] = model.Region(rid, stem, side, name, plain, entry.area, on)
    return regions
