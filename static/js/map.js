// The body map, enhanced: hover/focus previews, selection without reload, keyboard moves.
// Every state is still a plain link the server renders; this module only makes it instant.

import { DrawingOnDemand } from "./drawing-on-demand.js";
import { RovingGroup } from "./roving.js";
import { ViewBoxZoom } from "./zoom.js";
import { currentArgs } from "./state-url.js";
import { flattenMirroredRegions } from "./region-path.js";
import { ZonePainter, regionName } from "./zone-painter.js";

const whenIdle = (work) => (window.requestIdleCallback ? requestIdleCallback(work, { timeout: 400 }) : setTimeout(work, 30));

/** Resolves once the next frame has been painted: a message posted from a rAF callback runs after
 * that frame (a timer may run before it, putting the swap into the frame it was to follow). */
const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve();
  channel.port2.postMessage(0);
}));

/** The map page: wires previews, keyboard and navigation on the container. */
export class BodyMap {
  constructor(root) {
    this.root = root;
    this.status = document.getElementById("status");
    this.cache = new Map();
    this.moved = new Map();  // offline: an address -> the state the worker folded it to
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
    window.addEventListener("popstate", () => {
      const traversed = this.traversed;  // a move through the history that another part makes
      this.traversed = null;
      if (traversed) traversed();
      else this.navigate(location.href, { push: false });
    });
    // Each entry knows how far it is from this document's first one (End session goes back there).
    history.replaceState({ map: true, index: history.state?.index ?? 0 }, "", location.href);
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
    if (svg.querySelector(".region > use")) whenIdle(() => flattenMirroredRegions(svg));  // the first page
    this.previewed = null;  // the marker whose zones a hover or focus shows
    this.zoneNote = document.getElementById("zone-elsewhere");
    this.zoom = new ViewBoxZoom(svg, { onChange: () => this.revealFor(svg) });
    this.reveal = null;
    this.groups = [BodyMap.targetGroup(svg), new RovingGroup([...svg.querySelectorAll(".region")])];
    const figure = svg.closest("[data-select-tp], [data-select-region]");  // a page from an offline bundle
    this.selecting = figure && import("./offline-select.js").then(({ selectOffline }) => selectOffline(this, figure));
  }

  /** One Tab stop for the trigger points and clusters shown now (lod.js swaps them as it zooms). */
  static targetGroup(svg) {
    return new RovingGroup([...svg.querySelectorAll(".trigger-point, .tp-cluster")]
      .filter((t) => !t.hasAttribute("data-lod-hidden")));
  }

  /** Under the zoom, clusters give way to their members: lod.js loads at the first zoom. */
  revealFor(svg) {
    if (!svg.querySelector(".tp-cluster[data-split]")) return;
    this.reveal ||= import("./lod.js").then(({ ZoomReveal }) => new ZoomReveal(svg,
      (url) => this.fetchPage(url), () => { if (this.svg === svg) this.groups[0] = BodyMap.targetGroup(svg); }));
    this.reveal.then((reveal) => reveal.update());
  }

  /** Show a marker's zones while it is hovered or focused (null: the selection's, if any).
   * A hover costs one frame: a few attribute writes, no query of the figure, no layout read. */
  preview(tp) {
    if (tp === this.previewed) return;  // a move between the parts of one marker
    this.previewed?.removeAttribute("data-previewing");
    this.previewed = tp;
    if (tp) tp.setAttribute("data-previewing", "");
    this.painter.paint(tp || this.painter.svg.querySelector(".trigger-point.selected"));
    // A preview stays on this view but says when part of the zone lies on another
    // (visibility only: no layout). A selection shows the other views beside the map.
    this.zoneNote?.toggleAttribute("data-shown", Boolean(tp) && !tp.classList.contains("selected") && !this.painter.showsAll(tp));
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
    const optimistic = link.classList.contains("trigger-point");
    if (optimistic) this.selectOptimistically(link);
    const url = new URL(link.getAttribute("href"), location.href);
    url.hash = this.drawing?.fragment || "";  // the pain drawing stays in the fragment, in this page
    this.navigate(url.href, { push: true, focusFrom: link, paintFirst: optimistic });
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
    if (response.redirected) this.moved.set(url, response.url);
    if (response.ok) this.cache.set(url, html);
    return html;
  }

  async navigate(url, { push = true, focusFrom = null, paintFirst = false } = {}) {
    // An optimistic selection reaches the screen first: its frame is not shared with the request.
    if (paintFirst) await afterPaint();
    let html;
    try {
      html = await this.fetchPage(url);
    } catch {
      location.assign(url);
      return;
    }
    const moved = this.moved.get(url.split("#")[0]);
    if (moved) url = moved + url.slice(url.split("#")[0].length);  // the address of the page shown
    // Let the optimistic zone paint reach the screen before parsing and swapping the new page.
    if (!paintFirst) await afterPaint();
    const doc = new DOMParser().parseFromString(html, "text/html");
    if (doc.documentElement.hasAttribute("data-export")) {  // a static export: the shared figure and blocks
      await import("./export-page.js").then(({ composePage }) => composePage(doc));
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
    if (svg) {
      ZonePainter.addShapes(svg, this.loadedShapes.get(figure.dataset.zones));
      flattenMirroredRegions(svg);
    }
    for (const id of ["map-nav", "map-links", "map-figure", "panel"]) {
      document.getElementById(id).replaceWith(doc.getElementById(id));
    }
    document.title = doc.title;
    this.stillPointer = this.pointer;
    if (push) history.pushState({ map: true, index: (history.state?.index ?? 0) + 1 }, "", url);
    this.bindMap();
    if (this.selecting) await this.selecting;  // an offline bundle's page: selected before focus lands
    this.drawing?.render();
    this.restoreFocus(focusKey);
    this.announce();
    this.root.dispatchEvent(new CustomEvent("map:swapped", { bubbles: true }));
  }

  /** Go `delta` entries through this tab's history without showing where it lands (the caller
   * shows what it will): resolves once there. A listener of its own on `popstate` could not stop
   * the map's: at the window, listeners run in the order they were added, capture or not. */
  traverse(delta) {
    return new Promise((resolve) => {
      this.traversed = resolve;
      history.go(delta);
    });
  }

  focusKey(element) {
    if (!element || !this.root.contains(element)) return null;
    if (element.hasAttribute?.("data-trigger-point")) {
      return `[data-trigger-point="${element.dataset.triggerPoint}"][data-side="${element.dataset.side}"]`;
    }
    if (element.hasAttribute?.("data-region")) return `[data-region="${element.dataset.region}"]`;
    if (element.classList?.contains("tp-cluster")) return ".trigger-points > a";  // into its close-up
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

