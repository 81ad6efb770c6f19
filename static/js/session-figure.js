// What a session's picks explain together, and their zones painted on a figure. Shared by the map's
// session tray (session.js) and the session handout (session-handout.js). Pure of storage and requests:
// it works on the whole-atlas indexes and zone shapes the callers fetched.

import { regionPathData } from "./region-path.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** An HTML element with attributes (`text` sets its text) and children: the tray and the handout build with it. */
export function element(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") el.textContent = value;
    else el.setAttribute(name, value);
  }
  el.append(...children);
  return el;
}
const ZONES = ["essential", "spillover"];

/** The picks' zones together: region -> essential, if any pick has it essential, else spillover. */
export function zonesTogether(index, picks) {
  const byId = new Map(index.trigger_points.map((tp) => [tp.id, tp]));
  const zoneOf = new Map();
  for (const pick of picks) {
    const tp = byId.get(pick.tp);
    if (!tp) continue;
    for (const zone of ZONES) {
      for (const region of tp.zones[pick.side][zone]) {
        if (zoneOf.get(region) !== "essential") zoneOf.set(region, zone);
      }
    }
  }
  return zoneOf;
}

/** The ranking's terms (static/js/drawing.js rank, webapp/queries/referral.py) for the picks as one pattern. */
export function explainTogether(index, picks, marks) {
  const w = index.weights;
  const zoneOf = zonesTogether(index, picks);
  const explained = [];
  const unexplained = [];
  let score = 0;
  for (const [region, intensity] of marks) {
    const zone = zoneOf.get(region);
    if (!zone) { unexplained.push(region); continue; }
    explained.push([region, zone]);
    score += intensity * (zone === "essential" ? w.essential_match : w.spillover_match);
  }
  const notMarked = [...zoneOf].filter(([region]) => !marks.has(region));
  for (const [, zone] of notMarked) score -= zone === "essential" ? w.essential_missing : w.spillover_missing;
  return { zoneOf, explained, unexplained, notMarked, score: Math.round(score * 100) / 100 };
}

/** Paint every pick's zones on `svg` (spillover under essential), from the view's zone shapes of
 * each side ({left: {"tp side": {essential, spillover}}, right: ...}). A view has shapes only for
 * the markers it draws: for a pick not drawn here, its zone's regions are painted as they are
 * (from the referral index). Replaces an earlier layer. */
export function paintSessionZones(svg, picks, shapesBySide, index = null) {
  const layer = svg?.querySelector(".zones");
  if (!layer) return;
  layer.querySelector(".session-zones")?.remove();
  if (!picks.length) return;
  const byId = new Map((index?.trigger_points || []).map((tp) => [tp.id, tp]));
  const regionPath = (id) => regionPathData(svg.querySelector(`.region[data-region="${id}"]`));
  const group = document.createElementNS(SVG_NS, "g");
  group.setAttribute("class", "session-zones");
  for (const zone of ["spillover", "essential"]) {
    const model = layer.querySelector(`:scope > .zone-${zone}`);
    for (const pick of picks) {
      let d = shapesBySide[pick.side]?.[`${pick.tp} ${pick.side}`]?.[zone];
      if (!d && byId.has(pick.tp)) d = byId.get(pick.tp).zones[pick.side][zone].map(regionPath).join("");
      if (!d) continue;
      const path = model ? model.cloneNode(false) : document.createElementNS(SVG_NS, "path");
      path.removeAttribute("visibility");
      path.setAttribute("d", d);
      if (!model) path.setAttribute("fill", zone === "essential" ? "#c8102e" : "url(#stipple)");
      path.classList.add("session-zone", `zone-${zone}`);
      if (zone === "essential") path.setAttribute("fill-opacity", "0.8");
      group.append(path);
    }
  }
  layer.append(group);
}

/** Ring the picks' markers on a figure (and only them, where `only` is set). */
export function markPicks(svg, picks, { only = false } = {}) {
  const keys = new Set(picks.map((p) => `${p.tp} ${p.side}`));
  for (const marker of svg?.querySelectorAll(".trigger-point") || []) {
    const picked = keys.has(`${marker.dataset.triggerPoint} ${marker.dataset.side}`);
    marker.classList.toggle("session-pick", picked);
    if (only && !picked) marker.remove();
  }
}

/** The views a handout needs: the fewest, in the atlas's order, that show every region of the
 * picks' zones and of the drawing (essential regions count double), and each pick's marker. */
export function viewsNeeded(handoutIndex, referralIndex, picks, marks) {
  const zoneOf = zonesTogether(referralIndex, picks);
  const weight = new Map([...zoneOf].map(([r, z]) => [r, z === "essential" ? 2 : 1]));
  for (const region of marks.keys()) weight.set(region, Math.max(weight.get(region) || 0, 2));
  const todo = new Map([...weight].filter(([r]) => (referralIndex.region_views[r] || []).length));
  const views = Object.keys(referralIndex.views);
  const chosen = [];
  while (todo.size && chosen.length < views.length) {
    const gain = (v) => [...todo].reduce((sum, [r, w]) => sum + (referralIndex.region_views[r].includes(v) ? w : 0), 0);
    const best = views.filter((v) => !chosen.includes(v)).sort((a, b) => gain(b) - gain(a))[0];
    if (!gain(best)) break;
    chosen.push(best);
    for (const r of [...todo.keys()]) if (referralIndex.region_views[r].includes(best)) todo.delete(r);
  }
  if (!chosen.length) chosen.push(handoutIndex.trigger_points[picks[0]?.tp]?.views[0] || views[0]);
  return views.filter((v) => chosen.includes(v));
}
