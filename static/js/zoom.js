// Zoom and pan the figure: buttons, the mouse wheel with Ctrl, two-finger pinch, drag when zoomed.
// It only changes the SVG's viewBox, so the figure stays crisp at any size.

export class ViewBoxZoom {
  constructor(svg, { min = 1, max = 8, onChange = null } = {}) {
    this.svg = svg;
    this.onChange = onChange;
    const [x, y, w, h] = svg.getAttribute("viewBox").split(/\s+/).map(Number);
    this.home = { x, y, w, h };
    this.box = { ...this.home };
    this.min = min;
    this.max = max;
    this.pointers = new Map();
    svg.addEventListener("pointerdown", (e) => this.down(e));
    svg.addEventListener("pointermove", (e) => this.move(e));
    for (const type of ["pointerup", "pointercancel", "pointerleave"]) svg.addEventListener(type, (e) => this.up(e));
    svg.addEventListener("wheel", (e) => this.wheel(e), { passive: false });
  }

  get level() {
    return this.home.w / this.box.w;
  }

  apply() {
    const { x, y, w, h } = this.box;
    this.svg.setAttribute("viewBox", `${x.toFixed(1)} ${y.toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)}`);
    this.svg.dataset.zoom = this.level.toFixed(2);
    this.svg.toggleAttribute("data-zoomed", this.level > 1.01);
    this.onChange?.(this.level);
  }

  /** Zoom by a factor about a point in figure coordinates (default: the centre). */
  zoom(factor, about = null) {
    const level = Math.min(this.max, Math.max(this.min, this.level * factor));
    const w = this.home.w / level;
    const h = this.home.h / level;
    const cx = about ? about.x : this.box.x + this.box.w / 2;
    const cy = about ? about.y : this.box.y + this.box.h / 2;
    const fx = (cx - this.box.x) / this.box.w;
    const fy = (cy - this.box.y) / this.box.h;
    this.box = { x: cx - fx * w, y: cy - fy * h, w, h };
    this.clamp();
    this.apply();
  }

  reset() {
    this.box = { ...this.home };
    this.apply();
  }

  clamp() {
    const { home, box } = this;
    box.x = Math.min(Math.max(box.x, home.x), home.x + home.w - box.w);
    box.y = Math.min(Math.max(box.y, home.y), home.y + home.h - box.h);
  }

  toFigure(clientX, clientY) {
    const rect = this.svg.getBoundingClientRect();
    const scale = Math.max(this.box.w / rect.width, this.box.h / rect.height);
    const offsetX = (rect.width - this.box.w / scale) / 2;
    const offsetY = (rect.height - this.box.h / scale) / 2;
    return { x: this.box.x + (clientX - rect.left - offsetX) * scale, y: this.box.y + (clientY - rect.top - offsetY) * scale };
  }

  down(event) {
    this.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (this.pointers.size === 1) {
      this.start = { x: event.clientX, y: event.clientY };
      this.dragged = false;
    }
  }

  move(event) {
    const last = this.pointers.get(event.pointerId);
    if (!last) return;
    const now = { x: event.clientX, y: event.clientY };
    if (this.pointers.size === 2) {
      const other = [...this.pointers].find(([id]) => id !== event.pointerId)[1];
      const before = Math.hypot(last.x - other.x, last.y - other.y);
      const after = Math.hypot(now.x - other.x, now.y - other.y);
      if (before > 0) this.zoom(after / before, this.toFigure((now.x + other.x) / 2, (now.y + other.y) / 2));
      this.dragged = true;
    } else if (this.level > 1.01 && (event.pointerType === "touch" || event.buttons === 1)) {
      this.pan(now.x - last.x, now.y - last.y);
      if (Math.hypot(now.x - this.start.x, now.y - this.start.y) > 6) this.dragged = true;
    }
    this.pointers.set(event.pointerId, now);
  }

  /** Move the view by a distance in screen pixels. */
  pan(dx, dy) {
    const rect = this.svg.getBoundingClientRect();
    const scale = Math.max(this.box.w / rect.width, this.box.h / rect.height);
    this.box.x -= dx * scale;
    this.box.y -= dy * scale;
    this.clamp();
    this.apply();
  }

  up(event) {
    this.pointers.delete(event.pointerId);
  }

  wheel(event) {
    if (!event.ctrlKey) return;  // plain wheel scrolls the page; Ctrl+wheel (and trackpad pinch) zooms
    event.preventDefault();
    this.zoom(Math.exp(-event.deltaY / 300), this.toFigure(event.clientX, event.clientY));
  }
}
