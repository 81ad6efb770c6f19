// The body map, enhanced: hover/focus previews, selection without reload, keyboard moves.
// Every state is still a plain link the server renders; this module only makes it instant.

import { DrawingOnDemand } from "./drawing-on-demand.js";
import { ViewBoxZoom } from "./zoom.js";
import { currentArgs } from "./state-url.js";

const ZONES = ["essential", "spillover"];

const SVG_NS = "http://www.w3.org/2000/svg";

const whenIdle = (work) => (window.requestIdleCallback ? requestIdleCallback(work, { timeout: 400 }) : setTimeout(work, 30));

/** A region's name: its label without the zone it is in (", essential zone"). */
const regionName = (region) => region.getAttribute("aria-label").replace(/, (essential|spillover) zone$/, "");

/**
 * Paints referral zones. The server draws the selected trigger point's zones; every other
 * marker's zone shapes come from `data-zones` (smooth paths, fetched after the first paint) and
 * are put in the figure once, hidden. A preview then only flips `visibility`: no layout, no
 * filter, so it fits a frame on a slow tablet. Before the shapes arrive, a preview draws the
 * zone's regions as they are.
 */
class ZonePainter {
  constructor(svg) {
    this.svg = svg;
    this.layer = svg.querySelector(".zones");
    this.drawn = Object.fromEntries(ZONES.map((z) => [z, this.layer?.querySelector(`:scope > .zone-${z}`)]));
    this.drawnKey = ZonePainter.keyOf(svg.querySelector(".trigger-point.selected"));
    this.cache = this.cached();
    this.visible = null;
    this.regions = new Map([...svg.querySelectorAll(".region")].map((r) => [r.dataset.region, r]));
    this.shown = new Map([...svg.querySelectorAll(".region[data-zone]")].map((r) => [r.dataset.region, r.dataset.zone]));
  }

  static keyOf(tp) {
    return tp ? `${tp.dataset.triggerPoint} ${tp.dataset.side}` : null;
  }

  static zonesOf(tp) {
    const zones = {};
    for (const zone of ZONES) zones[zone] = new Set((tp?.dataset[zone] || "").split(" ").filter(Boolean));
    return zones;
  }

  /** Put every marker's zone shapes into `svg`, hidden (before it joins the page, or at idle). */
  static addShapes(svg, shapes) {
    const layer = svg.querySelector(".zones");
    if (!layer || !shapes || layer.querySelector(".zone-cache")) return;
    const cache = document.createElementNS(SVG_NS, "g");
    cache.setAttribute("class", "zone-cache");
    const markers = new Set([...svg.querySelectorAll(".trigger-point")].map(ZonePainter.keyOf));
    const drawn = [...layer.querySelectorAll(":scope > .zone")];  // the server's paths, in paint order
    for (const [key, zones] of Object.entries(shapes)) {
      if (!markers.has(key)) continue;  // the other side's, when only one side is shown
      const group = document.createElementNS(SVG_NS, "g");
      group.dataset.key = key;
      group.setAttribute("visibility", "hidden");
      for (const model of drawn) {  // same class and fill as the server draws a selection
        const zone = ZONES.find((z) => model.classList.contains(`zone-${z}`));
        if (!zones[zone]) continue;
        const path = model.cloneNode(false);
        path.removeAttribute("visibility");  // the group shows and hides it
        path.setAttribute("d", zones[zone]);
        group.append(path);
      }
      cache.append(group);
    }
    layer.prepend(cache);
  }

  adopt(shapes) {
    ZonePainter.addShapes(this.svg, shapes);
    this.cache = this.cached();
  }

  cached() {
    return new Map([...this.svg.querySelectorAll(".zone-cache > [data-key]")].map((g) => [g.dataset.key, g]));
  }

