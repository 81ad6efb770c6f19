// The pain drawing: mark where the client hurts (tap to cycle intensity 1, 2, 3, off) and
// rank the trigger points that best explain it. The drawing lives only in the URL fragment
// (#pain=region:2,...) and in this page: the server never receives it. While a session with a
// client is open (session-store.js), the drawing is kept with the session instead, out of the address.

import { regionPathData } from "./region-path.js";
import { readSession, writeSession } from "./session-store.js";
import { formatMarks, parseMarks, stateHref } from "./state-url.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const ZONES = ["essential", "spillover"];
let indexPromise = null;

/** Fetch once what ranking needs: every trigger point's zones and the region names. */
function referralIndex(url) {
  indexPromise ??= fetch(url, { credentials: "same-origin" }).then((r) => r.json());
  return indexPromise;
}

const MARK_OPACITY = { 1: "0.25", 2: "0.45", 3: "0.68" };

/** Draw marked regions on a figure (presentation attributes, so saved files keep them). */
export function paintMarks(svg, marks) {
  if (!svg) return;
  let layer = svg.querySelector(".pain-marks");
  if (!layer) {
    layer = document.createElementNS(SVG_NS, "g");
    layer.setAttribute("class", "pain-marks");
    layer.setAttribute("aria-hidden", "true");
    svg.querySelector(".zones")?.after(layer);
  }
  const paths = [];
  for (const region of svg.querySelectorAll(".region")) {
    const level = marks.get(region.dataset.region);
    if (!level) {
      region.removeAttribute("data-mark");
      continue;
    }
    region.setAttribute("data-mark", String(level));
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", regionPathData(region));
    path.setAttribute("class", `pain-mark intensity-${level}`);
    for (const [name, value] of [["fill", "#1f5fbf"], ["fill-opacity", MARK_OPACITY[level]], ["stroke", "#123f85"],
      ["stroke-width", "0.9"], ["stroke-dasharray", "3 2"]]) path.setAttribute(name, value);
    paths.push(path);
  }
  layer.replaceChildren(...paths);
}

/** Score every pattern against the marks; the same rule as webapp.referral.rank_drawing. */
export function rank(index, marks) {
  const w = index.weights;
  const found = [];
  for (const tp of index.trigger_points) {
    for (const side of ["left", "right"]) {
      const zoneOf = new Map();
      for (const zone of ZONES) for (const r of tp.zones[side][zone]) if (!zoneOf.has(r)) zoneOf.set(r, zone);
      let score = 0;
      const explained = [];
      const unexplained = [];
      for (const [region, intensity] of marks) {
        const zone = zoneOf.get(region);
        if (!zone) { unexplained.push(region); continue; }
        explained.push([region, zone]);
        score += intensity * (zone === "essential" ? w.essential_match : w.spillover_match);
      }
      if (!explained.length) continue;
      const notMarked = [...zoneOf].filter(([r]) => !marks.has(r));
      for (const [, zone] of notMarked) score -= zone === "essential" ? w.essential_missing : w.spillover_missing;
      const coverage = explained.length / (explained.length + unexplained.length);
      found.push({ tp, side, score: Math.round(score * 100) / 100, explained, unexplained, notMarked, coverage });
    }
  }
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const essential = (c) => c.explained.filter(([, zone]) => zone === "essential").length;
  found.sort((a, b) => b.score - a.score || b.coverage - a.coverage || essential(b) - essential(a)
    || index.prevalence_rank[a.tp.prevalence] - index.prevalence_rank[b.tp.prevalence]
    || cmp(a.tp.muscle_name, b.tp.muscle_name) || cmp(a.tp.label, b.tp.label) || cmp(a.side, b.side));
  return found;
}

function element(tag, text, className) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (className) el.className = className;
  return el;
}

