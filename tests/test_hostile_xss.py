"""Cross-site scripting payloads in every parameter: whatever is reflected is escaped.

Each page is parsed with BeautifulSoup and searched for anything a payload could have
injected (its marker element or attribute, on* handlers, inline scripts, javascript: URLs).
A value the page names back must read as the same text, escaped rather than dropped.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from .hostile import FAST, XSS, check_response, injected

@pytest.fixture(scope="module")
def client(app):
    """One test client for all examples (Hypothesis runs many examples per test call)."""
    return app.test_client()


TP, REGION, MUSCLE = "gluteus-medius-trp1", "left-sacroiliac-joint", "gluteus-medius"
VALID_MAP = {"view": "posterior", "side": "left", "tp": TP, "frame": "body"}


def _map(name: str, with_valid: bool):
    def url(payload: str) -> str:
        params = {**(VALID_MAP if with_valid else {}), name: payload}
        if name == "region":
            params.pop("tp", None)  # one selection at a time: a trigger point would win over the region
        return "/?" + urlencode(params)
    return url


def always(payload: str) -> bool:
    return True


def never(payload: str) -> bool:
    return False


def one_segment(payload: str) -> bool:
    return "/" not in payload  # a decoded %2F splits the path: the route does not match at all


# slot name -> (how the payload becomes a URL, whether the response must name the payload back)
SLOTS = {
    **{f"path {route}": (lambda p, r=route: r.format(quote(p, safe="")), one_segment) for route in (
        "/muscles/{}", "/trigger-points/{}", "/regions/{}", "/api/regions/{}", "/api/regions/{}/referrers",
        "/api/muscles/{}", "/api/trigger-points/{}", "/conditions/{}")},
    "raw path /muscles/": (lambda p: "/muscles/" + p, never),
    "raw path /api/regions/": (lambda p: "/api/regions/" + p, never),
    **{f"/?{name}": (_map(name, False), always) for name in ("view", "side", "tp", "region", "frame",
                                                             "audience", "both")},
    **{f"/?{name} beside valid state": (_map(name, True), always) for name in ("view", "side", "tp", "region",
                                                                               "frame", "audience", "both")},
    **{f"{page}?{name}": (lambda p, page=page, name=name: page + "?" + urlencode({**VALID_MAP, name: p}), always)
       for page in ("/handout", "/figure.svg") for name in ("view", "side", "tp", "audience")},
    "search q": (lambda p: "/search?" + urlencode({"q": p}), never),
    "/trigger-points/<id>?side": (lambda p: f"/trigger-points/{TP}?" + urlencode({"side": p}), always),
    "lookup regions": (lambda p: "/api/lookup?" + urlencode({"regions": p}), never),  # split at , and :
    "lookup intensity": (lambda p: "/api/lookup?" + urlencode({"regions": f"sacrum:{p}"}), never),
    "lookup limit": (lambda p: "/api/lookup?" + urlencode({"regions": "sacrum", "limit": p}), always),
    "ignored parameter on /": (lambda p: "/?" + urlencode({"q": p, "tp": TP}), never),
    "ignored parameter on a muscle": (lambda p: f"/muscles/{MUSCLE}?" + urlencode({p: p}), never),
    "ignored parameter on sources": (lambda p: "/sources?" + urlencode({"next": p}), never),
}

payloads = st.tuples(
    st.one_of(st.sampled_from(["", "sacrum", TP, REGION, MUSCLE, "posterior"]), st.text(max_size=4)),
    st.sampled_from(XSS),
    st.one_of(st.just(""), st.sampled_from(XSS), st.text(max_size=4)),
).map("".join)


@pytest.mark.parametrize("slot", SLOTS, ids=list(SLOTS))
@settings(FAST, max_examples=30)
@given(payload=payloads)
def test_payloads_in_every_parameter_stay_text(client, slot, payload):
    make_url, named_back = SLOTS[slot]
    url = make_url(payload)
    response = client.get(url)
    check_response(response, url)
    if url.startswith("/api/"):
        assert response.mimetype in ("application/json", "application/problem+json")
        if named_back(payload):
            assert response.status_code >= 400 and f"'{payload}'" in response.get_json()["detail"]
        return
    assert response.mimetype == "text/html"
    assert injected(response.data) == [], f"{url!r} injected {injected(response.data)}"
    soup = BeautifulSoup(response.data, "html.parser")
    if named_back(payload):
        assert response.status_code == 404
        assert f"'{payload}'" in soup.select_one(".detail").get_text(), "the page should show what was asked for"


def test_the_injection_detector_finds_what_it_looks_for():
    """The detector itself: every payload pasted unescaped into text or an attribute is caught."""
    for payload in XSS:
        if payload.startswith(("{{", "&lt;", "%3C")):
            continue  # harmless unless a template or a second decoding ran: the tests check it reads back
        contexts = [f"<p class='detail'>{payload}</p>", f'<a title="{payload}">x</a>',
                    f"<a title='{payload}'>x</a>", f'<a href="{payload}">x</a>']
        assert any(injected(f"<main>{c}</main>") for c in contexts), payload
    assert injected("<main><p class='detail'>&lt;x-injected onload=1&gt; &lt;!--</p></main>") == []