  /** Show a marker's zones (null: none). */
  paint(tp) {
    const key = ZonePainter.keyOf(tp);
    const zones = ZonePainter.zonesOf(tp);
    this.labelRegions(zones);
    const fromCache = key !== this.drawnKey && this.cache.has(key) ? key : null;
    if (this.visible !== fromCache) {
      this.cache.get(this.visible)?.setAttribute("visibility", "hidden");
      this.cache.get(fromCache)?.setAttribute("visibility", "visible");
      this.visible = fromCache;
    }
    for (const zone of ZONES) {
      const path = this.drawn[zone];
      if (!path) continue;
      if (key === this.drawnKey) {  // the server's drawing (or, with no selection, nothing)
        path.removeAttribute("visibility");
        if (this.patched) path.setAttribute("d", this.patched[zone]);
      } else if (fromCache || !key) {
        path.setAttribute("visibility", "hidden");
      } else {  // the shapes have not arrived: draw the zone's regions as they are
        this.patched ||= Object.fromEntries(ZONES.map((z) => [z, this.drawn[z].getAttribute("d") || ""]));
        const d = [...zones[zone]].map((id) => this.regions.get(id)?.firstElementChild.getAttribute("d") || "");
        path.setAttribute("d", d.join(""));
        path.removeAttribute("visibility");
      }
    }
  }

  /** Whether this view draws every region of a marker's zones. */
  showsAll(tp) {
    const zones = ZonePainter.zonesOf(tp);
    return ZONES.every((zone) => [...(zones[zone] || [])].every((id) => this.regions.has(id)));
  }

  /** Regions say which zone they are in (for screen readers, tests and styles). */
  labelRegions(zones) {
    const next = new Map();
    for (const zone of ZONES) {
      for (const id of zones[zone] || []) if (!next.has(id) && this.regions.has(id)) next.set(id, zone);
    }
    for (const [id, zone] of this.shown) if (next.get(id) !== zone && !next.has(id)) this.label(id, null);
    for (const [id, zone] of next) if (this.shown.get(id) !== zone) this.label(id, zone);
    this.shown = next;
  }

  label(id, zone) {
    const region = this.regions.get(id);
    if (zone) region.setAttribute("data-zone", zone);
    else region.removeAttribute("data-zone");
    region.setAttribute("aria-label", regionName(region) + (zone ? `, ${zone} zone` : ""));
  }
}

/** Roving tabindex over a group of map links; arrow keys move to the nearest one that way. */
class RovingGroup {
  constructor(items) {
    this.items = items;
    const current = items.find((i) => i.getAttribute("aria-current") === "true") || items[0];
    items.forEach((item) => item.setAttribute("tabindex", item === current ? "0" : "-1"));
  }

  has(element) {
    return this.items.includes(element);
  }

  focus(item) {
    if (!item) return;
    this.items.forEach((i) => i.setAttribute("tabindex", i === item ? "0" : "-1"));
    item.focus();
  }

  static centre(element) {
    const box = element.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  }

  nearest(from, key) {
    const origin = RovingGroup.centre(from);
    const axis = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] }[key];
    let best = null;
    let bestScore = Infinity;
    for (const item of this.items) {
      if (item === from) continue;
      const c = RovingGroup.centre(item);
      const dx = c.x - origin.x;
      const dy = c.y - origin.y;
      const along = dx * axis[0] + dy * axis[1];
      if (along <= 1) continue;
      const across = Math.abs(dx * axis[1]) + Math.abs(dy * axis[0]);
      const score = along + 2.5 * across;
      if (score < bestScore) [best, bestScore] = [item, score];
    }
    return best;
  }

  handle(event) {
    const from = event.target.closest("a");
    if (event.key === "Home") return this.items[0];
    if (event.key === "End") return this.items[this.items.length - 1];
    if (!event.key.startsWith("Arrow")) return undefined;
    // Spatial first; where nothing lies that way, step through reading order so that
    // every item stays reachable with the arrow keys alone.
    const spatial = this.nearest(from, event.key);
    if (spatial) return spatial;
    const step = event.key === "ArrowRight" || event.key === "ArrowDown" ? 1 : -1;
    const index = this.items.indexOf(from);
    return this.items[(index + step + this.items.length) % this.items.length];
  }
}

/** The map page: wires previews, keyboard and navigation on the container. */
export class BodyMap {
  constructor(root) {
    this.root = root;
    this.status = document.getElementById("status");
    this.cache = new Map();
    this.shapes = new Map();
    this.loadedShapes = new Map();
  }

  get svg() {
    return this.root.querySelector("svg.body-map");
  }

