"""The JSON API over the atlas."""

from __future__ import annotations

import pytest

from webapp.queries import referral


def test_regions_list_ids_names_sides_and_views(client, atlas):
    body = client.get("/api/regions").get_json()
    assert len(body) == len(atlas.regions)
    by_id = {r["id"]: r for r in body}
    assert by_id["left-sacroiliac-joint"] == {
        "id": "left-sacroiliac-joint", "name": "Left sacroiliac joint",
        "plain_name": by_id["left-sacroiliac-joint"]["plain_name"], "side": "left", "area": "pelvis-hip",
        "views": ["posterior"]}
    assert by_id["sacrum"]["side"] == "midline"
    assert {r["side"] for r in body} == {"left", "right", "midline"}


def test_referrers_are_ranked_objects(client, atlas):
    body = client.get("/api/regions/left-middle-buttock/referrers").get_json()
    assert set(body[0]) == {"muscle", "muscle_name", "trigger_point", "label", "side", "zone"}
    assert [r["zone"] for r in body] == [r.zone for r in referral.referrers_of(atlas, "left-middle-buttock")]
    assert body[0]["zone"] == "essential" and body[-1]["zone"] == "spillover"


def test_muscle_carries_everything_in_its_file_with_referral_regions(client, atlas):
    body = client.get("/api/muscles/gluteus-medius").get_json()
    file_fields = set(type(atlas.muscles["gluteus-medius"].file).model_fields)
    assert file_fields <= set(body)
    tp1 = body["trigger_points"][0]
    assert tp1["id"] == "gluteus-medius-trp1"
    assert "left-sacroiliac-joint" in tp1["refers"]["left"]["essential"]
    assert tp1["refers"]["rules"]["essential"][0] == {"region": "posterior-iliac-crest", "side": "same"}
    listed = {m["id"]: m for m in client.get("/api/muscles").get_json()}
    assert listed["gluteus-medius"]["trigger_points"] == [tp["id"] for tp in body["trigger_points"]]
    assert [m["name"] for m in listed.values()] == sorted(m["name"] for m in listed.values())


@pytest.mark.parametrize("url, kind, value, suggestion", [
    ("/api/regions/sacrun/referrers", "region", "sacrun", "sacrum"),
    ("/api/regions/left-sacroilac-joint", "region", "left-sacroilac-joint", "left-sacroiliac-joint"),
    ("/api/muscles/gluteus-minimis", "muscle", "gluteus-minimis", "gluteus-medius"),
    ("/api/trigger-points/gluteus-medius-trp4", "trigger point", "gluteus-medius-trp4", "gluteus-medius-trp1"),
])
def test_unknown_ids_are_problem_documents_with_suggestions(client, url, kind, value, suggestion):
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert (body["status"], body["kind"], body["id"]) == (404, kind, value)
    assert suggestion in body["suggestions"]
    assert value in body["detail"]


def test_unmatched_api_url_and_wrong_method_are_problems(client):
    response = client.get("/api/nothing")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    response = client.post("/api/regions")
    assert response.status_code == 405 and response.get_json()["title"] == "Method Not Allowed"
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}  # RFC 9110 asks for it
    page = client.delete("/muscles/")
    assert page.status_code == 405 and page.mimetype == "text/html" and "GET" in page.headers["Allow"]


def test_a_doubled_slash_in_an_api_url_is_a_problem_not_an_html_redirect(client):
    response = client.get("/api/trigger-points//piriformis-trp1")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_lookup_ranks_the_pattern_that_explains_the_drawing_first(client):
    body = client.get("/api/lookup?regions=sacrum,left-sacroiliac-joint:2,left-posterior-iliac-crest").get_json()
    best = body[0]
    assert (best["trigger_point"], best["side"]) == ("gluteus-medius-trp1", "left")
    assert {e["region"] for e in best["explained"]} == {"sacrum", "left-sacroiliac-joint", "left-posterior-iliac-crest"}
    assert best["unexplained"] == []
    scores = [c["score"] for c in body]
    assert scores == sorted(scores, reverse=True)
    assert set(best) == {"muscle", "muscle_name", "trigger_point", "label", "side", "score", "explained",
                         "unexplained", "not_marked"}


@pytest.mark.parametrize("url, status, text", [
    ("/api/lookup", 400, "Give the painful regions"),
    ("/api/lookup?regions=sacrum:4", 400, "must be 1, 2 or 3"),
    ("/api/lookup?regions=sacrun", 404, "There is no region 'sacrun'"),
    ("/api/lookup?regions=sacrum&limit=0", 400, "limit must be"),
    ("/api/lookup?regions=sacrum&limit=%C2%B2", 400, "not '\u00b2'"),  # a digit to isdigit(), not to int(): was a 500
    ("/api/lookup?regions=sacrum&limit=%D9%A1", 400, "limit must be"),  # Arabic-Indic one
    ("/api/lookup?regions=sacrum&limit=" + "9" * 5000, 400, "limit must be"),  # past int()'s digit limit
])
def test_lookup_rejects_bad_drawings_clearly(client, url, status, text):
    response = client.get(url)
    assert response.status_code == status and response.mimetype == "application/problem+json"
    assert text in response.get_json()["detail"]


def test_referral_index_carries_every_trigger_point_zone_for_the_browser(client, atlas):
    body = client.get("/api/referral-index").get_json()
    assert len(body["trigger_points"]) == len(atlas.trigger_points)
    tp1 = next(t for t in body["trigger_points"] if t["id"] == "gluteus-medius-trp1")
    assert "left-sacroiliac-joint" in tp1["zones"]["left"]["essential"]
    assert body["weights"]["essential_match"] > body["weights"]["spillover_match"]
