"""Plane geometry of the figure: smooth edges through stations, patches, mirroring.

A body part is a band between two edges. Each edge is a Catmull-Rom spline through the
part's stations, drawn as cubic Bezier segments. A patch (a piece of a region) is the
part of a band between two stations and two fractions across it; its long sides are
blends of the two edges, so regions follow the figure's curves and tile a part exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:  # only for annotations: the model builds on this module
    from .model import Part, Patch

Point = tuple[float, float]

Bezier = tuple[Point, Point, Point, Point]


def lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def catmull_rom(points: Sequence[Point], closed: bool = False) -> list[Bezier]:
    """Cubic Bezier segments of the uniform Catmull-Rom spline through ``points``."""
    n = len(points)
    if n < 2:
        raise ValueError("a spline needs at least two points")
    segments = []
    count = n if closed else n - 1
    for i in range(count):
        p0 = points[(i - 1) % n] if closed else points[max(i - 1, 0)]
        p1 = points[i % n]
        p2 = points[(i + 1) % n]
        p3 = points[(i + 2) % n] if closed else points[min(i + 2, n - 1)]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        segments.append((p1, c1, c2, p2))
    return segments


def bezier_point(seg: Bezier, t: float) -> Point:
    p0, p1, p2, p3 = seg
    mt = 1 - t
    a, b, c, d = mt**3, 3 * mt * mt * t, 3 * mt * t * t, t**3
    return (a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
            a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1])


def reverse(segments: Sequence[Bezier]) -> list[Bezier]:
    return [(s[3], s[2], s[1], s[0]) for s in reversed(segments)]


def fmt(value: float) -> str:
    """A coordinate with one decimal and no trailing zeros (small, stable output)."""
    text = f"{value:.1f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def _tenths(point: Point, step: int = 1) -> tuple[int, int]:
    """A point in whole tenths, rounded to ``step`` tenths (1: a tenth, 10: a whole unit)."""
    return round(point[0] * 10 / step) * step, round(point[1] * 10 / step) * step


def _rel(value: int) -> str:
    """A relative offset in tenths as the shortest decimal text (e.g. -12 -> '-1.2', 5 -> '.5')."""
    text = f"{value / 10:.1f}".rstrip("0").rstrip(".")
    text = text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text
    return "0" if text in ("", "-0", "-") else text


def _join(numbers: list[str]) -> str:
    """Numbers separated only where needed (a '-' or a second '.' already separates)."""
    out = numbers[0]
    for text in numbers[1:]:
        out += text if text.startswith("-") or (text.startswith(".") and "." in out.split(" ")[-1].split("-")[-1]) \
            else " " + text
    return out


def path_data(segments: Sequence[Bezier], close: bool = True, step: int = 1) -> str:
    """Compact SVG path data for joined Bezier segments (joins between runs become lines).

    Coordinates are rounded to ``step`` tenths first and written as offsets from the previous
    rounded point (``c``/``l``), so the path is short and rounding never drifts along it.
    Shared points round alike, so shapes that abut in the geometry still abut in the path.
    """
    out: list[str] = []
    last: tuple[int, int] | None = None
    for p0, c1, c2, p3 in segments:
        start = _tenths(p0, step)
        if last is None:
            out.append(f"M{fmt(start[0] / 10)} {fmt(start[1] / 10)}")
        elif start != last:
            out.append("l" + _join([_rel(start[0] - last[0]), _rel(start[1] - last[1])]))
        numbers = []
        for point in (c1, c2, p3):
            x, y = _tenths(point, step)
            numbers += [_rel(x - start[0]), _rel(y - start[1])]
        out.append("c" + _join(numbers))
        last = _tenths(p3, step)
    if close:
        out.append("z")
    return "".join(out)


def polygon_path_data(rings: Iterable[Sequence[Point]]) -> str:
    """Compact SVG path data for closed polylines (``M`` then relative ``l``), in tenths."""
    out: list[str] = []
    for ring in rings:
        points = [_tenths(p) for p in ring]
        points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        if len(points) < 3:
            continue
        numbers = []
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            numbers += [_rel(x1 - x0), _rel(y1 - y0)]
        out.append(f"M{fmt(points[0][0] / 10)} {fmt(points[0][1] / 10)}l{_join(numbers)}z")
    return "".join(out)


@dataclass(frozen=True)
class Band:
    """A body part as two smooth edges with named stations along them."""

    names: tuple[str, ...]
    first: tuple[Bezier, ...]
    second: tuple[Bezier, ...]

    @classmethod
    def of(cls, part: Part) -> "Band":
        return cls(
            names=tuple(s.name for s in part.stations),
            first=tuple(catmull_rom([s.first for s in part.stations])),
            second=tuple(catmull_rom([s.second for s in part.stations])),
        )

    def index(self, station: str) -> int:
        return self.names.index(station)

    def outline(self) -> list[Bezier]:
        """The part's closed outline: second edge down, first edge back up."""
        return list(self.second) + reverse(self.first)

    def point(self, across: float, along: float) -> Point:
        """The point ``across`` (0..1) the band at station position ``along`` (index)."""
        i = min(int(along), len(self.first) - 1)
        t = along - i
        return lerp(bezier_point(self.first[i], t), bezier_point(self.second[i], t), across)

    def side(self, across_start: float, across_end: float, start: int, end: int) -> list[Bezier]:
        """The curve at a fraction across the band from station ``start`` to ``end``."""
        curve = []
        span = end - start
        for i in range(start, end):
            f, s = self.first[i], self.second[i]
            k0 = (i - start) / span
            controls = []
            for j in range(4):
                u = across_start + (across_end - across_start) * (k0 + j / 3 / span)
                controls.append(lerp(f[j], s[j], u))
            curve.append(tuple(controls))
        return curve

    def patch(self, patch: Patch) -> list[Bezier]:
        """The closed outline of a patch, as Bezier segments and straight joins."""
        a, b = self.index(patch.start), self.index(patch.end)
        (s0, s1), (e0, e1) = across_pairs(patch)
        outer = self.side(s1, e1, a, b)
        inner = reverse(self.side(s0, e0, a, b))
        return outer + inner


