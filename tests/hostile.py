"""Hostile input for the property tests: Hypothesis strategies and the checks every
response must pass, whatever was sent.

Imported by tests/test_hostile_*.py (pytest puts tests/ on sys.path: it has no __init__.py).
"""

from __future__ import annotations

import gzip
import json
from urllib.parse import quote, unquote, urlsplit

import brotli
from bs4 import BeautifulSoup, Comment
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from webapp.paths import ROOT
from webapp.content.loader import load_atlas
from webapp.content.model import Side

# The ids the strategies draw from, known when the tests are collected.
ATLAS = load_atlas(ROOT / "data")
MUSCLES, TPS, REGIONS, VIEWS = (list(ATLAS.muscles), list(ATLAS.trigger_points), list(ATLAS.regions),
                                list(ATLAS.views))
SIDES, FRAMES = [s.value for s in Side], ["body"]

# Every Hypothesis test in the suite runs under this, with its own max_examples.
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# What a leaked traceback or internal path looks like in a response body.
LEAKS = ("Traceback", "/work/", "site-packages", '.py"', 'File "', str(ROOT))

TRAVERSAL = [
    "../", "..", ".", "..%2f", "..%2F", "%2e%2e%2f", "%2e%2e/", ".%2e/", "..\\", "..%5c", "%252e%252e%252f",
    "....//", "..;/", "%c0%ae%c0%ae/", "%2f", "%2F", "/", "//", "/etc/passwd", "../../pyproject.toml",
    "..%00/", "%00", "\x00", "~", "%", "%zz", "?", "#", ";", "\\", "\r\n", "%0d%0a",
]

# Each payload carries the marker "x-injected" as an element or an attribute if it ever gets
# into the markup; the checks look for the marker, for on* handlers and javascript: URLs.
XSS = [
    "<script>alert('x-injected')</script>",
    '"><x-injected onmouseover=alert(1)>',
    "'><img src=x onerror=alert(1) x-injected>",
    "<svg onload=alert(1) x-injected>",
    "</p><iframe src=javascript:alert(1) x-injected></iframe>",
    '" onfocus="alert(1)" autofocus x-injected="',
    "' onfocus='alert(1)' x-injected='",
    "javascript:alert(1)",
    "</title><script>alert(1)</script>",
    "<!--<x-injected>-->",
    "]]><x-injected/>",
    "{{7*7}}{% raw %}${7*7}",
    "&lt;x-injected&gt;&#60;x-injected&#62;",
    "%3Cx-injected%3E",
    '<a href="javascript:alert(1)" x-injected>t</a>',
    '<math><mi xlink:href="javascript:alert(1)" x-injected>x</mi></math>',
    '<style>@import "//evil.example/x.css"</style><x-injected>',
    '<base href="//evil.example/" x-injected>',
    '<meta http-equiv="refresh" content="0;url=//evil.example" x-injected>',
    "<x-injected\x00>",
]

METHODS = ["POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "PROPFIND", "FOO", "OPTIONS", "HEAD"]

MALFORMED_ACCEPT = [
    "", "*/*;q=garbage", "text/html;;;", "application/json", "application/problem+json;q=2.0", ",,,,",
    "text/*;q=-1", "*/*;q=1e999", "text/html;level=\"unterminated", "a/b/c/d", ";", "q=0.5",
    "application/json, text/html;q=0.1", "image/*, */*;q=0",
]

# Characters a header value may carry at all (latin-1, no line breaks: the client refuses those).
HEADER_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=255, exclude_characters="\r\n"), max_size=300)


def mutated(known: list[str]) -> st.SearchStrategy[str]:
    """A known id with one typo: a character dropped, doubled, swapped or replaced."""
    def mutate(args):
        word, index, op, char = args
        i = index % len(word)
        return {
            "drop": word[:i] + word[i + 1:],
            "double": word[:i] + word[i] + word[i:],
            "swap": word[:i] + word[i + 1:i + 2] + word[i:i + 1] + word[i + 2:],
            "replace": word[:i] + char + word[i + 1:],
            "upper": word.upper(),
            "pad": f" {word} ",
        }[op]
    ops = st.sampled_from(["drop", "double", "swap", "replace", "upper", "pad"])
    return st.tuples(st.sampled_from(known), st.integers(0, 200), ops, st.characters()).map(mutate)


def long_text() -> st.SearchStrategy[str]:
    return st.builds(lambda piece, n: piece * n, st.text(min_size=1, max_size=3), st.integers(300, 4000))


def traversal() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(TRAVERSAL) | st.text(max_size=6), min_size=1, max_size=8).map("".join)


def numbers() -> st.SearchStrategy[str]:
    """Numbers as text: digits of other scripts ('²', '١'), huge, signed, fractional, exponent."""
    return st.one_of(
        st.text(st.characters(categories=["Nd"]), min_size=1, max_size=4),
        st.text(st.characters(categories=["No"]).filter(str.isdigit), min_size=1, max_size=3),
        st.integers(4000, 6000).map(lambda n: "9" * n),  # int() refuses more than 4300 digits
        st.integers().map(str),
        st.floats().map(str),
        st.sampled_from(["1e3", "0x10", "+5", " 5", "5 ", "05", "1_0", "\u0665", "Infinity", "NaN"]),
    )