  start() {
    this.bindMap();
    this.pointer = null;
    this.root.addEventListener("pointermove", (e) => { this.pointer = [e.clientX, e.clientY]; });
    this.root.addEventListener("pointerover", (e) => this.onPointer(e, true));
    this.root.addEventListener("pointerout", (e) => this.onPointer(e, false));
    this.root.addEventListener("focusin", (e) => this.onFocus(e, true));
    this.root.addEventListener("focusout", (e) => this.onFocus(e, false));
    this.root.addEventListener("click", (e) => this.onClick(e));
    this.root.addEventListener("keydown", (e) => this.onKey(e));
    window.addEventListener("popstate", () => this.navigate(location.href, { push: false }));
    history.replaceState({ map: true }, "", location.href);
    this.drawing = new DrawingOnDemand(this);  // drawing.js loads when first needed
    this.wireTools();
  }

  /** Zoom buttons and full screen: only with scripts, so they start hidden. */
  wireTools() {
    for (const button of document.querySelectorAll("[data-zoom-step]")) {
      button.hidden = false;
      button.addEventListener("click", () => {
        const step = Number(button.dataset.zoomStep);
        if (step === 0) this.zoom?.reset();
        else this.zoom?.zoom(step > 0 ? 1.5 : 1 / 1.5);
      });
    }
    const full = document.getElementById("fullscreen-toggle");
    if (full && document.fullscreenEnabled) {
      full.hidden = false;
      full.addEventListener("click", () => {
        if (document.fullscreenElement) document.exitFullscreen();
        else document.getElementById("map-figure").requestFullscreen();
      });
    }
  }

  say(text) {
    if (this.status) this.status.textContent = text;
  }

  /** The query arguments that say how the map is looked at (not what is selected). */
  viewArgs() {
    const args = currentArgs();
    delete args.tp;
    delete args.region;
    delete args.side;
    return args;
  }

