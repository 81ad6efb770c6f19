// The session handout, written in the browser from this tab's session (session-store.js): the
// client's words, one figure per view needed with every pick's zones over the pain drawing, each
// pick's place and zone, self-care grouped by muscle, the safety advice, the date and room for
// notes. It fetches the same whole-atlas files whatever the session holds, so no request names a pick.

import { paintMarks } from "./drawing.js";
import { readSession } from "./session-store.js";
import { element, markPicks, paintSessionZones, viewsNeeded } from "./session-figure.js";

const CHECK = "Check with your own therapist that these exercises suit you.";
const get = (url, as) => fetch(url, { credentials: "same-origin" }).then((r) => (r.ok ? r[as]() : Promise.reject(r.status)));

/** One view's figure: only the picks' markers, their zones, the drawing; nothing to click. */
function figureOf(text, view, viewName, picks, marks, shapes, referral) {
  const svg = document.importNode(new DOMParser().parseFromString(text, "image/svg+xml").documentElement, true);
  markPicks(svg, picks, { only: true });
  paintMarks(svg, marks);
  paintSessionZones(svg, picks, shapes, referral);
  svg.querySelector(".regions")?.remove();
  for (const link of svg.querySelectorAll("a")) {  // markers become plain drawings
    const group = document.createElementNS("http://www.w3.org/2000/svg", "g");
    for (const name of ["class", "transform"]) if (link.hasAttribute(name)) group.setAttribute(name, link.getAttribute(name));
    group.append(...link.childNodes);
    link.replaceWith(group);
  }
  for (const el of svg.querySelectorAll("[id]")) {  // three figures in one page: ids stay unique
    const id = el.id;
    el.id = `${id}-${view}`;
    for (const user of svg.querySelectorAll(`[fill="url(#${id})"]`)) user.setAttribute("fill", `url(#${id}-${view})`);
    for (const user of svg.querySelectorAll(`use[href="#${id}"]`)) user.setAttribute("href", `#${id}-${view}`);  // the outline
  }
  svg.querySelector("title")?.remove();
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `${viewName} view: your sore spots (crosses), where they may send pain (red) and where you marked pain (blue).`);
  svg.removeAttribute("tabindex");
  const figure = element("figure", { class: "session-figure" }, svg, element("figcaption", { text: `${viewName} view` }));
  return figure;
}

function pickItem(pick, number, words, referral) {
  const tp = words.trigger_points[pick.tp];
  const muscle = words.muscles[tp.muscle];
  const zones = referral.trigger_points.find((t) => t.id === pick.tp).zones[pick.side];
  const felt = [...zones.essential.map((r) => words.regions[r].toLowerCase()),
    ...zones.spillover.filter((r) => !zones.essential.includes(r)).map((r) => `${words.regions[r].toLowerCase()} (sometimes)`)];
  return element("li", { class: "session-pick-text" },
    element("h3", { text: `${number}. ${muscle.plain_name[0].toUpperCase()}${muscle.plain_name.slice(1)}, your ${pick.side} side` }),
    element("p", {}, element("strong", { text: "Where it is: " }), tp.location),
    element("p", {}, element("strong", { text: "Where you may feel it: " }), `${felt.join("; ")}.`));
}

/** Self-care once per muscle, however many of its trigger points the session holds; one flow in
 * columns (each exercise kept whole, a muscle's name kept with its first), so no space is lost. */
function careOf(picks, words) {
  const muscles = [...new Set(picks.map((p) => words.trigger_points[p.tp].muscle))];
  const flow = element("div", { class: "care-flow" });
  for (const m of muscles.filter((id) => words.muscles[id].self_care.length)) {
    const muscle = words.muscles[m];
    const numbers = picks.map((p, i) => (words.trigger_points[p.tp].muscle === m ? i + 1 : 0)).filter(Boolean);
    const name = `${muscle.plain_name[0].toUpperCase()}${muscle.plain_name.slice(1)}`;
    muscle.self_care.forEach((care, i) => {
      const item = element("section", { class: "care-item", "data-muscle": m });
      if (i === 0) item.append(element("h3", { text: `${name} (spot ${numbers.join(" and ")})` }));
      item.append(element("h4", { text: care.title }),
        element("ol", {}, ...care.steps.map((step) => element("li", { text: step }))),
        element("p", { class: "dose", text: care.dose }));
      flow.append(item);
    });
  }
  return element("section", { class: "handout-care" }, element("h2", { text: "What you can do" }), flow);
}

function safetyOf(picks, words) {
  const texts = [...new Set(picks.map((p) => words.muscles[words.trigger_points[p.tp].muscle].safety))];
  const sentences = [];
  for (const text of texts) {
    for (const sentence of text.match(/[^.!?]+[.!?]+/g) || [text]) {
      const s = sentence.trim();
      if (s && !/own therapist/i.test(s) && !sentences.includes(s)) sentences.push(s);
    }
  }
  return element("p", { class: "safety", text: [...sentences, CHECK].join(" ") });
}

export async function writeHandout(page) {
  const print = document.getElementById("print-handout");
  print.hidden = false;
  print.addEventListener("click", () => window.print());
  const today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  const session = readSession();
  document.getElementById("handout-meta").textContent = today;
  if (!session?.picks.length) return;
  const figures = page.dataset.figures.split(" ");
  const shapes = page.dataset.shapes.split(" ");
  const [words, referral, svgs, zoneShapes] = await Promise.all([
    get(page.dataset.index, "json"), get(page.dataset.referralIndex, "json"),
    Promise.all(figures.map((url) => get(url, "text"))), Promise.all(shapes.map((url) => get(url, "json"))),
  ]);
  const picks = session.picks.filter((p) => words.trigger_points[p.tp]);
  const views = Object.keys(referral.views);
  const needed = viewsNeeded(words, referral, picks, session.marks);
  const figureRow = element("div", { class: `session-figures views-${needed.length} picks-${picks.length > 3 ? "many" : "few"}` }, ...needed.map((view) => {
    const at = views.indexOf(view);
    const sides = { left: zoneShapes[2 * at].zones, right: zoneShapes[2 * at + 1].zones };
    return figureOf(svgs[at], view, referral.views[view], picks, session.marks, sides, referral);
  }));
  const text = element("div", { class: "session-text" });
  if (session.words.trim()) {
    text.append(element("h2", { text: "In your words" }), element("blockquote", { class: "client-words", text: session.words.trim() }));
  }
  text.append(element("h2", { text: picks.length > 1 ? "The sore spots we found" : "The sore spot we found" }),
    element("ol", { class: "session-pick-list" }, ...picks.map((p, i) => pickItem(p, i + 1, words, referral))),
    element("p", { class: "legend-line", text: "On the figure: ✕ a sore spot; solid red where it usually sends pain, dotted red where it sometimes does; blue where you marked pain." }));
  const notes = element("section", { class: "notes" }, element("h2", { text: "Notes from your therapist" }),
    element("div", { class: "note-lines", "aria-hidden": "true" }, element("div"), element("div"), element("div")));
  const content = document.getElementById("handout-content");
  content.replaceChildren(element("div", { class: "session-top" }, figureRow, text), careOf(picks, words), safetyOf(picks, words), notes);
  document.getElementById("handout-title").textContent = "Your session: where your pain may come from";
  document.getElementById("handout-meta").textContent = `${today} · ${picks.length} sore spot${picks.length > 1 ? "s" : ""}`;
  document.getElementById("handout-empty").hidden = true;
  content.hidden = false;
  page.dataset.ready = "";
}
