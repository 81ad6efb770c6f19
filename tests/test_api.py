"""The JSON API over the atlas."""

from __future__ import annotations

import pytest

from webapp import referral


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
    assert client.get("/api/muscles").get_json()[0]["trigger_points"] == [tp["id"] for tp in body["trigger_points"]]


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
