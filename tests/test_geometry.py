"""Path data: compact relative commands that decode to the rounded absolute points."""

from __future__ import annotations

import random
import re

from webapp.content.geometry import catmull_rom, path_data

NUMBER = re.compile(r"[MmCcLlZz]|-?(?:\d+\.?\d*|\.\d+)")


def absolute_points(d: str) -> list[tuple[float, float]]:
    """The end and control points of a path written with M, c, l and z, made absolute."""
    tokens = NUMBER.findall(d)
    points, here, i, command = [], (0.0, 0.0), 0, None
    while i < len(tokens):
        if tokens[i] in "MmCcLlZz":
            command = tokens[i]
            i += 1
            continue
        if command == "M":
            here = (float(tokens[i]), float(tokens[i + 1]))
            points.append(here)
            i += 2
        elif command == "l":
            here = (here[0] + float(tokens[i]), here[1] + float(tokens[i + 1]))
            points.append(here)
            i += 2
        elif command == "c":
            start = here
            for j in range(3):
                points.append((start[0] + float(tokens[i + 2 * j]), start[1] + float(tokens[i + 2 * j + 1])))
            here = points[-1]
            i += 6
    return points


def test_compact_path_decodes_to_the_rounded_points_without_drift():
    rng = random.Random(7)
    for _ in range(50):
        pts = [(rng.uniform(-50, 450), rng.uniform(-50, 950)) for _ in range(rng.randint(3, 12))]
        segments = catmull_rom(pts, closed=True)
        decoded = absolute_points(path_data(segments))
        expected = [segments[0][0]] + [p for seg in segments for p in seg[1:]]
        assert len(decoded) == len(expected)
        for (x, y), (ex, ey) in zip(decoded, expected):
            assert abs(x - ex) <= 0.051 and abs(y - ey) <= 0.051


def test_numbers_are_separated_only_where_the_grammar_needs():
    d = path_data([((0, 0), (1.5, 0.5), (2, -1), (3, 0))], close=False)
    assert d == "M0 0c1.5.5 2-1 3 0"