def across_pairs(patch: Patch) -> tuple[tuple[float, float], tuple[float, float]]:
    """The patch's fractions across the band at its start and at its end."""
    across = patch.across
    if isinstance(across[0], (int, float)):
        return (across[0], across[1]), (across[0], across[1])  # type: ignore[return-value]
    return across[0], across[1]  # type: ignore[return-value]


def mirror_segments(segments: Iterable[Bezier], axis: float) -> list[Bezier]:
    return [tuple((2 * axis - x, y) for x, y in seg) for seg in segments]  # type: ignore[misc]


def mirror_point(point: Point, axis: float) -> Point:
    return (2 * axis - point[0], point[1])


def contains(segments: Sequence[Bezier], point: Point, samples: int = 8) -> bool:
    """Whether a point lies inside a closed outline (even-odd on a sampled polygon)."""
    return SampledOutline.of(segments, samples).contains(point)


Edge = tuple[float, float, float, float]  # x1, y1, x2, y2


@dataclass(frozen=True)
class SampledOutline:
    """A closed outline as a polygon of points sampled along it, made once per outline to
    answer many ``contains`` questions (a check of every trigger point's place on its view
    asks one per part of the figure). Its edges are filed by horizontal slab: a point is
    tested against the edges that reach its slab only, which are all that can cross its ray."""

    box: tuple[float, float, float, float]  # min x, min y, max x, max y
    slabs: tuple[tuple[Edge, ...], ...]

    SLABS = 32

    @classmethod
    def of(cls, segments: Sequence[Bezier], samples: int = 8) -> "SampledOutline":
        poly = [bezier_point(s, k / samples) for s in segments for k in range(samples)]
        if not poly:
            return cls((0.0, 0.0, -1.0, -1.0), ((),))
        xs, ys = [p[0] for p in poly], [p[1] for p in poly]
        box = (min(xs), min(ys), max(xs), max(ys))
        slabs: list[list[Edge]] = [[] for _ in range(cls.SLABS)]
        for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1]):
            for k in range(cls._slab(box, min(y1, y2)), cls._slab(box, max(y1, y2)) + 1):
                slabs[k].append((x1, y1, x2, y2))
        return cls(box, tuple(map(tuple, slabs)))

    @classmethod
    def _slab(cls, box: tuple[float, float, float, float], y: float) -> int:
        return min(cls.SLABS - 1, max(0, int((y - box[1]) / ((box[3] - box[1]) or 1.0) * cls.SLABS)))

    def contains(self, point: Point) -> bool:
        """Even-odd: whether a ray from the point crosses the outline an odd number of times."""
        x, y = point
        if not (self.box[0] <= x <= self.box[2] and self.box[1] <= y <= self.box[3]):
            return False
        inside = False
        for x1, y1, x2, y2 in self.slabs[self._slab(self.box, y)]:
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
        return inside
