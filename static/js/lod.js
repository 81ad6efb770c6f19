// Level of detail under the page's zoom: a cluster of trigger points (a count that links to its
// close-up) gives way to its members once the figure is large enough for each to be a 24 px target.
// The server says from what zoom level that holds among the members (`data-split`, zoom.js's
// level); the members come from the cluster's close-up page (the same figure coordinates), fetched
// on first need. A crowded close-up holds clusters of its own: they join the figure too, their
// `data-split` rescaled from their close-up's zoom to this figure's, and give way in turn.
// Two close-ups are laid out apart, not together, so a cluster opens only where its members keep
// 24 px from every other target shown (measured on screen), and each hit circle is trimmed to
// half the distance to its nearest neighbour: no two targets overlap at any zoom.

const SVG_NS = "http://www.w3.org/2000/svg";
const TARGET_PX = 24;
// the radius of what a target draws, figure units before its own scale: a marker's ring (r 12,
// stroke 2.6), a cluster's badge (r 13, stroke up to 3.6 when focused)
const MARK_UNITS = { "trigger-point": 13.3, "tp-cluster": 14.8 };

export class ZoomReveal {
  /** `fetchPage(url)` resolves to a page's HTML; `changed()` runs when the targets change. */
  constructor(svg, fetchPage, changed) {
    this.svg = svg;
    this.fetchPage = fetchPage;
    this.changed = changed;
    this.layer = svg.querySelector(".trigger-points");
    this.clusters = [...svg.querySelectorAll(".tp-cluster[data-split]")];  // outer ones first
    this.served = [...this.layer.querySelectorAll(":scope > a")];  // the figure's own targets
    this.members = new Map();  // cluster -> its members, imported into this figure
    this.owner = new Map();  // an imported member -> the cluster it came with
    this.loading = new Map();  // cluster -> the promise of its members (one fetch, one import)
    this.places = new WeakMap();  // target -> its centre and served hit radius, figure units
    this.open = new Set();  // the clusters that have given way to their members now
  }

  scale() {
    return Number(this.svg.dataset.zoom || 1);  // zoom.js's level: 1 is the figure as served
  }

  /** Whether `cluster` may give way at `scale`: the zoom is enough and its own cluster is open. */
  due(cluster, scale, open) {
    const owner = this.owner.get(cluster);
    return Number(cluster.dataset.split) <= scale && (!owner || open.has(owner));
  }

  /** Show each cluster, or its members, for the figure's scale now. */
  async update() {
    const tried = new Set();
    for (;;) {  // members that are clusters may be due in turn: load them too
      const scale = this.scale();
      const open = this.openAt(scale);
      const wanted = this.clusters.filter((c) => !tried.has(c) && !this.members.has(c) && this.due(c, scale, open));
      if (!wanted.length) break;
      for (const c of wanted) {
        tried.add(c);
        if (!this.loading.has(c)) this.loading.set(c, this.load(c));
      }
      await Promise.all(wanted.map((c) => this.loading.get(c)));
    }
    const scale = this.scale();
    if (this.apply(this.openAt(scale))) this.changed();
    this.svg.dataset.lodZoom = scale.toFixed(2);  // the zoom level the targets now answer
  }

  /** The targets shown when the clusters in `open` have given way. */
  shown(open) {
    const out = this.served.filter((t) => !this.owner.has(t) && !open.has(t));
    for (const cluster of open) out.push(...this.members.get(cluster).filter((m) => !open.has(m)));
    return out;
  }

  /** The clusters to open at `scale`: each due one whose members keep 24 px from every other
   * target shown, tried again as others open (one opening can clear the way for another). */
  openAt(scale) {
    const least = TARGET_PX / this.pxPerUnit();
    const open = new Set();
    for (let grew = true; grew;) {
      grew = false;
      for (const cluster of this.clusters) {
        if (open.has(cluster) || !this.members.has(cluster) || !this.due(cluster, scale, open)) continue;
        const members = this.members.get(cluster);
        const others = this.shown(open).filter((t) => t !== cluster);
        const clear = members.every((m) => others.every((t) => this.distance(m, t) >= least - 0.01));
        if (clear) {
          open.add(cluster);
          grew = true;
        }
      }
    }
    return open;
  }

