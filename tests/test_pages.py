"""Pages through the Flask client, asserted on parsed HTML."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup

from webapp.queries import referral


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.data[:500]
    return BeautifulSoup(response.data, "html.parser")


def query(href):
    return {k: v[0] for k, v in parse_qs(urlparse(href).query).items()}


def test_map_page_inlines_the_default_view_with_its_trigger_points(client, atlas):
    soup = page(client, "/")
    svg = soup.select_one("#map-figure svg.body-map")
    assert svg["data-view"] == "posterior"
    drawn = {a["data-trigger-point"] for a in soup.select("[data-trigger-point]")}
    clusters = soup.select("svg.body-map a.tp-cluster")
    for badge in clusters:  # crowded markers are one target each cluster, opening its close-up
        assert badge["aria-label"].endswith(f": {badge['data-count']} trigger points, open close-up")
        closeup = page(client, badge["href"])
        assert closeup.select_one("svg.body-map")["data-frame"] == "close-up"
        members = {a["data-trigger-point"] for a in closeup.select("svg.body-map [data-trigger-point]")}
        assert len(members) == int(badge["data-count"])
        listed = {query(a["href"])["tp"] for a in closeup.select("[data-panel=group] .group-points a")}
        assert listed == members
        drawn |= members
    assert drawn == {tp.id for tp in atlas.trigger_points.values() if "posterior" in tp.entry.positions}
    assert clusters and soup.select_one("[data-panel=intro]")
    assert soup.select_one("[data-panel=intro] a[href='/muscles/']")  # the list of muscles is one link away
    assert soup.select_one(".tabs a[aria-current=page]").text == "Posterior"


def test_selected_trigger_point_shows_trigger_point_muscle_and_differentials(client, atlas):
    soup = page(client, "/?tp=gluteus-medius-trp1&side=left")
    panel = soup.select_one("#panel")
    assert panel.select_one("#panel-title").get_text(" ", strip=True) == "Gluteus medius TrP1"
    zones = [(li["class"][0], li.a.text) for li in panel.select(".zone-list li")]
    assert ("zone-essential", "Left sacroiliac joint") in zones and ("zone-spillover", "Left upper gluteal region") in zones
    assert [z for z, _ in zones] == sorted((z for z, _ in zones), key=lambda z: z != "zone-essential")
    muscle = atlas.muscles["gluteus-medius"].file
    listed = [li for li in panel.select("ul.differentials:not(.red-flag-list) li.differential")]
    by_name = {c.name: c for c in atlas.conditions.values()}
    shown = [by_name[li.select_one(".condition-name").text] for li in listed]
    assert sorted(c.id for c in shown) == sorted(d.condition for d in muscle.differentials)
    ranks = [c.urgency_rank for c in shown]
    assert ranks == sorted(ranks), "red flags first, most urgent first"
    assert [li["data-urgency"] for li in listed] == [c.urgency for c in shown]
    facts = [dt.text for dt in panel.select(".muscle-card dl.facts > dt")]
    assert facts[:4] == ["Actions", "Origin", "Insertion", "Nerve"]
    assert "Superior gluteal nerve (L4, L5, S1)" in panel.get_text()
    assert "Posterior fibres:" in panel.select_one(".actions").get_text()
    assert soup.select_one("[data-trigger-point=gluteus-medius-trp1]")["aria-current"] == "true"
    assert soup.select_one("[data-region=left-sacroiliac-joint]")["data-zone"] == "essential"


def test_region_panel_lists_referrers_essential_first_with_links_that_select_them(client, atlas):
    soup = page(client, "/?region=left-middle-buttock")
    items = soup.select("#panel .referrers li")
    groups = referral.grouped_referrers(atlas, "left-middle-buttock")
    assert [li["class"][1] for li in items] == [f"zone-{g.zone}" for g in groups]
    assert [li["class"][1] for li in items][0] == "zone-essential" and "zone-spillover" in items[-1]["class"]
    for li, group in zip(items, groups):
        assert [query(a["href"]) for a in li.select(".sides a")] == [
            {"tp": group.trigger_point.id, **({"side": "left"} if s.value == "left" else {})} for s in group.sides]
    assert soup.select_one("[data-region=left-middle-buttock]")["aria-current"] == "true"
    bright = {a["data-trigger-point"] for a in soup.select(".trigger-point:not(.dim)")}
    assert bright == {g.trigger_point.id for g in groups} & {a["data-trigger-point"] for a in soup.select(".trigger-point")}


@pytest.mark.parametrize("region_id", ["sacrum", "left-groin", "left-upper-lateral-thigh", "right-popliteal-fossa"])
def test_region_panel_shows_its_differentials_and_red_flags(client, atlas, region_id):
    soup = page(client, f"/?region={region_id}")
    differentials, red_flags = referral.conditions_at(atlas, atlas.regions[region_id])
    assert [f.text for f in soup.select("#panel .red-flags .condition-name")] == [c.name for c in red_flags]
    listed = [f.text for f in soup.select("#panel .region-differentials .condition-name")]
    assert listed == [c.name for c in differentials]
    assert "Cauda equina syndrome" in {f.text for f in page(client, "/?region=sacrum").select(".red-flags .condition-name")}


def test_region_with_no_referrers_says_so(client, atlas):
    unreached = next(r for r in atlas.regions if not referral.referrers_of(atlas, r) and atlas.regions[r].views)
    assert page(client, f"/?region={unreached}").select_one("#panel .empty")


def test_switching_view_keeps_the_selection(client):
    soup = page(client, "/?tp=gluteus-medius-trp3&side=left")
    tabs = {a.text: query(a["href"]) for a in soup.select(".tabs[aria-label=View] a")}
    assert tabs["Lateral"] == {"view": "lateral", "side": "left", "tp": "gluteus-medius-trp3"}
    assert soup.select_one("#panel .note")  # TrP3 is not visible from behind: the panel says where it is
    lateral = page(client, "/?view=lateral&tp=gluteus-medius-trp3&side=left")
    elsewhere = [a for a in lateral.select("#panel .note a") if a.text == "Posterior"]
    assert elsewhere and query(elsewhere[0]["href"]) == {"side": "left", "tp": "gluteus-medius-trp3"}
    assert lateral.select_one("svg.body-map")["data-side"] == "left"
    assert lateral.select_one("[data-trigger-point=gluteus-medius-trp3]")["aria-current"] == "true"


def test_every_map_link_is_a_state_the_server_renders(client):
    soup = page(client, "/?tp=gluteus-medius-trp2&side=right")
    hrefs = {a["href"] for a in soup.select("svg a, [data-nav]")}
    assert len(hrefs) > 50
    for href in sorted(hrefs)[:: max(1, len(hrefs) // 25)]:
        assert client.get(href).status_code == 200, href


def test_muscle_page_has_card_self_care_and_sources(client):
    soup = page(client, "/muscles/gluteus-medius")
    assert soup.h1.get_text(" ", strip=True).startswith("Gluteus medius")
    assert len(soup.select(".tp-index li")) == 3
    assert [h.get_text(strip=True).split(":")[0] for h in soup.select(".self-care h3")] == [
        "Strengthen", "Stretch", "Self-release"]
    assert "check with your own therapist" in soup.select_one(".safety").text.lower()
    assert "Travell JG, Simons DG" in soup.select_one("#src").find_parent("section").text


def test_muscle_page_lists_its_associated_muscles_as_the_trigger_point_panel_does(client, app):
    muscle = app.extensions["atlas"].muscles["gluteus-medius"].file
    assert muscle.associated
    names = [a.name for a in muscle.associated]
    on_page = page(client, "/muscles/gluteus-medius").select("#muscle-associated .associated strong")
    in_panel = page(client, "/?tp=gluteus-medius-trp1").select(".muscle-card .associated strong")
    assert [li.get_text(strip=True) for li in on_page] == names == [li.get_text(strip=True) for li in in_panel]


def test_trigger_point_and_region_addresses_redirect_to_map_states(client):
    response = client.get("/trigger-points/gluteus-medius-trp3")
    # TrP3 sits at the side, but its zone (low back and sacrum, both sides) is best seen from behind
    assert response.status_code == 302 and query(response.headers["Location"]) == {"tp": "gluteus-medius-trp3"}
    response = client.get("/trigger-points/quadratus-lumborum-superficial-upper?side=left")
    assert query(response.headers["Location"]) == {"view": "lateral", "side": "left",
                                                   "tp": "quadratus-lumborum-superficial-upper"}
    response = client.get("/regions/left-sacroiliac-joint")
    assert query(response.headers["Location"]) == {"side": "left", "region": "left-sacroiliac-joint"}


@pytest.mark.parametrize("url, kind, suggestion", [
    ("/?tp=gluteus-medius-trp9", "trigger point", "gluteus-medius-trp1"),
    ("/?region=left-sacrum", "region", "sacrum"),
    ("/?view=posteror", "view", "posterior"),
    ("/muscles/gluteus-medus", "muscle", "gluteus-medius"),
    ("/trigger-points/glut-med-trp1", "trigger point", "gluteus-medius-trp1"),
    ("/regions/sacrun", "region", "sacrum"),
])
def test_unknown_ids_get_a_helpful_404(client, url, kind, suggestion):
    soup = page(client, url, 404)
    assert f"There is no {kind}" in soup.select_one(".detail").text
    assert suggestion in [a.text for a in soup.select(".suggestions a")]


def test_unmatched_url_gets_the_html_404(client):
    soup = page(client, "/no/such/page", 404)
    assert soup.h1.text == "Not found" and soup.select_one("a[href='/']")


def test_reflected_ids_are_escaped(client):
    response = client.get("/?tp=<script>alert(1)</script>")
    assert response.status_code == 404
    assert b"<script>alert" not in response.data and b"&lt;script&gt;" in response.data


def test_security_headers_and_a_strict_csp_on_every_response(client):
    for url in ("/", "/api/regions", "/nope", "/static/css/app.css"):
        headers = client.get(url).headers
        directives = dict(d.strip().split(" ", 1) for d in headers["Content-Security-Policy"].split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
        assert "unsafe" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "camera=()" in headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in headers


def test_hsts_when_configured_for_tls():
    from webapp import create_app

    app = create_app({"TESTING": True, "HSTS": True})
    assert app.test_client().get("/").headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_have_no_inline_script_or_style(client):
    for url in ("/", "/?tp=gluteus-medius-trp1", "/?region=sacrum", "/muscles/", "/muscles/gluteus-medius",
                "/sources", "/nope"):
        soup = BeautifulSoup(client.get(url).data, "html.parser")
        assert not soup.find("style") and not soup.select("[style]")
        assert all(s.get("src") for s in soup.find_all("script"))
        assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]


def test_condition_page_shows_why_what_and_where(client, atlas):
    soup = page(client, "/conditions/cauda-equina-syndrome")
    assert soup.h1.text == "Cauda equina syndrome"
    assert "Emergency" in soup.select_one(".refer-on").text
    assert soup.select_one(".urgency [data-urgency]").text == "Emergency: call emergency services"
    regions = [a.text for a in soup.select(".region-links a")]
    assert "Sacrum" in regions and "Left lower gluteal region" in regions
    assert client.get(soup.select_one(".region-links a")["href"]).status_code == 200
    assert page(client, "/conditions/cauda-equina", 404).select(".suggestions a")[0].text == "cauda-equina-syndrome"


def test_search_page_finds_abbreviations_and_typos(client):
    for query, first in (("QL", "Quadratus lumborum"), ("TFL", "Tensor fasciae latae"),
                         ("SIJ", "Left sacroiliac joint"), ("piriformus", "Piriformis")):
        soup = page(client, f"/search?q={query}")
        assert soup.select_one(".search-results-page a").text == first, query
    assert "0 results" in page(client, "/search?q=zzzzqqq").select_one(".counts").text


def test_robots_txt_allows_every_page(client):
    """Served, not the 404 page (Lighthouse's SEO audit and crawlers read that as a broken file)."""
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True).splitlines() == ["User-agent: *", "Allow: /"]
