"""The shapes of the content files and of the loaded atlas.

Every class here mirrors one YAML structure under ``data/``. They are frozen: once the
loader has built the atlas nobody changes it. Nothing here knows about Flask.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from types import MappingProxyType
from typing import Annotated, Literal, Mapping, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag, computed_field

from .geometry import Band, Point, SampledOutline

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Prose = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors, objects are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Voiced(Strict):
    """A text written twice: for the clinician and for the client."""

    clinical: Prose
    plain: Prose


def _text_kind(value: object) -> str:
    return "voiced" if isinstance(value, dict) or isinstance(value, Voiced) else "text"


Text = Annotated[
    Union[Annotated[Prose, Tag("text")], Annotated[Voiced, Tag("voiced")]],
    Discriminator(_text_kind),
    Field(description="one string for both readers, or `clinical:` and `plain:` where the client needs other words"),
]


def clinical(text: Text) -> str:
    """The clinician's wording of a text."""
    return text.clinical if isinstance(text, Voiced) else text


def plain(text: Text) -> str:
    """The client's wording of a text (the same words where only one is given)."""
    return text.plain if isinstance(text, Voiced) else text


class Side(str, Enum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> "Side":
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


# --- sources -------------------------------------------------------------------------

class Source(Strict):
    id: Slug
    citation: Prose
    short: Name
    kind: Literal["book", "paper", "guideline", "web"]


class SourceRef(Strict):
    ref: Slug
    where: Name | None = None


# --- regions -------------------------------------------------------------------------

class RegionEntry(Strict):
    """One region of the body atlas, written once for both sides where it is paired."""

    id: Slug
    name: Name
    plain_name: Name
    pairing: Literal["paired", "midline"]
    area: Slug
    aliases: list[Name] = []


class Area(Strict):
    """A part of the body that groups regions in lists."""

    id: Slug
    name: Name


# --- figures and views --------------------------------------------------------------

class Station(Strict):
    """A cross-section of a body part: where its first and second edge pass."""

    name: Slug
    first: Point
    second: Point


class Part(Strict):
    stations: list[Station] = Field(min_length=2)
    detail: bool = False


class Figure(Strict):
    """A figure's parts. Bilateral figures are one half, mirrored about ``axis``."""

    width: float = Field(gt=0)
    height: float = Field(gt=0)
    axis: float
    parts: dict[Slug, Part]


def _across_kind(value: object) -> str:
    first = value[0] if isinstance(value, (list, tuple)) and value else None
    return "taper" if isinstance(first, (list, tuple)) else "band"


Fraction = Annotated[float, Field(ge=0, le=1)]
Across = Annotated[
    Union[Annotated[tuple[Fraction, Fraction], Tag("band")],
          Annotated[tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]], Tag("taper")]],
    Discriminator(_across_kind),
]


class Patch(Strict):
    """A piece of a part between two stations and two fractions across it.

    ``across`` runs from the part's first edge (0) to its second (1); give one pair for
    a band of constant width or two pairs (at ``start`` and at ``end``) for a taper.
    """

    part: Slug
    start: Slug
    end: Slug
    across: Across = (0.0, 1.0)


class LandmarkPoint(Strict):
    at: Slug
    dx: float = 0
    dy: float = 0


def _placement_kind(value: object) -> str:
    return "landmark" if isinstance(value, (dict, LandmarkPoint)) else "point"


Placement = Annotated[
    Union[Annotated[LandmarkPoint, Tag("landmark")], Annotated[Point, Tag("point")]],
    Discriminator(_placement_kind),
    Field(description="a landmark of the view plus an offset, `{at: psis, dx: 4, dy: -10}`, or coordinates `[x, y]`"),
]


class Detail(Strict):
    """A drawn anatomical line (a bony landmark, a crease) through landmarks."""

    kind: Literal["bone", "crease", "contour"]
    points: list[Placement] = Field(min_length=2)
    closed: bool = False
    mirror: bool = True


