"""Clinical safety pinned: urgencies, red flags first, and the corrections that must not come back."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from webapp.queries import referral
from webapp.content.checks import review_warnings
from webapp.content.model import CHECKLIST, URGENCIES, Side, clinical, plain
from webapp.queries.panels import differentials_of


def texts_of(value):
    """Every string in a content model (both voices), walked recursively."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from texts_of(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from texts_of(v)


def muscle_texts(muscle):
    return list(texts_of(muscle.file.model_dump()))


def sentences(text):
    return re.split(r"(?<=[.;:!?])\s+", text)


def test_every_condition_has_an_urgency_and_every_red_flag_says_where_to_refer(atlas):
    for c in atlas.conditions.values():
        assert c.urgency in URGENCIES, c.id
        if c.red_flag:
            assert c.refer_on, c.id
        for e in c.escalations:
            assert URGENCIES.index(e.urgency) < URGENCIES.index(c.urgency), (c.id, e.sign)


def test_spinal_red_flags_include_same_day_or_emergency_tiers(atlas):
    spinal = [c for c in atlas.conditions.values() if c.kind == "spinal" and c.red_flag]
    tiers = {c.urgency for c in spinal} | {e.urgency for c in spinal for e in c.escalations}
    assert {"emergency", "same-day"} <= tiers
    serious = atlas.conditions["serious-spinal-pathology"]
    assert "within days" not in (serious.refer_on or "") or serious.escalations, \
        "serious spinal pathology must not send every case 'within days'"


def test_no_step_presses_just_beside_the_femoral_pulse(atlas):
    """The femoral vein lies immediately medial to the artery and the nerve lateral: pressure
    beside the pulse must name a safe distance (finger-widths), never 'just' or 'inside' it."""
    near = re.compile(r"\b(just|immediately|right|directly)\s+(medial|lateral|inside|beside)\s+(to|of)?\s*"
                      r"(the|your|it)?\s*(femoral )?(pulse|artery)|\binside (the|your) (groin )?pulse", re.I)
    pressing = re.compile(r"\b(press|place|put|fingertips?|fingers|thumb|ball|pressure|sink)", re.I)
    for muscle in atlas.muscles.values():
        f = muscle.file
        steps = [f.shape_and_palpation] + [s for care in f.self_care.values() for s in care.steps]
        for text in texts_of([s.model_dump() if hasattr(s, "model_dump") else s for s in steps]):
            for sentence in sentences(text):
                warns = re.search(r"\b(vein|nerve)\b", sentence, re.I)  # says what lies there: a warning
                assert not (pressing.search(sentence) and near.search(sentence) and not warns), \
                    f"{muscle.id}: {sentence!r}"


def test_pectineus_release_is_placed_finger_widths_medial_to_the_pulse_and_stops_at_a_lump(atlas):
    pectineus = atlas.muscles["pectineus"].file
    steps = " ".join(clinical(s) + " " + plain(s) for s in pectineus.self_care["self_release"].steps)
    assert re.search(r"(two|2) (to|or) (three|3) finger", steps, re.I)
    safety = clinical(pectineus.safety) + " " + plain(pectineus.safety)
    assert re.search(r"lump", safety, re.I) and re.search(r"hernia|lymph", clinical(pectineus.safety), re.I)


@pytest.mark.parametrize("muscle_id", ["rectus-femoris", "iliopsoas"])
def test_groin_palpation_names_the_femoral_nerve_lateral_to_the_artery(atlas, muscle_id):
    f = atlas.muscles[muscle_id].file
    text = " ".join([clinical(f.shape_and_palpation), *(clinical(s) for care in f.self_care.values() for s in care.steps),
                     clinical(f.safety) if f.safety else ""])
    assert re.search(r"femoral nerve", text, re.I), muscle_id
    assert re.search(r"lateral", text, re.I), muscle_id


def test_levator_ani_draws_nothing_on_the_pubic_region(atlas):
    for tp in atlas.muscles["levator-ani"].trigger_points:
        for side in Side:
            assert not any(r.endswith("pubic") for r in (r for r, _ in referral.zones_of(atlas, tp, side).items())), tp.id


def test_gluteus_minimus_posterior_pattern_reaches_the_lower_calf(atlas):
    posterior = [tp for tp in atlas.muscles["gluteus-minimus"].trigger_points if "posterior" in tp.id or
                 "posterior" in clinical(tp.entry.name).lower()]
    assert posterior
    for tp in posterior:
        assert "lower-calf" in [r if isinstance(r, str) else r.region for r in tp.entry.refers.spillover], tp.id


def test_soleus_sends_calf_swelling_to_a_clot_screen_first(atlas):
    soleus = atlas.muscles["soleus"]
    below_knee = re.compile(r"calf|heel|achilles|ankle|foot|plantar")
    for tp in soleus.trigger_points:
        if not any(below_knee.search(r) for r, _ in referral.zones_of(atlas, tp, Side.LEFT).items()):
            continue
        words = clinical(tp.entry.symptoms) + " " + plain(tp.entry.symptoms)
        assert re.search(r"swell", words, re.I) and re.search(r"DVT|vein thrombosis|clot", words, re.I), tp.id
    assert "deep-vein-thrombosis" in {d.condition for d in soleus.file.differentials}


@pytest.mark.parametrize("condition_id", ["hip-osteoarthritis", "knee-osteoarthritis"])
def test_osteoarthritis_is_not_told_apart_by_a_free_passive_range(atlas, condition_id):
    c = atlas.conditions[condition_id]
    assert not re.search(r"range[^.;]*\bfree\b|leave[^.;]*range", c.tells_apart, re.I)
    assert re.search(r"capsular", c.tells_apart, re.I)