  pxPerUnit() {
    return this.svg.getScreenCTM()?.a || 1;
  }

  /** A target's centre and served hit radius in figure units (its transform: translate, scale). */
  place(target) {
    if (!this.places.has(target)) {
      const [x, y, s = 1] = (target.getAttribute("transform").match(/-?[\d.]+/g) || []).map(Number);
      const hit = target.querySelector(".hit");
      const mark = MARK_UNITS[target.classList.contains("tp-cluster") ? "tp-cluster" : "trigger-point"];
      const drawn = [...target.querySelectorAll(":scope > :is(.mark, .badge, .count)")];
      this.places.set(target, { x, y, s, r: Number(hit.getAttribute("r")) * s, hit, mark, drawn });
    }
    return this.places.get(target);
  }

  distance(a, b) {
    const p = this.place(a);
    const q = this.place(b);
    return Math.hypot(p.x - q.x, p.y - q.y);
  }

  /** Hide and show targets for the clusters in `open`, and trim each hit circle shown, and what
   * it draws, to half the way to its nearest neighbour (no two overlap, nor look as if they did:
   * members come drawn for their close-up's scale); true when any target changed. Focus follows
   * what replaces it. */
  apply(open) {
    const focused = this.svg.contains(document.activeElement) ? document.activeElement : null;
    this.open = open;
    let flipped = false;
    const shown = new Set(this.shown(open));
    for (const target of [...this.served, ...this.owner.keys()]) {
      flipped = this.hide(target, !shown.has(target)) || flipped;
    }
    for (const target of shown) {
      const place = this.place(target);
      let nearest = Infinity;
      for (const other of shown) if (other !== target) nearest = Math.min(nearest, this.distance(target, other));
      const r = Math.min(place.r, nearest / 2) / place.s;
      if (Math.abs(Number(place.hit.getAttribute("r")) - r) > 0.05) place.hit.setAttribute("r", r.toFixed(1));
      const fit = Math.min(1, nearest / 2 / (place.mark * place.s));
      const scale = fit < 0.995 ? `scale(${fit.toFixed(3)})` : null;  // about the target's centre
      for (const drawn of place.drawn) {
        if (scale) drawn.setAttribute("transform", scale);
        else drawn.removeAttribute("transform");
      }
    }
    if (focused?.hasAttribute("data-lod-hidden")) this.moveFocus(focused, this.standIn(focused));
    return flipped;
  }

  hide(target, hidden) {
    if (target.hasAttribute("data-lod-hidden") === hidden) return false;
    target.toggleAttribute("data-lod-hidden", hidden);
    return true;
  }

  /** The shown target that stands for a hidden one: an opened cluster's first member, or the
   * cluster a hidden member folded back into. */
  standIn(target) {
    let at = target;
    while (at?.hasAttribute("data-lod-hidden")) {
      at = this.open.has(at) ? this.members.get(at)[0] : this.owner.get(at);
    }
    return at || target;
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
    const targets = [...doc.querySelectorAll("svg.body-map .trigger-points > a:is(.trigger-point, .tp-cluster)")];
    const split = Number(cluster.dataset.split);
    const members = targets.map((target) => {
      const node = document.importNode(target, true);
      node.setAttribute("data-lod-hidden", "");
      node.setAttribute("data-revealed", "");
      node.setAttribute("tabindex", "-1");
      this.owner.set(node, cluster);
      if (node.classList.contains("tp-cluster")) {  // its split was a zoom of its close-up
        node.dataset.split = (Number(node.dataset.split) * split).toFixed(2);
        this.clusters.push(node);
      }
      this.layer.insertBefore(node, cluster);
      return node;
    });
    if (members.length && members.every((m) => m.namespaceURI === SVG_NS)) this.members.set(cluster, members);
  }
}
