// The pain drawing, loaded when it is first needed. drawing.js (marks, panel, ranking) is fetched
// when the toggle is first used, or at once when the address already holds a drawing (#pain=...).
// Until then this stands in for it on the map: it shows the toggle, carries the fragment along,
// and keeps what the user did while the module loads (a toggle, taps on regions) in order.

import { formatMarks, hasSession, parseMarks } from "./state-url.js";

export class DrawingOnDemand {
  constructor(map) {
    this.map = map;
    this.drawing = null;  // the PainDrawing, once loaded
    this.loading = null;
    this.wanted = false;  // toggled on before drawing.js arrived
    this.toggleButton = document.getElementById("drawing-toggle");
    if (!document.getElementById("drawing") || !this.toggleButton) return;
    this.toggleButton.hidden = false;
    this.onToggle = () => this.toggle();
    this.onHash = () => { if (parseMarks(location.hash).size || hasSession()) this.load(); };
    this.toggleButton.addEventListener("click", this.onToggle);
    window.addEventListener("hashchange", this.onHash);
    this.onHash();
  }

  /** drawing.js, imported once; from then on the PainDrawing handles the toggle and the address. */
  load() {
    this.loading ??= import("./drawing.js").then(({ PainDrawing }) => {
      this.toggleButton.removeEventListener("click", this.onToggle);
      window.removeEventListener("hashchange", this.onHash);
      this.drawing = new PainDrawing(this.map);
      if (this.wanted) this.drawing.setActive(true);
      return this.drawing;
    }, (error) => {
      this.loading = null;  // offline without a cache, say: the next use tries again
      this.wanted = false;
      this.showPressed();
      this.map.say("The pain drawing could not load. Try again when online.");
      throw error;
    });
    return this.loading;
  }

  /** Resolves once a drawing that has begun to load is on the figure (a saved file shows it). */
  whenLoaded() {
    return (this.loading || Promise.resolve()).catch(() => null);
  }

  toggle() {
    this.wanted = !this.wanted;
    this.showPressed();  // answer the press at once; PainDrawing.setActive says the rest
    this.load().catch(() => {});
  }

  showPressed() {
    this.toggleButton.setAttribute("aria-pressed", String(this.wanted));
    this.map.root.toggleAttribute("data-drawing", this.wanted);
  }

  get active() {
    return this.drawing ? this.drawing.active : this.wanted;
  }

  get fragment() {
    if (this.drawing) return this.drawing.fragment;
    return hasSession() ? "" : formatMarks(parseMarks(location.hash));
  }

  /** A tap on a region while drawing: marked once drawing.js is there (taps stay in order). */
  cycle(regionId, name) {
    if (this.drawing) this.drawing.cycle(regionId, name);
    else this.load().then((drawing) => drawing.cycle(regionId, name), () => {});
  }

  render() {
    this.drawing?.render();
  }
}