def test_pulmonary_embolism_signs_in_a_dvt_are_an_emergency(atlas):
    dvt = atlas.conditions["deep-vein-thrombosis"]
    assert any(e.urgency == "emergency" and re.search(r"breath", e.sign, re.I) for e in dvt.escalations)


def test_progressive_weakness_in_radiculopathy_is_urgent(atlas):
    rad = atlas.conditions["lumbar-radiculopathy"]
    assert any(URGENCIES.index(e.urgency) <= URGENCIES.index("urgent") and re.search(r"weak|foot drop", e.sign, re.I)
               for e in rad.escalations)


def test_visceral_disease_is_not_ruled_out_by_no_fever(atlas):
    text = atlas.conditions["acute-abdominal-visceral-disease"].tells_apart
    assert re.search(r"appendicitis", text, re.I) and re.search(r"fever", text, re.I)


def test_sacroiliac_cluster_is_laslett_rule(atlas):
    text = atlas.conditions["sacroiliac-joint-dysfunction"].tells_apart
    assert re.search(r"\bsix\b|\b6\b", text) and re.search(r"three or more|3 or more", text, re.I)
    assert re.search(r"(two|2) or more of the (other )?(four|4)", text, re.I)


def test_femoral_hernia_is_a_differential_of_the_groin_muscles(atlas):
    femoral = atlas.conditions["femoral-hernia"]
    assert femoral.most_urgent == "emergency" and "groin" in femoral.regions
    for muscle_id in ("pectineus", "adductor-longus-brevis"):
        assert "femoral-hernia" in {d.condition for d in atlas.muscles[muscle_id].file.differentials}, muscle_id


def test_muscle_differentials_put_red_flags_first_most_urgent_first(atlas):
    for muscle in atlas.muscles.values():
        ranks = [item.condition.urgency_rank for item in differentials_of(atlas, muscle)]
        assert ranks == sorted(ranks), muscle.id


def test_region_panel_lists_red_flags_most_urgent_first_with_their_urgency(client, atlas):
    region = atlas.regions["sacrum"]
    _, red_flags = referral.conditions_at(atlas, region)
    soup = BeautifulSoup(client.get("/?region=sacrum").data, "html.parser")
    shown = [li["data-urgency"] for li in soup.select("#panel .red-flags li.differential")]
    assert shown == [c.urgency for c in red_flags] and len(shown) >= 2
    assert [URGENCIES.index(u) for u in shown] == sorted(URGENCIES.index(u) for u in shown)
    badges = [b.text for b in soup.select("#panel .red-flags [data-urgency].badge")]
    assert "Emergency: call emergency services" in badges


def test_client_view_names_no_condition(client, atlas):
    for url in ("/?region=sacrum&audience=client", "/?tp=soleus-trp1&audience=client"):
        text = BeautifulSoup(client.get(url).data, "html.parser").select_one("#panel").get_text(" ")
        for c in atlas.conditions.values():
            assert c.name not in text, (url, c.name)
        assert "own therapist" in text or "sore spot" in text.lower()


def test_every_muscle_file_carries_a_full_second_read(atlas):
    assert review_warnings(atlas) == []
    for muscle in atlas.muscles.values():
        assert set(muscle.file.review.checked) == set(CHECKLIST), muscle.id


def test_check_content_reports_files_without_a_second_read(content):
    from click.testing import CliRunner

    from webapp.commands.cli import check_content

    def reviewed() -> tuple[int, str]:
        result = CliRunner().invoke(check_content, ["--data", str(content)])
        assert result.exit_code == 0, result.output
        return int(re.search(r"second read: (\d+) of \d+ muscle files", result.output)[1]), result.stderr

    before, warnings = reviewed()
    assert "piriformis.yaml" not in warnings
    path = content / "muscles" / "piriformis.yaml"
    path.write_text(re.sub(r"(?ms)^review:.*\Z", "", path.read_text()))
    after, warnings = reviewed()
    assert after == before - 1
    assert "data/muscles/piriformis.yaml: review: no second read recorded" in warnings


def test_every_red_flag_where_a_zone_lies_is_shown_with_the_trigger_point(client, atlas):
    """The curated differentials plus the derived 'also screen' list name every red flag whose
    regions a trigger point's zone touches, most urgent first; the client view shows none."""
    for tp in atlas.trigger_points.values():
        zones = [referral.zones_of(atlas, tp, side) for side in Side]
        stems = {atlas.regions[r].stem for z in zones for r, _ in z.items()}
        expected = {c.id for c in atlas.conditions.values() if c.red_flag and stems & set(c.regions)}
        curated = {d.condition for d in atlas.muscles[tp.muscle].file.differentials}
        derived = referral.red_flags_in_zones(atlas, zones, curated)
        assert expected <= curated | {c.id for c in derived}, tp.id
        assert [c.urgency_rank for c in derived] == sorted(c.urgency_rank for c in derived)
    soup = BeautifulSoup(client.get("/?tp=pectoralis-major-clavicular").data, "html.parser")
    derived = [li["data-urgency"] for li in soup.select("#panel .zone-red-flags li.differential")]
    assert [URGENCIES.index(u) for u in derived] == sorted(URGENCIES.index(u) for u in derived)
    client_text = BeautifulSoup(client.get("/?tp=pectoralis-major-clavicular&audience=client").data,
                                "html.parser").select_one("#panel").get_text(" ")
    assert "red flag" not in client_text.lower()
