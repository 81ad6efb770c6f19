// A static export shares the figure (webapp/drawing/export_figure.py): a map page carries, in
// place of its own SVG, a patch (<script type="application/gzip" class="figure-patch">) naming the
// shared file of its view, side and audience. This module fetches that file once and puts into the
// page the very SVG the server would have inlined, so map.js works on it as on any served page.

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

/** An element of the shared file (a path of child indices) with the state's changes:
 * [index in document order, {attr: value|null}, text?]. */
function patched(doc, source, path, changes) {
  let found = source;
  for (const index of path) found = found.children[index];
  const element = doc.importNode(found, true);
  const elements = [element, ...element.querySelectorAll("*")];
  for (const [index, attrs, text] of changes || []) {
    const target = elements[index];
    for (const [name, value] of Object.entries(attrs)) setAttribute(target, name, value);
    if (text !== undefined) target.textContent = text;
  }
  return element;
}

function ownMarkup(doc, xml) {
  const parsed = new DOMParser().parseFromString(xml, "image/svg+xml").documentElement;
  return doc.importNode(parsed, true);
}

/** One element of a patch: taken from the shared file, built from its parts, or markup of its own. */
function build(doc, source, item) {
  if ("xml" in item) return ownMarkup(doc, item.xml);
  if ("from" in item) return patched(doc, source, item.from, item.changes);
  const element = doc.createElementNS(SVG_NS, item.tag);
  for (const [name, value] of Object.entries(item.attrs)) setAttribute(element, name, value);
  for (const child of item.children) element.append(build(doc, source, child));
  return element;
}

/** A patch as the page carries it: JSON, gzipped, in base64 (webapp/drawing/export_figure.py). */
async function readPatch(script) {
  const bytes = Uint8Array.from(atob(script.textContent.trim()), (c) => c.charCodeAt(0));
  const json = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(json).json();
}

/** Build the figure of every patch in `doc` (the page, or a page fetched for a move). */
export async function composeFigures(doc) {
  for (const script of doc.querySelectorAll("script.figure-patch")) {
    const patch = await readPatch(script);
    const source = (await figureFile(patch.figure)).documentElement;
    const svg = doc.createElementNS(SVG_NS, "svg");
    for (const [name, value] of Object.entries(patch.root)) setAttribute(svg, name, value);
    for (const layer of patch.layers) svg.append(build(doc, source, layer));
    svg.querySelectorAll("a[target]").forEach((a) => a.removeAttribute("target"));  // the file's, for <object>
    script.parentNode.querySelectorAll("noscript, object.body-map-file").forEach((e) => e.remove());
    script.replaceWith(svg);
  }
}
