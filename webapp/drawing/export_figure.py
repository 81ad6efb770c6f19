"""The shared figure of a static export: one SVG file per view, side and audience, and a small
patch per map state instead of a copy of the figure in every page.

A state's figure differs from its view's figure without a selection (its *base*) in a few
attributes (the selected marker, the regions in the zone, the close-up's viewBox) and a few layers
(the zones, the muscle, the markers a close-up draws). :func:`figure_patch` writes that difference
as JSON, each element either taken from the shared file (``from``: a path of child indices) or
from its pool (``pool``: the same) with its attribute and text changes, or built (``tag``,
``attrs``, ``children``), or as markup of its own (``xml``). The pool is a file of its own per view
and audience, gzipped as only scripts read it: every marker of the view on both sides drawn one by
one and one element of each other kind a close-up draws, so that a close-up's markers are
references, not copies.

In the page, ``static/js/shared-figure.js`` fetches the file once, applies the patch and puts the
very SVG the server would have inlined into the page. Without scripts the page shows the file in an
``<object>`` whose fragment names the state's zone (``#t-<state>``): the file holds every exported
state's zone and selected region hidden, and ``:target`` shows one (``static/css/app.css``); its
links carry ``target="_top"`` so that a tap opens the state's page around it.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)
MAIN_SVG = re.compile(r'(<div class="map-views">\s*|<figure class="handout-figure" id="map-figure">\s*)(<svg\b.*?</svg>)',
                      re.S)  # a map page's own figure (not the companions beside it), or a handout's
POOL_DEPTH = 3  # how deep under a layer the pool's elements are indexed
EXEMPLAR_SIZE = 12  # the most elements one pooled exemplar holds (a marker holds 5 to 7)


def main_svg(page: str) -> str | None:
    """The map's own figure in a map page (not the companions beside it) or in a handout."""
    match = MAIN_SVG.search(page)
    return match.group(2) if match else None


def _name(key: str) -> str:
    """An attribute as the page's DOM names it (``xlink:href``, not ``{...}href``)."""
    return key.replace(f"{{{XLINK_NS}}}", "xlink:")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _kind(element: ET.Element) -> str:
    return (element.get("class") or "").split(" ")[0]


def _changes(state: ET.Element, base: ET.Element) -> list | None:
    """Per-element attribute and text changes turning `base` into `state` (by index in document
    order), or None when the two differ in structure."""
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
            return None  # mixed content: keep it simple, send the element
        if attrs or text != (b.text or ""):
            changes.append([index, attrs] + ([text] if text != (b.text or "") else []))
    return changes


def _specific_key(element: ET.Element) -> tuple | None:
    """What names one element across states: a marker by trigger point and side, a region."""
    if element.get("data-trigger-point"):
        return element.tag, element.get("data-trigger-point"), element.get("data-side")
    if element.get("data-region"):
        return element.tag, "region", element.get("data-region")
    if _kind(element) == "tp-cluster":  # a cluster by the close-up it opens
        return element.tag, "tp-cluster", element.get("href")
    return None


def _shape_key(element: ET.Element) -> tuple:
    """What makes two elements patchable into each other: the same tags and kinds all the way down."""
    return tuple((e.tag, _kind(e)) for e in element.iter())


class SharedFile:
    """The elements of a shared figure file and of its pool that a patch may start from, by what
    they are."""

    def __init__(self, base_svg: str, pool: ET.Element | None = None):
        self.layers = list(ET.fromstring(base_svg))
        self.by_key: dict[tuple, tuple[str, tuple[int, ...], ET.Element]] = {}
        self.by_shape: dict[tuple, tuple[str, tuple[int, ...], ET.Element]] = {}
        if pool is not None:  # first: its exemplars are what a close-up draws
            for index, element in enumerate(pool):
                self._index("pool", element, (index,), 1)
        for index, layer in enumerate(self.layers):
            self._index("from", layer, (index,), 0)

    def _index(self, where: str, element: ET.Element, path: tuple[int, ...], depth: int) -> None:
        if depth:
            key = _specific_key(element)
            if key is not None:
                self.by_key.setdefault(key, (where, path, element))
            self.by_shape.setdefault(_shape_key(element), (where, path, element))
        if depth < POOL_DEPTH:
            for i, child in enumerate(element):
                self._index(where, child, path + (i,), depth + 1)

    def encode(self, element: ET.Element) -> dict:
        """The smallest description of `element` this file and its pool let a patch give."""
        found = [f for f in (self.by_key.get(_specific_key(element)), self.by_shape.get(_shape_key(element))) if f]
        for where, path, source in found:
            changes = _changes(element, source)
            if changes is not None:
                item = {where: list(path), "changes": changes} if changes else {where: list(path)}
                return _smaller_than_markup(item, element)
        if len(element) and not (element.text or "").strip():
            attrs = {_name(k): v for k, v in element.attrib.items()}
            built = {"tag": _local(element.tag), "attrs": attrs, "children": [self.encode(c) for c in element]}
            return _smaller_than_markup(built, element)
        return _markup(element)


