"""Checks that the view files and the muscle files both make: a region, a source or a landmark
that must exist, and where a placement lies (:mod:`.checks`, :mod:`.muscle_checks`)."""

from __future__ import annotations

from . import model
from .reader import Reader, did_you_mean


def check_stem(reader: Reader, label: str, field: str, stem: str, stems: dict) -> bool:
    if stem in stems:
        return True
    hint = did_you_mean(stem, stems)
    if not hint and stem.startswith(("left-", "right-")):
        hint = " (write the region without its side; the side rule places it)"
    reader.add(label, field, f"unknown region '{stem}'{hint}")
    return False


def check_source(reader: Reader, label: str, field: str, ref: model.SourceRef, sources: dict) -> None:
    if ref.ref not in sources:
        reader.add(label, f"{field}.ref", f"unknown source '{ref.ref}'{did_you_mean(ref.ref, sources)}"
                   " (add it to data/sources.yaml)")


def check_placement(reader: Reader, label: str, field: str, point, view: model.ViewFile) -> None:
    if isinstance(point, model.LandmarkPoint) and point.at not in view.landmarks:
        reader.add(label, f"{field}.at", f"view '{view.id}' has no landmark '{point.at}'"
                   f"{did_you_mean(point.at, view.landmarks)}")


def resolve(point, view: model.ViewFile) -> model.Point:
    """A placement (landmark and offset, or coordinates) in the view's coordinates."""
    if isinstance(point, model.LandmarkPoint):
        x, y = view.landmarks[point.at]
        return (x + point.dx, y + point.dy)
    return point


def inside_figure(point: model.Point, view: model.View) -> bool:
    """Whether a place lies on the view's figure (its parts' outlines are sampled once per view)."""
    return view.on_figure(point)
