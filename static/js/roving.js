// Keyboard moves over the map's links: one Tab stop per group, arrow keys to the nearest one that way
// (W3C ARIA Authoring Practices, roving tabindex).

export /** Roving tabindex over a group of map links; arrow keys move to the nearest one that way. */
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