class ViewFile(Strict):
    id: Slug
    name: Name
    plain_name: Name
    order: int
    figure: Slug
    layout: Literal["bilateral", "unilateral"]
    drawn_side: Side = Field(description="bilateral: the client's side drawn on the screen's left; "
                             "unilateral: the side the figure shows as written")
    landmarks: dict[Slug, Point]
    details: list[Detail] = []
    regions: dict[Slug, list[Patch]]


# --- conditions ----------------------------------------------------------------------

Urgency = Literal["emergency", "same-day", "urgent", "routine"]
URGENCIES: tuple[str, ...] = ("emergency", "same-day", "urgent", "routine")  # most urgent first
URGENCY_LABELS = {
    "emergency": "Emergency: call emergency services",
    "same-day": "Same day",
    "urgent": "Urgent: within days",
    "routine": "Routine",
}


class Escalation(Strict):
    """A sign that makes a condition more urgent than it usually is, and what to do then."""

    sign: Prose
    urgency: Urgency
    action: Prose


class Condition(Strict):
    id: Slug
    name: Name
    plain_name: Name
    kind: Literal["joint", "nerve", "tendon", "bone", "visceral", "vascular", "systemic",
                  "myofascial", "spinal"]
    looks_alike: Prose
    tells_apart: Prose
    aliases: list[Name] = []
    urgency: Urgency = Field(description="how soon a client suspected of it needs medical care; "
                             "anything but 'routine' makes it a red flag")
    escalations: list[Escalation] = []
    refer_on: Prose | None = None
    regions: list[Slug] = []
    source: SourceRef

    @computed_field
    @property
    def red_flag(self) -> bool:
        """Needs onward referral before treatment: its own urgency is above routine."""
        return self.urgency != "routine"

    @computed_field
    @property
    def most_urgent(self) -> Urgency:
        """The highest urgency it or any of its escalating signs can carry."""
        return min([self.urgency, *(e.urgency for e in self.escalations)], key=URGENCIES.index)

    @property
    def urgency_rank(self) -> tuple[int, int]:
        """Sort key: red flags by urgency first, then the rest by their most urgent sign."""
        return (URGENCIES.index(self.urgency), URGENCIES.index(self.most_urgent))


# --- muscles -------------------------------------------------------------------------

class Action(Strict):
    fibres: Name
    action: Text


class Innervation(Strict):
    nerve: Name
    roots: list[Annotated[str, StringConstraints(pattern=r"^(C[1-8]|T(1[0-2]|[1-9])|L[1-5]|S[1-5]|Co1|CN (III|IV|V|VI|VII|IX|X|XI|XII))$")]] = Field(min_length=1)


class RegionRef(Strict):
    """A referral target: a region and the side it appears on, relative to the TrP."""

    region: Slug
    side: Literal["same", "opposite", "both"] | None = None


def _referral_kind(value: object) -> str:
    return "region-ref" if isinstance(value, (dict, RegionRef)) else "region-id"


Referral = Annotated[
    Union[Annotated[Slug, Tag("region-id")], Annotated[RegionRef, Tag("region-ref")]],
    Discriminator(_referral_kind),
    Field(description="a region id without a side (`sacroiliac-joint`: on the trigger point's side), "
          "or `{region: <id>, side: same | opposite | both}`"),
]

UNION_TAGS = frozenset({"text", "voiced", "band", "taper", "landmark", "point",
                        "region-id", "region-ref"})


class Refers(Strict):
    essential: list[Referral] = Field(min_length=1)
    spillover: list[Referral] = []


class TriggerPointEntry(Strict):
    id: Slug
    label: Name
    name: Text
    location: Text
    prevalence: Literal["common", "less common", "rare"] = "common"
    positions: dict[Slug, Placement] = Field(min_length=1)
    refers: Refers
    symptoms: Text
    source: SourceRef
    notes: Prose | None = None


