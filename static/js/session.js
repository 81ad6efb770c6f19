// The session tray: the trigger points a clinician picks in a treatment (muscle, trigger point,
// side), their zones all at once on the map over the pain drawing, what together they explain,
// the client's words, the session handout and "End session". Imported on first use (app.js).
// Everything stays in this tab (session-store.js); the only requests are whole-atlas indexes
// and zone shapes of the view on screen, both sides, which name no pick.

import { clearStorages, isEnding, markEnding, newSession, readSession, writeSession } from "./session-store.js";
import { element, explainTogether, markPicks, paintSessionZones } from "./session-figure.js";
import { parseMarks } from "./state-url.js";

const MAX_PICKS = 5;
const answers = new Map();
const json = (url) => {
  if (!answers.has(url)) answers.set(url, fetch(url, { credentials: "same-origin" }).then((r) => (r.ok ? r.json() : null)));
  return answers.get(url);
};

export function loadStyle(href) {
  if (!href || document.querySelector(`link[href="${href}"]`)) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  document.head.append(link);
}

/** A name for a pick in the current audience's words. */
export function pickName(pick, index, words, client) {
  const tp = index.trigger_points.find((t) => t.id === pick.tp);
  const plain = words.trigger_points[pick.tp];
  if (!tp || !plain) return pick.tp;
  const muscle = words.muscles[tp.muscle].plain_name;
  if (client) return `${muscle[0].toUpperCase()}${muscle.slice(1)}: ${plain.name.toLowerCase()}`;
  return `${tp.muscle_name} ${tp.label}`;
}

export class SessionTray {
  constructor(map) {
    this.map = map;
    this.client = document.body.classList.contains("audience-client");
    const drawing = document.getElementById("drawing");
    [this.wordsUrl, this.handoutUrl, this.styleUrl] = (drawing?.dataset.session || "").split(" ");
    this.indexUrl = drawing?.dataset.index;
    loadStyle(this.styleUrl);
    this.tray = this.build();
    document.querySelector(".panel-column")?.prepend(this.tray);
    map.root.addEventListener("map:swapped", () => this.render());
    document.addEventListener("drawing:changed", () => this.renderExplained());
    if (isEnding()) this.finishEnd();
    else this.render();
  }

  get session() {
    return readSession();
  }

  build() {
    const tray = element("section", { class: "card session-tray", id: "session-tray", "aria-labelledby": "session-title" });
    this.count = element("span", { class: "session-count" });
    this.list = element("ol", { class: "session-picks", "aria-label": "Trigger points in this session" });
    this.empty = element("p", { class: "empty", text: "Nothing picked yet: select a trigger point and choose Add to session." });
    this.showAll = element("button", { type: "button", class: "tool", "aria-pressed": "true", text: "All zones on the map" });
    this.showAll.addEventListener("click", () => this.update((s) => { s.showAll = !s.showAll; }));
    this.explained = element("div", { class: "session-explained", "aria-live": "polite" });
    this.words = element("textarea", { id: "session-words", rows: "2", maxlength: "600", autocomplete: "off" });
    this.words.addEventListener("input", () => this.update((s) => { s.words = this.words.value; }, false));
    const handout = element("a", { class: "button-link", href: this.handoutUrl || "/session/handout", id: "session-handout",
      text: "Session handout" });
    // a static export has no page to write the session handout in (it needs the server's figures)
    if ("export" in document.documentElement.dataset) handout.hidden = true;
    const end = element("button", { type: "button", class: "tool session-end", id: "session-end", text: "End session" });
    end.addEventListener("click", () => this.end());
    this.list.addEventListener("click", (event) => {
      const remove = event.target.closest("[data-remove]");
      if (remove) this.toggle(remove.dataset.tp, remove.dataset.side);
    });
    tray.append(
      element("h2", { id: "session-title" }, "This session ", this.count),
      this.list, this.empty,
      element("p", { class: "session-tools" }, this.showAll),
      this.explained,
      element("label", { for: "session-words", text: this.client ? "Your words (for your handout)" : "The client's words (for the handout)" }),
      this.words,
      element("p", { class: "session-tools" }, handout, end),
      element("p", { class: "help", text: "Kept in this browser tab only, never sent to the server. End session clears it all." }),
    );
    return tray;
  }

  /** Change the kept session and show it (`show`: re-render all, not only the buttons). */
  update(change, show = true) {
    const session = this.session;
    if (!session) return;
    change(session);
    writeSession(session);
    if (show) this.render();
  }

  /** Add a pick, or take it out when it is in already; the first pick opens the session. */
  toggle(tp, side) {
    let session = this.session;
    if (!session) {
      const drawing = this.map.drawing?.drawing;
      session = newSession(drawing ? new Map(drawing.marks) : parseMarks(location.hash));
      writeSession(session);
      drawing?.joinSession();
      if (!drawing && location.hash) history.replaceState(history.state, "", location.href.split("#")[0]);
    }
    const at = session.picks.findIndex((p) => p.tp === tp && p.side === side);
    if (at >= 0) session.picks.splice(at, 1);
    else if (session.picks.length >= MAX_PICKS) {
      this.map.say(`A session holds up to ${MAX_PICKS} trigger points: remove one first.`);
      return;
    } else session.picks.push({ tp, side });
    writeSession(session);
    this.render();
    this.map.say(at >= 0 ? "Taken out of the session." : `Added to the session: ${session.picks.length} picked.`);
  }

