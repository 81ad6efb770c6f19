// Referral zones on the figure: the server's drawing of the selection, and every other marker's
// smooth zone shapes, put in the figure hidden and shown by a preview (map.js).

import { regionPathData } from "./region-path.js";

const ZONES = ["essential", "spillover"];

const SVG_NS = "http://www.w3.org/2000/svg";

/** A region's name: its label without the zone it is in (", essential zone"). */
export const regionName = (region) => region.getAttribute("aria-label").replace(/, (essential|spillover) zone$/, "");

/**
 * Paints referral zones. The server draws the selected trigger point's zones; every other
 * marker's zone shapes come from `data-zones` (smooth paths, fetched after the first paint) and
 * are put in the figure once, hidden. A preview then only flips `visibility`: no layout, no
 * filter, so it fits a frame on a slow tablet. Before the shapes arrive, a preview draws the
 * zone's regions as they are.
 */
export class ZonePainter {
  constructor(svg) {
    this.svg = svg;
    this.layer = svg.querySelector(".zones");
    this.drawn = Object.fromEntries(ZONES.map((z) => [z, this.layer?.querySelector(`:scope > .zone-${z}`)]));
    this.drawnKey = ZonePainter.keyOf(svg.querySelector(".trigger-point.selected"));
    this.cache = this.cached();
    this.visible = null;
    this.regions = new Map([...svg.querySelectorAll(".region")].map((r) => [r.dataset.region, r]));
    this.shown = new Map([...svg.querySelectorAll(".region[data-zone]")].map((r) => [r.dataset.region, r.dataset.zone]));
    this.zonesOfMarker = new WeakMap();  // marker -> its zones' regions, read at its first preview
    this.shownWhole = new WeakMap();  // marker -> whether this view draws all of its zones
    this.labelsByMarker = new WeakMap();  // marker -> its regions here and their zones
    this.names = new Map();  // region id -> its name without a zone
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

  /** A marker's zones (regions by zone), parsed from its attributes once. */
  zonesOf(tp) {
    if (!tp) return ZonePainter.zonesOf(null);
    let zones = this.zonesOfMarker.get(tp);
    if (!zones) this.zonesOfMarker.set(tp, (zones = ZonePainter.zonesOf(tp)));
    return zones;
  }

  /** Show a marker's zones (null: none). */
  paint(tp) {
    const key = ZonePainter.keyOf(tp);
    const zones = this.zonesOf(tp);
    this.labelRegions(this.labelsOf(tp));
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
        if (path.getAttribute("visibility") !== "hidden") path.setAttribute("visibility", "hidden");
      } else {  // the shapes have not arrived: draw the zone's regions as they are
        this.patched ||= Object.fromEntries(ZONES.map((z) => [z, this.drawn[z].getAttribute("d") || ""]));
        const d = [...zones[zone]].map((id) => regionPathData(this.regions.get(id)));
        path.setAttribute("d", d.join(""));
        path.removeAttribute("visibility");
      }
    }
  }

  /** Whether this view draws every region of a marker's zones. */
  showsAll(tp) {
    if (!this.shownWhole.has(tp)) {
      const zones = this.zonesOf(tp);
      this.shownWhole.set(tp, ZONES.every((zone) => [...zones[zone]].every((id) => this.regions.has(id))));
    }
    return this.shownWhole.get(tp);
  }

  /** Regions say which zone they are in (for screen readers, tests and styles). */
  labelRegions(next) {
    for (const id of this.shown.keys()) if (!next.has(id)) this.label(id, null);
    for (const [id, zone] of next) if (this.shown.get(id) !== zone) this.label(id, zone);
    this.shown = next;  // a marker's own map (labelsOf): never changed
  }

  /** A marker's regions drawn on this view, each with its zone (essential first), built once. */
  labelsOf(tp) {
    let labels = tp && this.labelsByMarker.get(tp);
    if (!labels) {
      const zones = this.zonesOf(tp);
      labels = new Map();
      for (const zone of ZONES) {
        for (const id of zones[zone]) if (!labels.has(id) && this.regions.has(id)) labels.set(id, zone);
      }
      if (tp) this.labelsByMarker.set(tp, labels);
    }
    return labels;
  }

  label(id, zone) {
    const region = this.regions.get(id);
    if (!this.names.has(id)) this.names.set(id, regionName(region));
    if (zone) region.setAttribute("data-zone", zone);
    else region.removeAttribute("data-zone");
    region.setAttribute("aria-label", this.names.get(id) + (zone ? `, ${zone} zone` : ""));
  }
}
