"""Broken content: each problem is reported once, precisely, and nothing starts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp import create_app
from webapp.content.reader import ContentError
from webapp.content.loader import load_atlas

GLUTMED = "muscles/gluteus-medius.yaml"


def edit(root: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as err:
        load_atlas(root)
    return [str(p) for p in err.value.problems]


CASES = {
    "misspelt region with suggestion": (
        GLUTMED, "essential: [posterior-iliac-crest, sacroiliac-joint, sacrum]",
        "essential: [posterior-iliac-crest, sacroiliac-joint, sacrun]",
        r"^data/muscles/gluteus-medius\.yaml: trigger_points\[0\]\.refers\.essential\[2\]: "
        r"unknown region 'sacrun' \(did you mean 'sacrum'"),
    "sided region id": (
        GLUTMED, "spillover: [upper-buttock, middle-buttock, lateral-buttock]",
        "spillover: [left-upper-buttock-x, middle-buttock, lateral-buttock]",
        r"refers\.spillover\[0\]: unknown region 'left-upper-buttock-x'"),
    "bad YAML with line and column": (
        GLUTMED, "plain_name: side hip muscle", "plain_name: [side hip muscle",
        r"^data/muscles/gluteus-medius\.yaml: line \d+, column \d+: invalid YAML"),
    "misspelt field with suggestion": (
        GLUTMED, "insertion:\n", "insersion:\n",
        r"^data/muscles/gluteus-medius\.yaml: insersion: unknown field 'insersion' \(did you mean 'insertion'\? it is required\)$"),
    "misspelt nested field": (
        GLUTMED, "    symptoms:\n      clinical: >-\n        Low-back and sacral", "    symptom_text:\n      clinical: >-\n        Low-back and sacral",
        r"trigger_points\[0\]\.symptom_text: unknown field 'symptom_text' \(did you mean 'symptoms'"),
    "wrong type": (
        GLUTMED, "  roots: [L4, L5, S1]", "  roots: L4",
        r"innervation\.roots: input should be a valid list"),
    "not a spinal root": (
        GLUTMED, "  roots: [L4, L5, S1]", "  roots: [L4, L9, S1]",
        r"innervation\.roots\[1\]: 'L9' is not a spinal root"),
    "unknown condition": (
        GLUTMED, "  - condition: hip-osteoarthritis", "  - condition: hip-osteoarthritus",
        r"differentials\[3\]\.condition: unknown condition 'hip-osteoarthritus' \(did you mean 'hip-osteoarthritis'"),
    "unknown source": (
        GLUTMED, "source: {ref: travell-simons-v2, where: \"ch. 8, fig. 8.1B\"}",
        "source: {ref: travel-simons-v2, where: \"ch. 8, fig. 8.1B\"}",
        r"trigger_points\[1\]\.source\.ref: unknown source 'travel-simons-v2' \(did you mean 'travell-simons-v2'"),
    "side rule on a midline region": (
        GLUTMED, "essential: [posterior-iliac-crest, sacroiliac-joint, sacrum]",
        "essential: [posterior-iliac-crest, sacroiliac-joint, {region: sacrum, side: both}]",
        r"essential\[2\]\.side: 'sacrum' is a midline region and takes no side rule"),
    "impossible side rule": (
        GLUTMED, "{region: lower-lumbar-paraspinal, side: both}", "{region: lower-lumbar-paraspinal, side: sideways}",
        r"essential\[3\]\.side: input should be 'same', 'opposite' or 'both'"),
    "trigger point outside the figure": (
        GLUTMED, "posterior: {at: psis, dx: -16, dy: -5}", "posterior: {at: psis, dx: -160, dy: -5}",
        r"trigger_points\[0\]\.positions\.posterior: position \(20, 383\) lies outside the posterior figure"),
    "unknown landmark": (
        GLUTMED, "posterior: {at: psis, dx: -16, dy: -5}", "posterior: {at: pisis, dx: -16, dy: -5}",
        r"positions\.posterior\.at: view 'posterior' has no landmark 'pisis' \(did you mean 'psis'"),
    "unknown view": (
        GLUTMED, "lateral: {at: psis, dx: 10, dy: -4}", "laterale: {at: psis, dx: 10, dy: -4}",
        r"positions\.laterale: unknown view 'laterale' \(did you mean 'lateral'"),
    "region listed twice": (
        GLUTMED, "spillover: [upper-buttock, middle-buttock, lateral-buttock]",
        "spillover: [upper-buttock, middle-buttock, sacroiliac-joint]",
        r"spillover\[2\]: 'sacroiliac-joint' \(same\) is already listed under essential"),
    "duplicate region id": (
        "regions.yaml", "  # head and neck\n", "  # head and neck\n  - {id: orbit, name: Eye, plain_name: eye, pairing: paired, area: head-neck}\n",
        r"^data/regions\.yaml: regions\[5\]\.id: duplicate id 'orbit'"),
    "missing required field": (
        GLUTMED, "    label: TrP3\n", "",
        r"^data/muscles/gluteus-medius\.yaml: trigger_points\[2\]\.label: missing required field 'label' \(add it\)$"),
    "unknown region in a view": (
        "views/posterior.yaml", "  heel: [{part: foot", "  heal: [{part: foot",
        r"^data/views/posterior\.yaml: regions\.heal: unknown region 'heal' \(did you mean 'heel'"),
    "station out of order": (
        "views/posterior.yaml", "parietal: [{part: head, start: crown, end: brow}]",
        "parietal: [{part: head, start: brow, end: crown}]",
        r"regions\.parietal\[0\]: start 'brow' must come before end 'crown'"),
    "fraction out of range": (
        "views/posterior.yaml", "angle-of-jaw: [{part: head, start: jaw-angle, end: chin, across: [0.62, 1]}]",
        "angle-of-jaw: [{part: head, start: jaw-angle, end: chin, across: [0.62, 1.5]}]",
        r"regions\.angle-of-jaw\[0\]\.across\[1\]: input should be less than or equal to 1"),
    "file name differs from id": (
        GLUTMED, "id: gluteus-medius\n", "id: gluteus-maximus\n",
        r"^data/muscles/gluteus-medius\.yaml: id: id 'gluteus-maximus' differs from the file name"),
    "unknown associated muscle": (
        "muscles/piriformis.yaml", "    muscle: obturator-internus", "    muscle: obturator-internis",
        r"^data/muscles/piriformis\.yaml: associated\[0\]\.muscle: unknown muscle 'obturator-internis' "
        r"\(did you mean 'obturator-internus'( or '[a-z-]+')?\?\) \(add data/muscles/obturator-internis\.yaml or drop the id\)$"),
    "mistyped field in a view file": (
        "views/posterior.yaml", "drawn_side: left", "drawn_sde: left",
        r"^data/views/posterior\.yaml: drawn_sde: unknown field 'drawn_sde' \(did you mean 'drawn_side'\? it is required\)$"),
    "trigger point with no positions": (
        GLUTMED, "    positions:\n      posterior: {at: psis, dx: -16, dy: -5}\n      lateral: {at: psis, dx: 10, dy: -4}\n",
        "    positions: {}\n",
        r"^data/muscles/gluteus-medius\.yaml: trigger_points\[0\]\.positions: needs at least 1 entry, got 0 "
        r"\(give its place on each view where it is visible, e\.g\. posterior: \{at: psis, dx: 0, dy: 0\}\)$"),
    "duplicate trigger point id": (
        GLUTMED, "  - id: trp2", "  - id: trp1",
        r"^data/muscles/gluteus-medius\.yaml: trigger_points\[1\]\.id: duplicate trigger point id 'trp1' \(rename one\)$"),
    "condition listed twice in a muscle": (
        GLUTMED, "  - condition: lumbar-spine-pain", "  - condition: greater-trochanteric-pain-syndrome",
        r"^data/muscles/gluteus-medius\.yaml: differentials\[1\]\.condition: 'greater-trochanteric-pain-syndrome' "
        r"is already listed as differentials\[0\] \(list it once; put everything it needs to say there\)$"),
    "associated muscle listed twice": (
        "muscles/adductor-longus-brevis.yaml", "    muscle: pectineus", "    muscle: adductor-magnus",
        r"^data/muscles/adductor-longus-brevis\.yaml: associated\[1\]\.muscle: 'adductor-magnus' is already listed"),
    "duplicate condition id": (
        "conditions.yaml", "conditions:\n", "conditions:\n  - {id: lumbar-radiculopathy, name: Copy, plain_name: "
        "copy, kind: nerve, urgency: routine, looks_alike: x, tells_apart: x, source: {ref: grimaldi-2015}}\n",
        r"^data/conditions\.yaml: conditions\[2\]\.id: duplicate id 'lumbar-radiculopathy' \(ids must be unique; rename one\)$"),
    "key given twice (YAML would keep the last)": (
        GLUTMED, "innervation:\n", "insertion: Greater trochanter.\ninnervation:\n",
        r"^data/muscles/gluteus-medius\.yaml: line 42, column 1: invalid YAML: duplicate key 'insertion' "
        r"\(first given on line 39\) \(YAML keeps only the last one: merge the two or remove one\)$"),
    "tab indentation": (
        GLUTMED, "  roots: [L4, L5, S1]", "\troots: [L4, L5, S1]",
        r"^data/muscles/gluteus-medius\.yaml: line 44, column 1: invalid YAML: .*tab.* \(indent with spaces, not tabs\)$"),
    "unknown figure, no cascade into the muscles": (
        "views/posterior.yaml", "figure: frontal", "figure: frontl",
        r"^data/views/posterior\.yaml: figure: unknown figure 'frontl' \(did you mean 'frontal'\?\) \(a file in data/figures\)$"),
    "view id differs from its file name, no cascade": (
        "views/posterior.yaml", "id: posterior", "id: back",
        r"^data/views/posterior\.yaml: id: id 'back' differs from the file name \(name the file back\.yaml\)$"),
    "unknown area": (
        "regions.yaml", "area: head-neck}", "area: head-nek}",
        r"^data/regions\.yaml: regions\[0\]\.area: unknown area 'head-nek' \(did you mean 'head-neck'\?\)$"),
    "unknown region in a condition": (
        "conditions.yaml", "regions: [greater-trochanter, lateral-buttock", "regions: [greater-trochanterr, lateral-buttock",
        r"^data/conditions\.yaml: conditions\[0\]\.regions\[0\]: unknown region 'greater-trochanterr' "
        r"\(did you mean 'greater-trochanter'\?\)$"),
    "prevalence not one of the words": (
        GLUTMED, "    prevalence: common", "    prevalence: often",
        r"^data/muscles/gluteus-medius\.yaml: trigger_points\[0\]\.prevalence: input should be 'common', 'less common' or 'rare'$"),
    "trigger point id not a slug": (
        GLUTMED, "  - id: trp1", "  - id: TrP 1",
        r"^data/muscles/gluteus-medius\.yaml: trigger_points\[0\]\.id: 'TrP 1' is not a valid id \(use lower-case words"),
    "broken source entry, no cascade to its citations": (
        "sources.yaml", "    kind: book", "    kind: novel",
        r"^data/sources\.yaml: sources\[0\]\.kind: input should be 'book', 'paper', 'guideline' or 'web'$"),
    "broken region entry, no cascade to its users": (
        "regions.yaml", "flat bone at the base of the spine, pairing: midline", "flat bone at the base of the spine, pairing: middle",
        r"^data/regions\.yaml: regions\[\d+\]\.pairing: input should be 'paired' or 'midline'$"),
    "broken condition entry, no cascade to the muscles": (
        "conditions.yaml", "    kind: nerve\n", "    kind: nerves\n",
        r"^data/conditions\.yaml: conditions\[1\]\.kind: input should be 'joint', 'nerve'"),
    "unknown self-care key": (
        GLUTMED, "  strengthen:", "  strength:",
        r"^data/muscles/gluteus-medius\.yaml: self_care\.strength: unknown key 'strength' \(did you mean 'strengthen'"
        r".*\(use 'strengthen', 'stretch' or 'self_release'\)$"),
    "no essential zone": (
        GLUTMED, "essential: [lateral-buttock, middle-buttock]", "essential: []",
        r"^data/muscles/gluteus-medius\.yaml: trigger_points\[1\]\.refers\.essential: needs at least 1 entry, got 0 "
        r"\(list the regions where its pain is always felt\)$"),
    "landmark with one coordinate": (
        "views/posterior.yaml", "c7: [200, 172]", "c7: [200]",
        r"^data/views/posterior\.yaml: landmarks\.c7\[1\]: missing value 2 of the pair \(write both numbers, like \[120, 340\]\)$"),
    "offset that is not a number": (
        GLUTMED, "posterior: {at: psis, dx: -16, dy: -5}", "posterior: {at: psis, dx: -16, dy: five}",
        r"^data/muscles/gluteus-medius\.yaml: trigger_points\[0\]\.positions\.posterior\.dy: input should be a valid "
        r"number.*, got str 'five'$"),
    "fibres without a shape": (
        GLUTMED, "fibres:\n  posterior:\n", "fibres:\n  anterior:\n    origin: [[1, 2]]\n    insertion: [[3, 4]]\n  posterior:\n",
        r"^data/muscles/gluteus-medius\.yaml: fibres\.anterior: fibres need a shape on the same view \(add shapes\.anterior\)$"),
    "shape of two points": (
        GLUTMED, "shapes:\n", "shapes:\n  anterior: [[200, 400], [210, 410]]\n",
        r"^data/muscles/gluteus-medius\.yaml: shapes\.anterior: a shape needs at least 3 points, got 2 "
        r"\(outline the muscle through 3 or more points\)$"),
    "empty text": (
        GLUTMED, "    why: Lumbar joints and discs refer to the same sacral and buttock zones.", "    why: ''",
        r"^data/muscles/gluteus-medius\.yaml: differentials\[1\]\.why: is empty \(write the text, or remove the field"),
    "unknown part in a view": (
        "views/posterior.yaml", "  heel: [{part: foot", "  heel: [{part: foott",
        r"^data/views/posterior\.yaml: regions\.heel\[0\]\.part: unknown part 'foott' \(did you mean 'foot'\?\)$"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_broken_file_gives_one_precise_message(content, case):
    name, old, new, expected = CASES[case]
    edit(content, name, old, new)
    problems = problems_of(content)
    assert len(problems) == 1, problems
    assert re.search(expected, problems[0]), problems[0]


def test_the_corpus_covers_enough_distinct_problems():
    assert len(CASES) >= 40 and len({expected for *_, expected in CASES.values()}) == len(CASES)


def test_empty_file_is_reported(content):
    (content / GLUTMED).write_text("", encoding="utf-8")
    assert problems_of(content) == ["data/muscles/gluteus-medius.yaml: file is empty (fill it in or delete it)"]


def test_non_utf8_file_is_reported(content):
    path = content / GLUTMED
    path.write_bytes(path.read_bytes().replace(b"Gluteus medius\n", b"Glut\xe9us medius\n", 1))
    [problem] = problems_of(content)
    assert problem.startswith("data/muscles/gluteus-medius.yaml: is not UTF-8 text (byte ")


@pytest.mark.parametrize("name", ["conditions.yaml", "sources.yaml", "regions.yaml"])
def test_an_unreadable_shared_file_is_reported_once_without_cascading(content, name):
    path = content / name
    path.write_text(path.read_text(encoding="utf-8").replace("\n  - ", "\n  -: ", 1), encoding="utf-8")
    problems = problems_of(content)
    assert len(problems) == 1 and problems[0].startswith(f"data/{name}: line "), problems[:3]


def test_a_red_flag_must_say_where_to_refer(content):
    edit(content, "conditions.yaml", '    refer_on: "Emergency: send to the emergency department now, by ambulance if needed; do not treat."\n', "")
    [problem] = problems_of(content)
    assert "conditions[6].refer_on: a red flag (urgency 'emergency') needs 'refer_on'" in problem


def test_an_escalation_must_raise_the_urgency(content):
    edit(content, "conditions.yaml", "    urgency: emergency\n    refer_on: \"Emergency: send",
         "    urgency: emergency\n    escalations:\n      - {sign: x, urgency: same-day, action: y}\n"
         "    refer_on: \"Emergency: send")
    [problem] = problems_of(content)
    assert "conditions[6].escalations[0].urgency: 'same-day' is not more urgent than the condition's own " \
           "urgency 'emergency'" in problem


def test_every_problem_in_the_tree_is_reported_at_once(content):
    edit(content, GLUTMED, "  - condition: hip-osteoarthritis", "  - condition: hip-oa")
    edit(content, "conditions.yaml", "source: {ref: grimaldi-2015}", "source: {ref: grimaldy-2015}")
    edit(content, "views/anterior.yaml", "  palm-ulnar: [{part: hand,", "  palm-ulnar: [{part: hands,")
    problems = problems_of(content)
    assert len(problems) == 3
    assert {p.split(":")[0] for p in problems} == {
        "data/muscles/gluteus-medius.yaml", "data/conditions.yaml", "data/views/anterior.yaml"}


def test_the_app_refuses_to_start_on_broken_content(content):
    edit(content, GLUTMED, "  - condition: hip-osteoarthritis", "  - condition: hip-oa")
    with pytest.raises(ContentError, match="unknown condition 'hip-oa'"):
        create_app({"TESTING": True, "DATA_DIR": str(content)})


def test_check_content_reports_clean_content(runner):
    from webapp.commands.cli import check_content

    result = runner.invoke(check_content, [])
    assert result.exit_code == 0
    assert "is valid" in result.output
    assert re.search(r"view posterior: \d+ regions a side", result.output)


def test_check_content_exits_1_with_every_problem(runner, content):
    from webapp.commands.cli import check_content

    edit(content, GLUTMED, "  - condition: hip-osteoarthritis", "  - condition: hip-oa")
    result = runner.invoke(check_content, ["--data", str(content)])
    assert result.exit_code == 1
    assert "1 problem in the content:" in result.output
    assert "differentials[3].condition: unknown condition 'hip-oa'" in result.output


def test_yaml_rs_reads_every_content_file_as_pyyaml_does():
    """Content is read by yaml-rs (YAML 1.2) for speed; the files must mean what they meant to
    PyYAML (YAML 1.1), so a word like `no` or an unquoted date never changes its meaning unseen."""
    import yaml
    import yaml_rs

    from tests.conftest import DATA

    files = sorted(DATA.rglob("*.yaml"))
    assert len(files) > 100
    differ = [p.relative_to(DATA).as_posix() for p in files
              if yaml_rs.loads(p.read_text(encoding="utf-8")) != yaml.safe_load(p.read_text(encoding="utf-8"))]
    assert not differ, f"yaml-rs and PyYAML read these differently (quote the value): {differ}"


def test_an_impossible_review_date_is_a_problem_not_a_crash(content):
    path = content / "muscles" / "piriformis.yaml"
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^  date: \d{4}-\d\d-\d\d$", text, re.M)
    path.write_text(re.sub(r"^  date: \d{4}-\d\d-\d\d$", "  date: 2026-02-30", text, flags=re.M), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_atlas(content)
    assert "muscles/piriformis.yaml: review.date" in str(err.value)
