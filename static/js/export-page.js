// A static export keeps each repeated block once (webapp/commands/export.py): a map page carries a
// patch for its shared figure (shared-figure.js), and placeholders, data-include="<page>#<id>", for
// blocks that another exported page holds: a muscle's facts and differentials, a condition's
// details, the pain drawing's panel. Each placeholder holds a link to that page, which is what a
// reader without scripts follows. This module brings the blocks in: for the page itself and for a
// page fetched for a move (map.js), at once; inside a closed <details>, when it opens.

import { composeFigures } from "./shared-figure.js";

const pages = new Map();  // page URL -> Promise of its parsed document

function pageAt(url) {
  if (!pages.has(url)) {
    const loading = fetch(url, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
        return response.text();
      })
      .then((text) => new DOMParser().parseFromString(text, "text/html"));
    loading.catch(() => pages.delete(url));  // offline, say: the link stays, the next use tries again
    pages.set(url, loading);
  }
  return pages.get(url);
}

/** Put the block a placeholder names in its place (the placeholder's link stays if it cannot). */
async function include(doc, placeholder) {
  const [url, id] = placeholder.dataset.include.split("#");
  const block = (await pageAt(url)).getElementById(id);
  if (block && placeholder.parentNode) placeholder.replaceWith(doc.importNode(block, true));
}

const waiting = (doc) => [...doc.querySelectorAll("[data-include]")].filter((e) => !e.closest("details:not([open])"));

/** The figure and every block `doc` (the page, or a page fetched for a move) needs now. */
export async function composePage(doc) {
  const blocks = waiting(doc).map((placeholder) => include(doc, placeholder).catch(() => {}));
  await Promise.all([composeFigures(doc).catch(() => {}), ...blocks]);
}

document.addEventListener("toggle", (event) => {  // toggle does not bubble: listen while it comes down
  const details = event.target;
  if (!(details instanceof HTMLDetailsElement) || !details.open) return;
  for (const placeholder of details.querySelectorAll(":scope > [data-include]")) {
    include(document, placeholder).catch(() => {});
  }
}, true);
