"""First-view weight of `/`: the HTML (with its inline SVG), the CSS and the entry's static module
graph, as sent; and, apart, the modules the page imports on first use (dynamic `import()`)."""

from __future__ import annotations

import gzip
import re
from urllib.parse import urljoin, urlsplit

import brotli

from .serve import get

TARGET = 14_600  # about ten TCP segments: what a first round trip can carry
# `import x from "./a.js"`, `export * from "./a.js"`, `import "./a.js"`: loaded with the module
STATIC_IMPORT = re.compile(rb"""\b(?:from|import)\s*["'](\.{1,2}/[^"']+)["']""")  # relative specifiers only
# `import("./a.js")`: loaded when the code that asks for it runs (on first use)
DYNAMIC_IMPORT = re.compile(rb"""\bimport\s*\(\s*["'](\.{1,2}/[^"']+)["']""")


def sizes(port: int, path: str) -> dict:
    """Raw bytes, and the bytes the server sends for gzip and for brotli."""
    status, _, raw = get(port, path, {"Accept-Encoding": "identity"})
    assert status == 200, (path, status)
    out = {"raw": len(raw)}
    for name, decode in (("gzip", gzip.decompress), ("br", brotli.decompress)):
        status, headers, body = get(port, path, {"Accept-Encoding": name})
        assert status == 200 and headers.get("content-encoding") == name, (path, name, headers)
        assert decode(body) == raw, (path, name)
        out[name] = len(body)
    out["body"] = raw
    return out


def imports(port: int, url: str) -> tuple[list[str], list[str]]:
    """The module's static and dynamic imports, as absolute URLs."""
    body = get(port, url)[2]
    return ([urljoin(url, spec.decode()) for spec in STATIC_IMPORT.findall(body)],
            [urljoin(url, spec.decode()) for spec in DYNAMIC_IMPORT.findall(body)])


def static_closure(port: int, roots: list[str], known: set[str]) -> tuple[list[str], list[str]]:
    """The roots and what they import statically, transitively (leaving out `known`), and the
    dynamic imports met on the way."""
    found, dynamic, queue = [], [], list(roots)
    while queue:
        url = queue.pop(0)
        if url in found or url in known:
            continue
        found.append(url)
        static, more = imports(port, url)
        queue += static
        dynamic += more
    return found, dynamic


def module_graph(port: int, entry: str) -> tuple[list[str], list[str]]:
    """What the first view loads (the entry's static graph: the browser fetches it all before
    the entry runs), and what the page may load later (what dynamic imports reach beyond it)."""
    first, dynamic = static_closure(port, [entry], set())
    later: list[str] = []
    while dynamic:
        found, dynamic = static_closure(port, dynamic, set(first) | set(later))
        later += found
    return first, later


def _total(modules: list[dict]) -> dict:
    return {**{k: sum(m[k] for m in modules) for k in ("raw", "gzip", "br")}, "files": len(modules)}


def first_view(port: int) -> dict:
    """Weight of `/` by part; `first_paint` is what the first paint needs (HTML + CSS), `first_view`
    adds the JS the page loads at once; `on_demand_js` (not in `first_view`) loads on first use."""
    html = sizes(port, "/")
    css_url = re.search(rb'<link rel="stylesheet" href="([^"]+)"', html["body"]).group(1).decode()
    entry = re.search(rb'<script type="module" src="([^"]+)"', html["body"]).group(1).decode()
    svg = re.search(rb"<svg.*?</svg>", html["body"], re.S).group(0)
    parts = {"html": html, "css": sizes(port, css_url)}
    first, later = module_graph(port, entry)
    parts["js"] = _total([sizes(port, url) for url in first])
    on_demand = {urlsplit(url).path.removeprefix("/static/"): sizes(port, url) for url in later}
    parts["on_demand_js"] = {**_total(list(on_demand.values())),
                             "modules": {path: {k: m[k] for k in ("raw", "gzip", "br")} for path, m in on_demand.items()}}
    zones = re.search(rb'data-zones="([^"]+)"', html["body"])
    if zones:  # the previews' smooth shapes, fetched after the first paint (hover works without)
        parts["zone_shapes"] = sizes(port, zones.group(1).decode())
    parts["inline_svg"] = {"raw": len(svg), "gzip": len(gzip.compress(svg, 6)),
                           "br": len(brotli.compress(svg, quality=5))}
    for part in parts.values():
        part.pop("body", None)
    keys = ("raw", "gzip", "br")
    parts["first_paint"] = {k: parts["html"][k] + parts["css"][k] for k in keys}
    parts["first_view"] = {k: parts["first_paint"][k] + parts["js"][k] for k in keys}
    parts["target_bytes"] = TARGET
    parts["first_paint_br_over_target"] = parts["first_paint"]["br"] - TARGET
    parts["first_view_br_over_target"] = parts["first_view"]["br"] - TARGET
    return parts