/** The drawing mode of the map page: marks, their layer on the figure, and the ranking. */
export class PainDrawing {
  constructor(map) {
    this.map = map;
    this.panel = document.getElementById("drawing");
    this.toggleButton = document.getElementById("drawing-toggle");
    this.marks = this.keptMarks();
    this.active = false;
    if (!this.panel || !this.toggleButton) return;
    this.toggleButton.hidden = false;
    this.toggleButton.addEventListener("click", () => this.setActive(!this.active));
    this.panel.querySelector("[data-clear-drawing]")?.addEventListener("click", () => this.clear());
    this.panel.addEventListener("click", (e) => this.onPanelClick(e));
    window.addEventListener("hashchange", () => { this.marks = this.keptMarks(); this.render(); });
    this.render();
  }

  /** The drawing: the session's (with any the address brings), else the address's. */
  keptMarks() {
    const fromAddress = parseMarks(location.hash);
    const session = readSession();
    if (!session) return fromAddress;
    if (fromAddress.size) {  // a drawing arriving by a link joins the session and leaves the address
      for (const [region, level] of fromAddress) session.marks.set(region, level);
      writeSession(session);
      this.dropFragment();
    }
    return session.marks;
  }

  dropFragment() {
    if (!location.hash) return;
    const url = new URL(location.href);
    url.hash = "";
    history.replaceState(history.state, "", url.href);
  }

  /** The drawing moves into the session (session.js calls this when a session opens). */
  joinSession() {
    this.marks = this.keptMarks();
    this.save();
  }

  /** The session ended: the drawing is gone from the page too. */
  forget() {
    this.marks = new Map();
    this.dropFragment();
    this.render();
  }

  get enabled() {
    return Boolean(this.panel);
  }

  setActive(active) {
    this.active = active;
    this.toggleButton.setAttribute("aria-pressed", String(active));
    this.map.root.toggleAttribute("data-drawing", active);
    this.render();
    this.map.say(active ? "Pain drawing on: select regions to mark them." : "Pain drawing off.");
  }

  /** Enter, Space, a click or a tap on a region while drawing: cycle 1, 2, 3, off. */
  cycle(regionId, name) {
    const next = ((this.marks.get(regionId) || 0) + 1) % 4;
    if (next) this.marks.set(regionId, next);
    else this.marks.delete(regionId);
    this.save();
    this.map.say(next ? `${name}: marked, intensity ${next} of 3` : `${name}: unmarked`);
  }

  clear() {
    this.marks.clear();
    this.save();
    this.map.say("Pain drawing cleared.");
  }

  onPanelClick(event) {
    const button = event.target.closest("[data-mark-step]");
    if (!button) return;
    const region = button.dataset.region;
    const level = (this.marks.get(region) || 0) + Number(button.dataset.markStep);
    if (level <= 0) this.marks.delete(region);
    else this.marks.set(region, Math.min(level, 3));
    this.save();
  }

  save() {
    const session = readSession();
    if (session) {
      session.marks = this.marks;
      writeSession(session);
      this.dropFragment();
    } else {
      const url = new URL(location.href);
      url.hash = formatMarks(this.marks);
      history.replaceState(history.state, "", url.href);
    }
    this.render();
  }

  /** The fragment to carry along when the map moves to another state (none in a session). */
  get fragment() {
    return readSession() ? "" : formatMarks(this.marks);
  }

  render() {
    if (!this.enabled) return;
    this.paintMarks();
    this.panel.hidden = !(this.active || this.marks.size);
    this.renderPanel();
    document.dispatchEvent(new CustomEvent("drawing:changed"));
  }

  paintMarks() {
    paintMarks(this.map.svg, this.marks);
  }

