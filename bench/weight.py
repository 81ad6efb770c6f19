"""First-view weight of `/`: the HTML (with its inline SVG), the CSS and the module graph, as sent."""

from __future__ import annotations

import gzip
import re
from urllib.parse import urljoin

import brotli

from .serve import get

TARGET = 14_600  # about ten TCP segments: what a first round trip can carry
IMPORT = re.compile(rb"""\b(?:from|import)\s*\(?\s*["']([^"']+)["']""")


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


def module_graph(port: int, entry: str) -> list[str]:
    """The entry module and everything it imports, statically or dynamically."""
    seen, queue = [], [entry]
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.append(url)
        body = get(port, url)[2]
        queue += [urljoin(url, spec.decode()) for spec in IMPORT.findall(body)]
    return seen


def first_view(port: int) -> dict:
    """Weight of `/` by part; `first_paint` is what the first paint needs (HTML + CSS)."""
    html = sizes(port, "/")
    css_url = re.search(rb'<link rel="stylesheet" href="([^"]+)"', html["body"]).group(1).decode()
    entry = re.search(rb'<script type="module" src="([^"]+)"', html["body"]).group(1).decode()
    svg = re.search(rb"<svg.*?</svg>", html["body"], re.S).group(0)
    parts = {"html": html, "css": sizes(port, css_url)}
    modules = [sizes(port, url) for url in module_graph(port, entry)]
    parts["js"] = {k: sum(m[k] for m in modules) for k in ("raw", "gzip", "br")}
    parts["js"]["files"] = len(modules)
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
