// Entry point: wires the controllers a page needs. Every page works without it.
// The first view loads only the map; the search (with Fuse.js), the figure downloads and the
// pain drawing are imported when they are first used (see drawing-on-demand.js).

import { BodyMap } from "./map.js";
import { currentArgs, hasSession, isMapPath, parseMarks } from "./state-url.js";

document.documentElement.classList.add("js");  // shows what only works with scripts (Add to session)

function fileName(svg) {
  const args = currentArgs();
  return ["referral-map", svg.dataset.view, args.tp, args.region, svg.dataset.side]
    .filter(Boolean).join("-");
}

/** Save the figure as it is now: figure.js is imported on the first save. */
async function saveFigure(getSvg, painted, format) {
  const [{ downloadPng, downloadSvg }] = await Promise.all([import("./figure.js"), painted()]);
  const svg = getSvg();
  (format === "png" ? downloadPng : downloadSvg)(svg, fileName(svg));
}

/** `painted()` resolves once a drawing from the address is on the figure. */
function wireDownloads(getSvg, painted) {
  const svgLink = document.querySelector("[data-download-svg]");
  svgLink?.addEventListener("click", (event) => {
    // The server's file is the same without a drawing; a static export has no server to draw it.
    if (!parseMarks(location.hash).size && !("export" in document.documentElement.dataset)) return;
    event.preventDefault();  // now: after an await it would be too late to keep the link from opening
    saveFigure(getSvg, painted, "svg");
  });
  const png = document.getElementById("download-png");
  if (png) {
    png.hidden = false;
    png.addEventListener("click", () => saveFigure(getSvg, painted, "png"));
  }
}

function startHandout(page) {
  const svg = () => page.querySelector("svg.body-map");
  // the drawing comes in the address, or, in a session, from this tab's session storage
  const kept = parseMarks(location.hash).size || !hasSession() ? Promise.resolve(parseMarks(location.hash))
    : import("./session-store.js").then(({ readSession }) => readSession()?.marks || new Map());
  const painted = kept.then((marks) => (marks.size
    ? import("./drawing.js").then(({ paintMarks }) => paintMarks(svg(), marks)) : null));
  const print = document.getElementById("print-handout");
  print.hidden = false;
  print.addEventListener("click", () => window.print());
  wireDownloads(svg, () => painted);
}

/** The type-ahead: search.js and Fuse.js are imported at the first focus, press or input in the box.
 * Keys typed while they load stay in the box and are searched once they are there; until then
 * Enter submits the form to /search, as without scripts. */
function searchOnDemand(form, navigate) {
  const input = form.querySelector("[role=combobox]");
  const triggers = ["focus", "pointerdown", "input"];
  const start = () => {
    triggers.forEach((type) => input.removeEventListener(type, start));
    import("./search.js").then(({ SearchBox }) => {
      const box = new SearchBox(form, navigate);
      box.load();
      if (input.value.trim() && document.activeElement === input) box.update();
    }, () => triggers.forEach((type) => input.addEventListener(type, start)));  // offline: try again later
  };
  triggers.forEach((type) => input.addEventListener(type, start));
  if (document.activeElement === input || input.value) start();  // in use before this script ran
}

/** The "More" tools: a disclosure button (W3C ARIA APG) over a group of buttons. Escape or a
 * press outside closes it; a zoom step leaves it open for the next one. */
function wireMenu(button, menu) {
  if (!button || !menu) return;
  const setOpen = (open, focusButton = false) => {
    button.setAttribute("aria-expanded", String(open));
    menu.hidden = !open;
    if (!open && focusButton) button.focus();
  };
  button.hidden = false;
  menu.classList.add("popup");
  setOpen(false);
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  const container = button.parentElement;
  container.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !menu.hidden) setOpen(false, true);
  });
  menu.addEventListener("click", (event) => {
    const item = event.target.closest("button, a");
    if (item && !item.hasAttribute("data-zoom-step")) setOpen(false);
  });
  document.addEventListener("pointerdown", (event) => { if (!container.contains(event.target)) setOpen(false); });
  container.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !container.contains(event.relatedTarget)) setOpen(false);
  });
}

/** The session with a client: session.js is imported at the first "Add to session", or at once
 * when this tab already holds a session. */
function sessionOnDemand(bodyMap) {
  let tray = null;
  const load = () => (tray ??= import("./session.js").then(({ SessionTray }) => new SessionTray(bodyMap)));
  document.addEventListener("click", (event) => {
    const add = event.target.closest("[data-session-add]");
    if (!add) return;
    event.preventDefault();
    load().then((t) => t.toggle(add.dataset.tp, add.dataset.side));
  });
  if (hasSession()) load();
}

const mapRoot = document.querySelector("[data-body-map]");
let map = null;
if ("export" in document.documentElement.dataset) {  // a static export: the shared figure and blocks
  await import("./export-page.js").then(({ composePage }) => composePage(document)).catch(() => {});
}
if (mapRoot) {
  map = new BodyMap(mapRoot);
  map.start();
  wireDownloads(() => map.svg, () => map.drawing.whenLoaded());
  wireMenu(document.getElementById("more-toggle"), document.getElementById("more-menu"));
  sessionOnDemand(map);
}
const searchForm = document.querySelector("form.search[data-index]");
if (searchForm) {
  // On the map, a result opens its state in place; elsewhere it opens the map.
  searchOnDemand(searchForm, (url) => {
    const target = new URL(url);
    if (map && isMapPath(target.pathname)) map.navigate(url, { push: true });
    else location.assign(url);
  });
}
const handout = document.querySelector("[data-handout-page]");
if (handout) startHandout(handout);
const sessionHandout = document.querySelector("[data-session-handout]");
if (sessionHandout) import("./session-handout.js").then(({ writeHandout }) => writeHandout(sessionHandout));

// Offline after the first visit (webapp/web/offline.py); a static export has no worker to register.
if ("serviceWorker" in navigator && !("export" in document.documentElement.dataset)) {
  navigator.serviceWorker.register("/sw.js").catch(() => {});
}