def hostile_text() -> st.SearchStrategy[str]:
    """Any string a hostile client might send: unicode, long, traversal, null bytes, markup."""
    return st.one_of(
        st.text(max_size=40),
        st.text(st.characters(codec="ascii"), max_size=40),
        traversal(),
        long_text(),
        st.sampled_from(XSS),
        st.builds(lambda a, b: f"{a}\x00{b}", st.text(max_size=8), st.text(max_size=8)),
        numbers(),
    )


def id_value(known: list[str]) -> st.SearchStrategy[str]:
    """Values for a parameter naming one of ``known``: mostly hostile, some near misses, some right."""
    return st.one_of(hostile_text(), mutated(known), st.sampled_from(known))


def path_segment(value: str, raw: bool) -> str:
    """``value`` as one path segment: percent-encoded, or raw (the server then decodes %2f, %2e...)."""
    return value if raw else quote(value, safe="")


# -- checks ------------------------------------------------------------------------------------

def sent_text(url: str, *extra: str) -> str:
    """Everything the client sent, decoded, to tell a reflected value from a leak."""
    return " ".join([url, unquote(url), unquote(url, errors="replace"), *extra])


DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}


def check_response(response, url: str, *, sent: str = "", method: str = "GET") -> None:
    """The invariants of every response: no 5xx, no leak, errors in the right shape, headers on."""
    status = response.status_code
    assert status < 500, f"{method} {url!r} -> {status}"
    raw = response.get_data()
    encoding = response.headers.get("Content-Encoding")  # 'Accept-Encoding: *' may get brotli
    body = (DECODE[encoding](raw) if encoding in DECODE else raw).decode("utf-8")
    readable = body + "\n".join(_strings(json.loads(body))) if response.is_json and body else body
    sent = sent_text(url, sent)
    for marker in LEAKS:
        if marker not in sent:
            assert marker not in readable, f"{method} {url!r} leaks {marker!r}"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    if 300 <= status < 400 and "Location" in response.headers:
        assert urlsplit(response.headers["Location"]).netloc in ("", "localhost"), "redirect leaves the site"
    if status >= 400 and method != "HEAD":
        if urlsplit(url).path.startswith("/api/"):
            check_problem(response)
        else:
            check_error_page(response)


def _strings(value) -> list[str]:
    """Every string in a JSON value, unescaped (a leaked path hides behind JSON's escapes)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def check_problem(response) -> dict:
    """An RFC 9457 problem document whose status matches the response."""
    assert response.mimetype == "application/problem+json", response.mimetype
    body = json.loads(response.get_data(as_text=True))
    assert body["status"] == response.status_code
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def check_error_page(response) -> BeautifulSoup:
    """The helpful HTML error page: a heading, a detail and a way back to the map."""
    assert response.mimetype == "text/html", response.mimetype
    soup = BeautifulSoup(response.data, "html.parser")
    assert soup.h1 and soup.h1.get_text(strip=True)
    assert soup.select_one(".detail").get_text(strip=True)
    assert soup.select_one("main a[href='/']"), "no way back to the map"
    return soup


def check_unknown_id(response, kind: str, value: str, known: list[str]) -> None:
    """A 404 that names the unknown id and suggests only known ids, the closest ones."""
    assert response.status_code == 404
    if response.mimetype == "application/problem+json":
        body = check_problem(response)
        assert (body["kind"], body["id"]) == (kind, value)
        assert f"'{value}'" in body["detail"]
        suggestions = body["suggestions"]
    else:
        soup = check_error_page(response)
        assert soup.select_one(".detail").get_text() == f"There is no {kind} '{value}'."
        suggestions = [a.get_text() for a in soup.select(".suggestions a")]
    assert set(suggestions) <= set(known), suggestions
    assert len(suggestions) <= 3


def injected(html: bytes | str) -> list[str]:
    """Markup in the page that came from a payload, described: the payload's marker in the raw
    text or in a comment (a stray '<!--' hides the rest of the page), or a dangerous element
    or attribute in the parsed page."""
    raw = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    soup = BeautifulSoup(raw, "html.parser")
    found = ["raw <x-injected"] if "<x-injected" in raw.lower() else []
    found += ["comment" for c in soup.find_all(string=lambda s: isinstance(s, Comment)) if "x-injected" in c]
    for tag in soup.find_all(True):
        attrs = {name.lower(): value for name, value in tag.attrs.items()}
        if tag.name in ("x-injected", "iframe", "base", "style", "math", "object", "embed"):
            found.append(f"<{tag.name}>")
        if tag.name == "script" and not attrs.get("src"):
            found.append("inline <script>")
        if tag.name == "meta" and "http-equiv" in attrs:
            found.append("<meta http-equiv>")
        found += [f"<{tag.name} {a}>" for a in attrs if a.startswith("on") or a == "x-injected"]
        found += [f"<{tag.name} {a}=javascript:>" for a in ("href", "src", "action", "formaction", "xlink:href")
                  if str(attrs.get(a, "")).strip().lower().startswith("javascript:")]
    return found
