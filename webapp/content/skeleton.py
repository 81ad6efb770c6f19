"""The skeleton of a new muscle file: every field of :class:`~webapp.content.model.MuscleFile`, explained.

``flask --app webapp new-muscle <id>`` writes it. Each value an author must write is a
``TODO`` placeholder, which ``check-content`` reports by field until it is replaced
(see :func:`webapp.content.placeholders`); optional fields say so and may be deleted.
"""

from __future__ import annotations

SKELETON = """\
{header}
# {muscle_id}. Facts from TODO (the sources you used: book, chapter, figure); all wording is ours.
# Fill in every TODO, delete what you do not need among the optional fields, then run
#   flask --app webapp check-content
# Text fields take one string, or `clinical:` and `plain:` where the client needs other words.
# Ids are lower-case words joined by hyphens. See ../shared/CONTENT.md for how to write and cite.

# The muscle's id: the file name without .yaml.
id: {muscle_id}
# The clinician's name, e.g. "Gluteus medius".
name: TODO clinical name
# The client's words, e.g. "side hip muscle".
plain_name: TODO words for a client
# Other names search should find (optional), e.g. [glute med, G med].
aliases: []
# One or two sentences: what the muscle is and why its trigger points matter.
summary:
  clinical: TODO for the clinician
  plain: TODO for the client
# What it does, one entry per group of fibres (at least one).
actions:
  - fibres: TODO which fibres, e.g. All fibres
    action:
      clinical: TODO e.g. Abducts the thigh.
      plain: TODO e.g. Lifts the leg out to the side.
# Where it arises, in anatomical and in plain words.
origin:
  clinical: TODO
  plain: TODO
# Where it attaches at its other end.
insertion:
  clinical: TODO
  plain: TODO
# The nerve and its spinal roots (C1-C8, T1-T12, L1-L5, S1-S5, Co1), e.g. roots: [L4, L5, S1];
# for a cranial nerve its number, e.g. roots: [CN VII].
innervation:
  nerve: TODO e.g. Superior gluteal nerve
  roots: [TODO]
# Its shape and how to find it under the fingers.
shape_and_palpation: TODO
# What it does in walking, standing and sitting.
gait_and_posture: TODO
# What weakness of it looks like.
weakness: TODO
# What activates its trigger points (at least one entry).
causes:
  - TODO e.g. Sustained or repeated load.
# The trigger points (at least one). Each needs a source and a position on every view where it
# is visible.
trigger_points:
    # id: unique in this file (the map's id is <muscle id>-<id>), e.g. trp1.
  - id: trp1
    # label: what the map prints next to the X, e.g. TrP1.
    label: TrP1
    # name: what the panel calls it.
    name: TODO e.g. Lateral trigger point
    # location: where to find it, e.g. "Just below the iliac crest, near the PSIS."
    location: TODO
    # prevalence: common | less common | rare (optional, default common).
    prevalence: common
    # positions: view id (posterior, anterior, lateral) -> a landmark of that view and an offset
    # in figure units, `{{at: psis, dx: 4, dy: -10}}`, or coordinates `[x, y]`. The landmarks are
    # under `landmarks:` in data/views/<view>.yaml.
    positions:
      posterior: {{at: TODO-landmark, dx: 0, dy: 0}}
    # refers: region ids from data/regions.yaml without a side (`sacroiliac-joint`: on the
    # trigger point's side); `{{region: <id>, side: opposite}}` or `side: both` for other sides.
    # Midline regions (`sacrum`) take no side. essential: where the pain always is (at least one);
    # spillover: where it may spread (optional).
    refers:
      essential: [TODO-region]
      spillover: []
    # symptoms: what the client feels and when.
    symptoms: TODO
    # source: an id from data/sources.yaml and where in it, e.g. {{ref: travell-simons-v2, where: "ch. 8, fig. 8.1A"}}.
    source: {{ref: TODO-source, where: TODO chapter and figure}}
    # notes: anything else the clinician should know (optional: delete the line if none).
    notes: null
# How the trigger points feel together (optional: null if nothing to add).
together: null
# What else causes pain in its zones: condition ids from data/conditions.yaml, and why they look
# alike here (optional, but most muscles have some).
differentials:
  - condition: TODO-condition
    why: TODO why it looks alike here
# Muscles that often develop trigger points with it (optional); `muscle:` links a muscle file.
# e.g. - {{name: Gluteus minimus, why: Shares its actions., muscle: gluteus-minimus}}
associated: []
# Self-care the client can do (optional): any of strengthen, stretch, self_release, each with a
# title, numbered steps and a dose, e.g.
#   stretch:
#     title: {{clinical: Supine piriformis stretch, plain: Lying buttock stretch}}
#     steps: [Lie on your back., Cross the ankle over the other knee.]
#     dose: Hold 30 seconds, three times, twice a day.
self_care: {{}}
# Safety advice for the self-care (optional: null if none), e.g. when to stop and seek help.
safety: null
# The muscle's outline per view (optional): a list of at least three points, each a landmark of
# the view with an offset or [x, y], e.g. posterior: [{{at: psis}}, [178, 389], {{at: iliac-crest-top, dy: 2}}].
shapes: {{}}
# Its fibre direction per view with a shape (optional): points along the origin and the insertion,
# e.g. posterior: {{origin: [{{at: iliac-crest-top}}], insertion: [{{at: greater-trochanter}}], count: 9}}.
fibres: {{}}
# Every source the file draws on (at least one), e.g. - {{ref: travell-simons-v2, where: ch. 8}}.
sources:
  - {{ref: TODO-source, where: TODO chapter}}
# The independent second read (see ../shared/CONTENT.md, 'The second reader'): left null by the
# author; the second reader writes date, checked (zones, anatomy, pressure, differentials,
# citations) and findings.
review: null
"""


def muscle_skeleton(muscle_id: str, header: str) -> str:
    """The text of a new muscle file with the given id and schema header line."""
    return SKELETON.format(muscle_id=muscle_id, header=header)