  async renderPanel() {
    const list = this.panel.querySelector("#drawing-marks");
    const results = this.panel.querySelector("#drawing-results");
    const empty = this.panel.querySelector("#drawing-empty");
    if (!list || !results) return;
    const index = await referralIndex(this.panel.dataset.index);
    const name = (id) => index.regions[id] || id;
    list.replaceChildren(...[...this.marks].map(([region, level]) => this.markItem(region, level, name, index)));
    empty.hidden = this.marks.size > 0;
    this.renderElsewhere(index);
    const ranked = this.marks.size ? rank(index, this.marks).slice(0, 10) : [];
    results.replaceChildren(...ranked.map((c) => this.resultItem(c, name)));
    this.panel.querySelector("#drawing-results-title").hidden = !ranked.length;
    const guide = this.panel.querySelector("#drawing-guide");
    if (guide) guide.hidden = !ranked.length;
  }

  /** The views, other than this one, that hold marks this figure cannot show. */
  elsewhere(index) {
    const here = this.map.svg?.dataset.view;
    const counts = new Map();
    for (const region of this.marks.keys()) {
      const views = index.region_views?.[region] || [];
      if (views.includes(here)) continue;
      const view = Object.keys(index.views || {}).find((v) => views.includes(v));
      if (view) counts.set(view, (counts.get(view) || 0) + 1);
    }
    return counts;
  }

  /** A line that says what is marked on other views, each a link to that view. */
  renderElsewhere(index) {
    const line = this.panel.querySelector("#drawing-elsewhere");
    if (!line) return;
    const counts = this.elsewhere(index);
    line.hidden = !counts.size;
    const parts = [];
    for (const [view, count] of counts) {
      const link = element("a", `${index.views[view]} (${count})`);
      link.href = stateHref(this.panel.dataset.base, { ...this.map.viewArgs(), view }) + this.fragment;
      link.setAttribute("data-nav", "");
      parts.push(link, ", ");
    }
    parts.pop();
    line.replaceChildren("Also marked on other views: ", ...parts, ".");
  }

  markItem(region, level, name, index) {
    const li = element("li", undefined, "mark-item");
    li.dataset.region = region;
    li.append(element("span", name(region), "mark-name"), element("span", `intensity ${level}`, "mark-level"));
    const views = index.region_views?.[region] || [];
    if (!views.includes(this.map.svg?.dataset.view) && views.length) {
      li.append(element("span", `on the ${index.views[views[0]]} view`, "mark-view"));
    }
    for (const [step, label] of [[-1, "−"], [1, "+"]]) {
      const button = element("button", label, "mark-step");
      button.type = "button";
      button.dataset.markStep = String(step);
      button.dataset.region = region;
      button.setAttribute("aria-label", `${step > 0 ? "More" : "Less"} pain: ${name(region)}`);
      if (step > 0 && level === 3) button.disabled = true;
      li.append(button);
    }
    return li;
  }

  resultItem(candidate, name) {
    const li = element("li", undefined, "candidate");
    li.dataset.triggerPoint = candidate.tp.id;
    li.dataset.side = candidate.side;
    const link = element("a", `${candidate.tp.muscle_name} ${candidate.tp.label}, ${candidate.side}`);
    const args = { ...this.map.viewArgs(), tp: candidate.tp.id, side: candidate.side };
    link.href = stateHref(this.panel.dataset.base, args) + this.fragment;
    link.setAttribute("data-nav", "");
    const head = element("p", undefined, "candidate-head");
    head.append(link, element("span", `score ${candidate.score}`, "score"));
    const explained = candidate.explained.map(([r, z]) => `${name(r)} (${z})`).join(", ");
    const details = element("dl", undefined, "compact");
    details.append(element("dt", `Explains ${candidate.explained.length} of ${this.marks.size}`), element("dd", explained));
    if (candidate.unexplained.length) {
      details.append(element("dt", "Does not explain"), element("dd", candidate.unexplained.map(name).join(", ")));
    }
    if (candidate.notMarked.length) {
      const missing = candidate.notMarked.map(([r, z]) => `${name(r)} (${z})`).join(", ");
      details.append(element("dt", "In its pattern, not marked"), element("dd", missing));
    }
    li.append(head, details);
    return li;
  }
}