  async render() {
    const session = this.session;
    this.tray.hidden = !session;
    this.renderButtons(session);
    this.renderMap(session);
    if (!session) return;
    this.count.textContent = `(${session.picks.length})`;
    this.empty.hidden = session.picks.length > 0;
    this.showAll.setAttribute("aria-pressed", String(session.showAll));
    if (document.activeElement !== this.words) this.words.value = session.words;
    const [index, words] = await Promise.all([json(this.indexUrl), json(this.wordsUrl)]);
    if (!index || !words) return;
    this.list.replaceChildren(...session.picks.map((pick) => {
      const name = pickName(pick, index, words, this.client);
      const side = this.client ? `your ${pick.side}` : pick.side;
      return element("li", { class: "session-pick", "data-tp": pick.tp, "data-side": pick.side },
        element("span", { class: "pick-name", text: name }), element("span", { class: "pick-side", text: side }),
        element("button", { type: "button", class: "tool", "data-remove": "", "data-tp": pick.tp, "data-side": pick.side,
          "aria-label": `Remove ${name}, ${side}, from the session`, text: "Remove" }));
    }));
    this.renderExplained();
  }

  renderButtons(session) {
    for (const button of document.querySelectorAll("[data-session-add]")) {
      const picked = session?.picks.some((p) => p.tp === button.dataset.tp && p.side === button.dataset.side);
      button.textContent = picked ? "Remove from session" : "Add to session";
    }
  }

  /** The picks' zones over the drawing on the map (from the view's shapes of both sides). */
  async renderMap(session) {
    const svg = this.map.svg;
    const picks = session?.showAll ? session.picks : [];
    markPicks(svg, session ? session.picks : []);
    const url = svg?.closest("[data-zones]")?.dataset.zones;
    if (!picks.length || !url) {
      paintSessionZones(svg, [], {});
      this.map.root.toggleAttribute("data-session-zones", false);
      return;
    }
    const [left, right, index] = await Promise.all([
      ...["left", "right"].map((side) => json(url.replace(/(left|right)(\.json)?$/, `${side}$2`))),
      json(this.indexUrl)]);  // the export's files end in .json
    if (svg !== this.map.svg) return;  // moved on meanwhile
    paintSessionZones(svg, picks, { left: left?.zones, right: right?.zones }, index);
    this.map.root.toggleAttribute("data-session-zones", true);
  }

  async renderExplained() {
    const session = this.session;
    if (!session) return;
    const index = await json(this.indexUrl);
    if (!index) return;
    const names = this.client ? (await json(this.wordsUrl))?.regions || index.regions : index.regions;
    const name = (id) => names[id] || id;
    const marks = session.marks;
    if (!session.picks.length || !marks.size) {
      this.explained.replaceChildren(element("p", { class: "help", text: session.picks.length
        ? "Mark the pain drawing to see what these picks explain together." : "" }));
      return;
    }
    const t = explainTogether(index, session.picks, marks);
    const list = (items) => items.map(([r, z]) => (z ? `${name(r)} (${z})` : name(r))).join(", ");
    const facts = element("dl", { class: "compact" },
      element("dt", { text: `Together they explain ${t.explained.length} of ${marks.size} marked` }),
      element("dd", { text: list(t.explained) || "none" }));
    if (t.unexplained.length) {
      facts.append(element("dt", { text: "Still unexplained" }), element("dd", { text: t.unexplained.map(name).join(", ") }));
    }
    if (t.notMarked.length) facts.append(element("dt", { text: "In their patterns, not marked" }), element("dd", { text: list(t.notMarked) }));
    facts.append(element("dt", { text: "Score together" }), element("dd", { text: String(t.score) }));
    this.explained.replaceChildren(facts);
  }

  /** Clear the picks, the drawing, the words and every storage; go back to this document's first
   * history entry and overwrite it, so neither a reload nor Back brings any of it back. */
  async end() {
    await clearStorages();
    this.words.value = "";
    const drawing = this.map.drawing?.drawing;
    if (drawing?.active) drawing.setActive(false);
    drawing?.forget();
    const back = history.state?.index || 0;
    if (back > 0) {
      markEnding();  // if the first entry is another document (after a reload), it finishes
      await this.map.traverse(-back);  // the map does not follow: finishEnd shows the start
    }
    await this.finishEnd();
  }

  /** At this document's first entry: overwrite it, and drop every entry after it with a new one. */
  async finishEnd() {
    await clearStorages();
    const base = new URL(document.getElementById("drawing")?.dataset.base || "/", location.href).href;
    history.replaceState({ map: true, index: 0 }, "", base);
    await this.map.drawing?.whenLoaded();
    this.map.drawing?.drawing?.forget();
    await this.map.navigate(base, { push: true });
    this.render();
    // after the swap's own announcement (it may land a frame later), so this is what is heard
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    this.map.say("Session ended: the picks, the drawing and the words are cleared from this browser.");
    document.getElementById("panel")?.focus();
  }
}
