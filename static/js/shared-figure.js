// A static export shares the figure (webapp/export_figure.py): a map page carries, in place of
// its own SVG, a patch (<script type="application/json" class="figure-patch">) naming the shared
// file of its view, side and audience. This module fetches that file once and puts into the page
// the very SVG the server would have inlined, so map.js works on it as on any served page.

const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";
const files = new Map();  // figure URL -> Promise of its parsed document

function figureFile(url) {
  if (!files.has(url)) {
    files.set(url, fetch(url, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
        return response.text();
      })
      .then((text) => new DOMParser().parseFromString(text, "image/svg+xml")));
    files.get(url).catch(() => files.delete(url));  // try again on the next move
  }
  return files.get(url);
}

function setAttribute(element, name, value) {
  if (name.startsWith("xlink:")) {
    if (value === null) element.removeAttributeNS(XLINK_NS, name.slice(6));
    else element.setAttributeNS(XLINK_NS, name, value);
  } else if (value === null) {
    element.removeAttribute(name);
  } else {
    element.setAttribute(name, value);
  }
}

/** A base layer with the state's changes: [index in document order, {attr: value|null}, text?]. */
function patchedLayer(doc, base, changes) {
  const layer = doc.importNode(base, true);
  const elements = [layer, ...layer.querySelectorAll("*")];
  for (const [index, attrs, text] of changes || []) {
    const element = elements[index];
    for (const [name, value] of Object.entries(attrs)) setAttribute(element, name, value);
    if (text !== undefined) element.textContent = text;
  }
  return layer;
}

function ownLayer(doc, xml) {
  const parsed = new DOMParser().parseFromString(xml, "image/svg+xml").documentElement;
  return doc.importNode(parsed, true);
}

/** Build the figure of every patch in `doc` (the page, or a page fetched for a move). */
export async function composeFigures(doc) {
  for (const script of doc.querySelectorAll("script.figure-patch")) {
    const patch = JSON.parse(script.textContent);
    const source = (await figureFile(patch.figure)).documentElement;
    const svg = doc.createElementNS(SVG_NS, "svg");
    for (const [name, value] of Object.entries(patch.root)) setAttribute(svg, name, value);
    const layers = [...source.children];
    for (const layer of patch.layers) {
      svg.append("xml" in layer ? ownLayer(doc, layer.xml) : patchedLayer(doc, layers[layer.base], layer.changes));
    }
    script.parentNode.querySelectorAll("noscript, object.body-map-file").forEach((e) => e.remove());
    script.replaceWith(svg);
  }
}
