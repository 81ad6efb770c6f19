// Level of detail under the page's zoom: a cluster of trigger points (a count that links to its
// close-up) gives way to its members once the figure is large enough for each to be a 24 px target.
// The server says from what zoom level that holds (`data-split`, zoom.js's level); the members
// come from the cluster's close-up page (the same figure coordinates), fetched on first need.

const SVG_NS = "http://www.w3.org/2000/svg";

export class ZoomReveal {
  /** `fetchPage(url)` resolves to a page's HTML; `changed()` runs when the targets change. */
  constructor(svg, fetchPage, changed) {
    this.svg = svg;
    this.fetchPage = fetchPage;
    this.changed = changed;
    this.layer = svg.querySelector(".trigger-points");
    this.clusters = [...svg.querySelectorAll(".tp-cluster[data-split]")];
    this.members = new Map();  // cluster -> its members, imported into this figure
    this.loading = new Map();  // cluster -> the promise of its members (one fetch, one import)
  }

  scale() {
    return Number(this.svg.dataset.zoom || 1);  // zoom.js's level: 1 is the figure as served
  }

  /** Show each cluster, or its members, for the figure's scale now. */
  async update() {
    const scale = this.scale();
    const wanted = this.clusters.filter((c) => Number(c.dataset.split) <= scale);
    await Promise.all(wanted.map((c) => {
      if (!this.loading.has(c)) this.loading.set(c, this.load(c));
      return this.loading.get(c);
    }));
    const now = this.scale();
    let flipped = false;
    for (const cluster of this.clusters) {
      const open = this.members.has(cluster) && Number(cluster.dataset.split) <= now;
      if (open === cluster.hasAttribute("data-lod-hidden")) continue;
      flipped = true;
      this.show(cluster, open);
    }
    if (flipped) this.changed();
  }

  show(cluster, open) {
    const focused = this.svg.contains(document.activeElement) ? document.activeElement : null;
    cluster.toggleAttribute("data-lod-hidden", open);
    const members = this.members.get(cluster) || [];
    for (const member of members) member.toggleAttribute("data-lod-hidden", !open);
    // focus follows what replaces it: a member for a cluster, the cluster for a member
    if (focused === cluster && open && members[0]) this.moveFocus(cluster, members[0]);
    if (!open && members.includes(focused)) this.moveFocus(focused, cluster);
  }

  moveFocus(from, to) {
    from.setAttribute("tabindex", "-1");
    to.setAttribute("tabindex", "0");
    to.focus();
  }

  async load(cluster) {
    let html;
    try {
      html = await this.fetchPage(new URL(cluster.getAttribute("href"), location.href).href);
    } catch {
      this.loading.delete(cluster);  // offline and not cached: the cluster stays (and still opens
      return;  // its close-up); the next zoom tries again
    }
    const doc = new DOMParser().parseFromString(html, "text/html");
    const markers = [...doc.querySelectorAll("svg.body-map .trigger-points > a.trigger-point")];
    const members = markers.map((marker) => {
      const node = document.importNode(marker, true);
      node.setAttribute("data-lod-hidden", "");
      node.setAttribute("data-revealed", "");
      node.setAttribute("tabindex", "-1");
      this.layer.insertBefore(node, cluster);
      return node;
    });
    if (members.length && members.every((m) => m.namespaceURI === SVG_NS)) this.members.set(cluster, members);
  }
}