def _smaller_than_markup(item: dict, element: ET.Element) -> dict:
    """`item`, or `element`'s markup where that is smaller (the first on a tie). An element's
    markup is longer than its attributes and text: an item no longer than them wins without
    writing the markup, which is most of a close-up's patch time (a layer's markup holds all of
    its elements, and each level of a built layer would write its own again)."""
    size = _size(item)
    if size <= sum(len(_name(k)) + len(v) for e in element.iter() for k, v in e.attrib.items()) \
            + sum(len(e.text or "") for e in element.iter()):
        return item
    xml = _markup(element)
    return item if size <= _size(xml) else xml


def _markup(element: ET.Element) -> dict:
    return {"xml": ET.tostring(element, encoding="unicode")}


def _size(item: dict) -> int:
    return len(json.dumps(item, separators=(",", ":"), ensure_ascii=False))


def _parsed(svg: str | ET.Element) -> ET.Element:
    return svg if isinstance(svg, ET.Element) else ET.fromstring(svg)


def figure_patch(state_svg: str | ET.Element, shared: SharedFile, figure_url: str, pool_url: str | None = None) -> dict:
    """How to turn the shared file into the state's figure: its root attributes, then each layer
    either as a base layer (by index) with changes or as built from the file's and the pool's."""
    state = _parsed(state_svg)
    used: set[int] = set()
    layers = []
    for child in state:
        match = next((i for i, b in enumerate(shared.layers)
                      if i not in used and (b.tag, b.get("class")) == (child.tag, child.get("class"))), None)
        changes = None if match is None else _changes(child, shared.layers[match])
        if changes is None:
            layers.append(shared.encode(child))
        else:
            used.add(match)
            layers.append({"from": [match], "changes": changes} if changes else {"from": [match]})
    root = {_name(k): v for k, v in state.attrib.items()}
    return {"figure": figure_url, **({"pool": pool_url} if pool_url else {}), "root": root, "layers": layers}


def pool_of(svgs: list[str], layer_class: str = "trigger-points") -> ET.Element:
    """A pool: every child of the first figure's `layer_class` layer (each marker drawn alone) and
    one element of each other shape found in the others' (close-ups')."""
    pool = ET.Element(f"{{{SVG_NS}}}svg")
    shapes: set[tuple] = set()

    def add(element: ET.Element, depth: int) -> None:
        shape = _shape_key(element)
        if len(shape) > EXEMPLAR_SIZE:  # a group of many (the faint context marks): one of its own
            for child in (element if depth < POOL_DEPTH - 1 else []):
                add(child, depth + 1)
        elif shape not in shapes:
            shapes.add(shape)
            pool.append(element)

    for number, svg in enumerate(svgs):
        layer = next((c for c in ET.fromstring(svg) if c.get("class") == layer_class), None)
        for child in (layer if layer is not None else []):
            if number == 0:
                shapes.add(_shape_key(child))
                pool.append(child)
            else:
                add(child, 0)
    return pool


def state_targets(state_svg: str | ET.Element, target_id: str, region: str | None, marker: bool = False) -> str:
    """What the no-script figure shows at `#target_id`: the state's zones, or its region selected;
    with `marker`, the selected trigger point's mark too (a handout's figure has no other). It
    takes the state's elements into its own: give it the figure last."""
    state = _parsed(state_svg)
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
    if marker:
        for layer in state:
            if layer.get("class") == "muscle":
                group.append(layer)
        for anchor in state.iter(f"{{{SVG_NS}}}a"):
            if "selected" in (anchor.get("class") or "").split():
                mark = ET.SubElement(group, f"{{{SVG_NS}}}g", {"transform": anchor.get("transform", "")})
                mark.extend(anchor)
    return ET.tostring(group, encoding="unicode") if len(group) else ""


def pool_file(pool: ET.Element) -> bytes:
    """A pool as its file: only scripts read it, so it is stored gzipped (an eighth of the bytes)."""
    return gzip.compress(ET.tostring(pool, encoding="utf-8", xml_declaration=True), 9, mtime=0)


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


def packed(patch: dict) -> str:
    """A patch as the page carries it: JSON, gzipped (a quarter of the bytes), in base64."""
    data = json.dumps(patch, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.b64encode(gzip.compress(data, 9, mtime=0)).decode("ascii")


def unpacked(text: str) -> dict:
    return json.loads(gzip.decompress(base64.b64decode(text)))


def replace_figure(page: str, patch: dict, object_url: str, label: str) -> str:
    """The page with its figure swapped for the patch (scripts) and the shared file (no scripts)."""
    light = (f'<script type="application/gzip" class="figure-patch">{packed(patch)}</script>'
             f'<noscript><object class="body-map-file" type="image/svg+xml" data="{html.escape(object_url)}" '
             f'aria-label="{html.escape(label)}"></object></noscript>')
    return MAIN_SVG.sub(lambda m: m.group(1) + light, page, count=1)