class Differential(Strict):
    condition: Slug
    why: Prose


class Associated(Strict):
    name: Name
    why: Prose
    muscle: Slug | None = None


class SelfCare(Strict):
    title: Text
    steps: list[Text] = Field(min_length=1)
    dose: Text


class Fibres(Strict):
    """How the muscle's fibres run on a view: from along its origin to along its insertion."""

    origin: list[Placement] = Field(min_length=1)
    insertion: list[Placement] = Field(min_length=1)
    count: int = Field(default=9, ge=2, le=40)


CHECKLIST = ("zones", "anatomy", "pressure", "differentials", "citations")


class Review(Strict):
    """An independent second read of a muscle file against its sources (no names)."""

    date: datetime.date
    checked: list[Literal["zones", "anatomy", "pressure", "differentials", "citations"]] = Field(
        min_length=1, description="the items of the second-reader checklist in CONTENT.md read")
    findings: Prose = Field(description="what the read found and what was changed because of it")


class MuscleFile(Strict):
    id: Slug
    name: Name
    plain_name: Name
    aliases: list[Name] = []
    summary: Text
    actions: list[Action] = Field(min_length=1)
    origin: Text
    insertion: Text
    innervation: Innervation
    shape_and_palpation: Text
    gait_and_posture: Text
    weakness: Text
    causes: list[Text] = Field(min_length=1)
    trigger_points: list[TriggerPointEntry] = Field(min_length=1)
    together: Text | None = None
    differentials: list[Differential] = []
    associated: list[Associated] = []
    self_care: dict[Literal["strengthen", "stretch", "self_release"], SelfCare] = {}
    safety: Text | None = None
    shapes: dict[Slug, list[Placement]] = {}
    fibres: dict[Slug, Fibres] = {}
    sources: list[SourceRef] = Field(min_length=1)
    review: Review | None = None


# --- the loaded atlas ----------------------------------------------------------------

@dataclass(frozen=True)
class Region:
    """A region on one side (or the midline): what the map highlights and links."""

    id: str
    stem: str
    side: Side | None
    name: str
    plain_name: str
    area: str
    views: tuple[str, ...]

    @property
    def side_name(self) -> str:
        return self.side.value if self.side else "midline"


@dataclass(frozen=True)
class TriggerPoint:
    """A trigger point of a muscle, with its globally unique id."""

    id: str
    muscle: str
    entry: TriggerPointEntry

    @property
    def views(self) -> tuple[str, ...]:
        return tuple(self.entry.positions)


@dataclass(frozen=True)
class Muscle:
    id: str
    file: MuscleFile
    trigger_points: tuple[TriggerPoint, ...]


@dataclass(frozen=True, eq=False)
class View:
    id: str
    file: ViewFile
    figure: Figure

    @cached_property
    def bands(self) -> dict:
        """Each part of the figure as a smooth band (see :mod:`webapp.content.geometry`)."""
        return {name: Band.of(part) for name, part in self.figure.parts.items()}

    @cached_property
    def outlines(self) -> tuple[SampledOutline, ...]:
        """Each part's outline as a polygon, to tell whether a place lies on the figure."""
        return tuple(SampledOutline.of(band.outline()) for band in self.bands.values())

    def on_figure(self, point: Point) -> bool:
        """Whether a point (view coordinates) lies inside a part of the figure."""
        return any(outline.contains(point) for outline in self.outlines)


@dataclass(frozen=True, eq=False)
class Atlas:
    """Everything the app knows, validated and frozen."""

    sources: Mapping[str, Source]
    areas: Mapping[str, str]
    regions: Mapping[str, Region]
    region_stems: Mapping[str, RegionEntry]
    views: Mapping[str, View]
    conditions: Mapping[str, Condition]
    muscles: Mapping[str, Muscle]
    trigger_points: Mapping[str, TriggerPoint] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def default_view(self) -> str:
        return min(self.views.values(), key=lambda v: v.file.order).id
