"""Checks of one muscle file against the rest of the atlas."""

from __future__ import annotations

from . import model
from .reader import Reader, did_you_mean
from .reference_checks import check_placement, check_source, check_stem, inside_figure, resolve


def check_muscle(reader: Reader, label: str, muscle: model.MuscleFile, stems: dict, views: dict,
                 broken_views: set, conditions: dict, sources: dict, muscles: dict) -> None:
    """Check one muscle; positions on, and regions drawn by, broken view files are not judged."""
    ids = [tp.id for tp in muscle.trigger_points]
    for i, tp in enumerate(muscle.trigger_points):
        where = f"trigger_points[{i}]"
        if ids.count(tp.id) > 1 and ids.index(tp.id) != i:
            reader.add(label, f"{where}.id", f"duplicate trigger point id '{tp.id}' (rename one)")
        check_source(reader, label, f"{where}.source", tp.source, sources)
        for view_id, point in tp.positions.items():
            if view_id not in broken_views:
                _check_position(reader, label, f"{where}.positions.{view_id}", view_id, point, views)
        _check_refers(reader, label, f"{where}.refers", tp.refers, stems, views, judge_drawn=not broken_views)
    _check_listed_once(reader, label, "differentials", "condition", [d.condition for d in muscle.differentials])
    _check_listed_once(reader, label, "associated", "muscle", [a.muscle for a in muscle.associated])
    for i, diff in enumerate(muscle.differentials):
        if diff.condition not in conditions:
            reader.add(label, f"differentials[{i}].condition", f"unknown condition '{diff.condition}'"
                       f"{did_you_mean(diff.condition, conditions)} (add it to data/conditions.yaml)")
    for i, other in enumerate(muscle.associated):
        if other.muscle is not None and other.muscle not in muscles:
            reader.add(label, f"associated[{i}].muscle", f"unknown muscle '{other.muscle}'"
                       f"{did_you_mean(other.muscle, muscles)} (add data/muscles/{other.muscle}.yaml or drop the id)")
    _check_shapes(reader, label, muscle, views, broken_views)
    for i, ref in enumerate(muscle.sources):
        check_source(reader, label, f"sources[{i}]", ref, sources)


def _check_shapes(reader: Reader, label: str, muscle: model.MuscleFile, views: dict, broken_views: set) -> None:
    """The muscle's outline and fibres on each view: enough points, at landmarks the view has."""
    for view_id, points in muscle.shapes.items():
        if view_id in broken_views:
            continue
        if view_id not in views:
            reader.add(label, f"shapes.{view_id}", f"unknown view '{view_id}'{did_you_mean(view_id, views)}")
            continue
        if len(points) < 3:
            reader.add(label, f"shapes.{view_id}", f"a shape needs at least 3 points, got {len(points)} "
                       "(outline the muscle through 3 or more points)")
        for j, point in enumerate(points):
            check_placement(reader, label, f"shapes.{view_id}[{j}]", point, views[view_id].file)
    for view_id, fibres in muscle.fibres.items():
        if view_id not in muscle.shapes:
            reader.add(label, f"fibres.{view_id}", f"fibres need a shape on the same view (add shapes.{view_id})")
            continue
        if view_id in views:
            for key in ("origin", "insertion"):
                for j, point in enumerate(getattr(fibres, key)):
                    check_placement(reader, label, f"fibres.{view_id}.{key}[{j}]", point, views[view_id].file)


def _check_listed_once(reader: Reader, label: str, key: str, field: str, ids: list) -> None:
    for i, value in enumerate(ids):
        if value is not None and ids.index(value) != i:
            reader.add(label, f"{key}[{i}].{field}", f"'{value}' is already listed as {key}[{ids.index(value)}] "
                       "(list it once; put everything it needs to say there)")


def _check_position(reader: Reader, label: str, field: str, view_id: str, point, views: dict) -> None:
    view = views.get(view_id)
    if view is None:
        reader.add(label, field, f"unknown view '{view_id}'{did_you_mean(view_id, views)}")
        return
    if isinstance(point, model.LandmarkPoint) and point.at not in view.file.landmarks:
        check_placement(reader, label, field, point, view.file)
        return
    xy = resolve(point, view.file)
    if not inside_figure(xy, view):
        reader.add(label, field, f"position ({xy[0]:g}, {xy[1]:g}) lies outside the {view_id} figure "
                   "(check the landmark offset: x grows to the right, y downward)")


def _check_refers(reader: Reader, label: str, field: str, refers: model.Refers, stems: dict, views: dict,
                  judge_drawn: bool) -> None:
    seen: dict[tuple[str, str], str] = {}
    for zone in ("essential", "spillover"):
        for j, entry in enumerate(getattr(refers, zone)):
            stem, rule = (entry, None) if isinstance(entry, str) else (entry.region, entry.side)
            where = f"{field}.{zone}[{j}]"
            if not check_stem(reader, label, where, stem, stems) or stem not in stems.keys():
                continue  # unknown (reported), or regions.yaml unreadable (reported there)
            if stems[stem].pairing == "midline" and rule is not None:
                reader.add(label, f"{where}.side", f"'{stem}' is a midline region and takes no side rule "
                           f"(write just '{stem}')")
                continue
            if judge_drawn and not any(stem in v.file.regions for v in views.values()):
                reader.add(label, where, f"region '{stem}' is not drawn on any view (add it to a data/views file)")
            for side in _sides(rule or "same", stems[stem].pairing):
                if (stem, side) in seen:
                    reader.add(label, where, f"'{stem}' ({side}) is already listed under {seen[(stem, side)]}"
                               " (list each region once)")
                seen[(stem, side)] = f"{zone}"


def _sides(rule: str, pairing: str) -> tuple[str, ...]:
    if pairing == "midline":
        return ("midline",)
    return {"same": ("same",), "opposite": ("opposite",), "both": ("same", "opposite")}[rule]
