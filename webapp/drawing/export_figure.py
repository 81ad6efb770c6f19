"""The shared figure of a static export: one SVG file per view, side and audience, and a small
patch per map state instead of a copy of the figure in every page.

A state's figure differs from its view's figure without a selection (its *base*) in a few
attributes (the selected marker, the regions in the zone, the close-up's viewBox) and a few small
layers (the zones, the muscle). :func:`figure_patch` writes that difference as JSON; in the page,
``static/js/shared-figure.js`` fetches the base file once, applies the patch and puts the very SVG
the server would have inlined into the page. Without scripts the page shows the base file in an
``<object>`` whose fragment names the state's zone (``#t-<state>``): the file holds every exported
state's zone and selected region hidden, and ``:target`` shows one (``static/css/app.css``); its
links carry ``target="_top"`` so that a tap opens the state's page around it.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)
MAIN_SVG = re.compile(r'(<div class="map-views">\s*)(<svg\b.*?</svg>)', re.S)


def main_svg(page: str) -> str | None:
    """The map's own figure in a map page (not the companions beside it)."""
    match = MAIN_SVG.search(page)
    return match.group(2) if match else None


def _name(key: str) -> str:
    """An attribute as the page's DOM names it (``xlink:href``, not ``{...}href``)."""
    return key.replace(f"{{{XLINK_NS}}}", "xlink:")


def _layer_key(element: ET.Element) -> tuple[str, str | None]:
    return element.tag, element.get("class")


def _layer_changes(state: ET.Element, base: ET.Element) -> list | None:
    """Per-element attribute and text changes turning `base` into `state`, or None when the
    two differ in structure (then the patch carries the whole layer)."""
    ours, theirs = list(state.iter()), list(base.iter())
    if len(ours) != len(theirs) or any(a.tag != b.tag or (a.tail or "") != (b.tail or "")
                                       for a, b in zip(ours, theirs)):
        return None
    changes = []
    for index, (a, b) in enumerate(zip(ours, theirs)):
        attrs = {_name(k): v for k, v in a.attrib.items() if b.get(k) != v}
        attrs.update({_name(k): None for k in b.attrib if k not in a.attrib})
        text = a.text or ""
        if text != (b.text or "") and len(a):
            return None  # mixed content: keep it simple, send the layer
        if attrs or text != (b.text or ""):
            change = [index, attrs] + ([text] if text != (b.text or "") else [])
            changes.append(change)
    return changes


def figure_patch(state_svg: str, base_svg: str, figure_url: str) -> dict:
    """How to turn the base figure into the state's: its root attributes, then each layer
    either as a base layer (by index) with changes or as markup of its own."""
    state, base = ET.fromstring(state_svg), ET.fromstring(base_svg)
    used: set[int] = set()
    layers = []
    for child in state:
        match = next((i for i, b in enumerate(base) if i not in used and _layer_key(b) == _layer_key(child)), None)
        changes = None if match is None else _layer_changes(child, base[match])
        if changes is None:
            layers.append({"xml": ET.tostring(child, encoding="unicode")})
        else:
            used.add(match)
            layers.append({"base": match, "changes": changes} if changes else {"base": match})
    root = {_name(k): v for k, v in state.attrib.items()}
    return {"figure": figure_url, "root": root, "layers": layers}


def state_targets(state_svg: str, target_id: str, region: str | None) -> str:
    """What the no-script figure shows at `#target_id`: the state's zones, or its region selected."""
    state = ET.fromstring(state_svg)
    group = ET.Element(f"{{{SVG_NS}}}g", {"id": target_id, "class": "zone-target"})
    zones = next((c for c in state if c.get("class") == "zones"), None)
    for path in (zones if zones is not None else []):
        if path.get("d"):
            group.append(path)
    if region:
        for anchor in state.iter(f"{{{SVG_NS}}}a"):
            if anchor.get("data-region") == region:
                for shape in anchor:
                    shape.set("class", "region-target")
                    group.append(shape)
    return ET.tostring(group, encoding="unicode") if len(group) else ""


def shared_figure(base_svg: str, targets: list[str], stylesheet: str) -> str:
    """The base figure as a file: page styles, links that open in the whole window, targets."""
    root = ET.fromstring(base_svg)
    for anchor in root.iter(f"{{{SVG_NS}}}a"):
        anchor.set("target", "_top")
    layer = ET.SubElement(root, f"{{{SVG_NS}}}g", {"class": "zone-targets"})
    for target in targets:
        layer.append(ET.fromstring(target))
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet href="{html.escape(stylesheet)}" '
            f'type="text/css"?>\n' + ET.tostring(root, encoding="unicode"))


def replace_figure(page: str, patch: dict, object_url: str, label: str) -> str:
    """The page with its figure swapped for the patch (scripts) and the shared file (no scripts)."""
    data = json.dumps(patch, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")
    light = (f'<script type="application/json" class="figure-patch">{data}</script>'
             f'<noscript><object class="body-map-file" type="image/svg+xml" data="{html.escape(object_url)}" '
             f'aria-label="{html.escape(label)}"></object></noscript>')
    return MAIN_SVG.sub(lambda m: m.group(1) + light, page, count=1)