  /** The zone shapes a figure names (`data-zones`), fetched once per address. */
  zoneShapes(figure) {
    const url = figure?.dataset.zones;
    if (!url) return Promise.resolve(null);
    if (!this.shapes.has(url)) {
      this.shapes.set(url, fetch(url, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : null))
        .then((body) => {
          if (body?.zones) this.loadedShapes.set(url, body.zones);
          return body?.zones || null;
        })
        .catch(() => null));
    }
    return this.shapes.get(url);
  }

  bindMap() {
    const svg = this.svg;
    if (!svg) return;
    const painter = new ZonePainter(svg);
    this.painter = painter;
    if (!painter.cache.size) {  // the first page: fetch after the first paint, adopt when idle
      this.zoneShapes(svg.closest("[data-zones]")).then((shapes) => whenIdle(() => {
        if (shapes && this.painter === painter) painter.adopt(shapes);
      }));
    }
    this.zoom = new ViewBoxZoom(svg);
    this.groups = [
      new RovingGroup([...svg.querySelectorAll(".trigger-point")]),
      new RovingGroup([...svg.querySelectorAll(".region")]),
    ];
  }

  preview(tp) {
    this.svg.querySelectorAll("[data-previewing]").forEach((t) => t.removeAttribute("data-previewing"));
    if (tp) tp.setAttribute("data-previewing", "");
    this.painter.paint(tp || this.svg.querySelector(".trigger-point.selected"));
    // A preview stays on this view but says when part of the zone lies on another
    // (visibility only: no layout). A selection shows the other views beside the map.
    const note = document.getElementById("zone-elsewhere");
    if (note) note.toggleAttribute("data-shown", Boolean(tp) && !this.painter.showsAll(tp));
  }

  onPointer(event, entering) {
    // After a swap (a close-up, say) a marker may land under a pointer that has not moved:
    // that is not a hover, so ignore it until the pointer moves.
    if (this.stillPointer) {
      if (event.clientX === this.stillPointer[0] && event.clientY === this.stillPointer[1]) return;
      this.stillPointer = null;
    }
    const tp = event.target.closest?.(".trigger-point");
    if (!tp || (!entering && tp.contains(event.relatedTarget))) return;
    this.preview(entering ? tp : null);
  }

  onFocus(event, entering) {
    const tp = event.target.closest?.(".trigger-point");
    if (tp) this.preview(entering ? tp : null);
  }

  onClick(event) {
    const link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (this.zoom?.dragged && link.closest("svg.body-map")) {  // the end of a pan, not a tap
      event.preventDefault();
      this.zoom.dragged = false;
      return;
    }
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const inMap = link.closest("svg.body-map");
    if (!inMap && !link.hasAttribute("data-nav")) {
      this.carryDrawing(link);  // a full page load (client view, handout) keeps the drawing too
      return;
    }
    event.preventDefault();
    if (this.drawing?.active && link.classList.contains("region")) {
      this.drawing.cycle(link.dataset.region, regionName(link));
      return;
    }
    if (link.classList.contains("trigger-point")) this.selectOptimistically(link);
    const url = new URL(link.getAttribute("href"), location.href);
    url.hash = this.drawing?.fragment || "";  // the pain drawing stays in the fragment, in this page
    this.navigate(url.href, { push: true, focusFrom: link });
  }

  carryDrawing(link) {
    const fragment = this.drawing?.fragment;
    const url = new URL(link.href, location.href);
    if (fragment && url.origin === location.origin && !url.hash) {
      url.hash = fragment;
      link.href = url.href;
    }
  }

  selectOptimistically(tp) {
    this.svg.querySelectorAll(".trigger-point.selected").forEach((t) => t.classList.remove("selected"));
    tp.classList.add("selected");
    this.painter.paint(tp);
  }

  onKey(event) {
    const link = event.target.closest?.("svg.body-map a");
    if (!link) return;
    if (event.key === " ") {
      event.preventDefault();
      link.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 }));
      return;
    }
    const group = this.groups.find((g) => g.has(link));
    const next = group?.handle(event);
    if (next === undefined) return;
    event.preventDefault();
    group.focus(next);
  }

  async fetchPage(address) {
    const url = address.split("#")[0];
    if (this.cache.has(url)) return this.cache.get(url);
    const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
    const html = await response.text();
    if (!response.ok && response.status !== 404) throw new Error(`HTTP ${response.status}`);
    if (response.ok) this.cache.set(url, html);
    return html;
  }

  async navigate(url, { push = true, focusFrom = null } = {}) {
    let html;
    try {
      html = await this.fetchPage(url);
    } catch {
      location.assign(url);
      return;
    }
    // Let the optimistic zone paint reach the screen before parsing and swapping the new page.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    const doc = new DOMParser().parseFromString(html, "text/html");
    if (doc.querySelector("script.figure-patch")) {  // a static export: build the shared figure
      await import("./shared-figure.js").then(({ composeFigures }) => composeFigures(doc));
    }
    const incoming = doc.querySelector("[data-body-map]");
    if (!incoming) {
      location.assign(url);
      return;
    }
    // After back/forward, focus moves to the panel (the old element may mean another state).
    const focusKey = push ? this.focusKey(focusFrom || document.activeElement)
      : (this.root.contains(document.activeElement) ? "panel" : null);
    // The new figure gets its zone shapes before it joins the page: one layout, not two.
    const figure = doc.getElementById("map-figure");
    const svg = figure?.querySelector("svg.body-map");
    if (svg) ZonePainter.addShapes(svg, this.loadedShapes.get(figure.dataset.zones));
    for (const id of ["map-nav", "map-links", "map-figure", "panel"]) {
      document.getElementById(id).replaceWith(doc.getElementById(id));
    }
    document.title = doc.title;
    this.stillPointer = this.pointer;
    if (push) history.pushState({ map: true }, "", url);
    this.bindMap();
    this.drawing?.render();
    this.restoreFocus(focusKey);
    this.announce();
  }

  focusKey(element) {
    if (!element || !this.root.contains(element)) return null;
    if (element.hasAttribute?.("data-trigger-point")) {
      return `[data-trigger-point="${element.dataset.triggerPoint}"][data-side="${element.dataset.side}"]`;
    }
    if (element.hasAttribute?.("data-region")) return `[data-region="${element.dataset.region}"]`;
    return "panel";
  }

  restoreFocus(key) {
    if (!key) return;
    const target = key === "panel" ? null : this.svg?.querySelector(key);
    if (target) {
      this.groups.find((g) => g.has(target))?.focus(target);
    } else {
      document.getElementById("panel")?.focus({ preventScroll: false });
    }
  }

  announce() {
    const title = document.querySelector("#panel #panel-title");
    const eyebrow = document.querySelector("#panel .eyebrow");
    if (this.status && title) {
      this.status.textContent = `${eyebrow ? eyebrow.textContent + ": " : ""}${title.textContent.trim()}`;
    }
  }
}

