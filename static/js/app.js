// Entry point: wires the controllers a page needs. Every page works without it.

import { BodyMap } from "./map.js";
import { downloadPng, downloadSvg } from "./figure.js";
import { SearchBox } from "./search.js";
import { currentArgs, isMapPath, parseMarks } from "./state-url.js";

function fileName(svg) {
  const args = currentArgs();
  return ["referral-map", svg.dataset.view, args.tp, args.region, svg.dataset.side]
    .filter(Boolean).join("-");
}

/** `painted()` resolves once a drawing from the address is on the figure. */
function wireDownloads(getSvg, painted) {
  const svgLink = document.querySelector("[data-download-svg]");
  svgLink?.addEventListener("click", async (event) => {
    // The server's file is the same without a drawing; a static export has no server to draw it.
    if (!parseMarks(location.hash).size && !("export" in document.documentElement.dataset)) return;
    event.preventDefault();  // now: after an await it would be too late to keep the link from opening
    await painted();
    downloadSvg(getSvg(), fileName(getSvg()));
  });
  const png = document.getElementById("download-png");
  if (png) {
    png.hidden = false;
    png.addEventListener("click", async () => {
      await painted();
      downloadPng(getSvg(), fileName(getSvg()));
    });
  }
}

function startHandout(page) {
  const svg = () => page.querySelector("svg.body-map");
  const marks = parseMarks(location.hash);
  const painted = marks.size
    ? import("./drawing.js").then(({ paintMarks }) => paintMarks(svg(), marks)) : Promise.resolve();
  const print = document.getElementById("print-handout");
  print.hidden = false;
  print.addEventListener("click", () => window.print());
  wireDownloads(svg, () => painted);
}

const mapRoot = document.querySelector("[data-body-map]");
let map = null;
if (mapRoot) {
  map = new BodyMap(mapRoot);
  map.start();
  wireDownloads(() => map.svg, () => map.drawing.whenLoaded());
}
const searchForm = document.querySelector("form.search[data-index]");
if (searchForm) {
  // On the map, a result opens its state in place; elsewhere it opens the map.
  new SearchBox(searchForm, (url) => {
    const target = new URL(url);
    if (map && isMapPath(target.pathname)) map.navigate(url, { push: true });
    else location.assign(url);
  });
}
const handout = document.querySelector("[data-handout-page]");
if (handout) startHandout(handout);

// Offline after the first visit (webapp/offline.py); a static export has no worker to register.
if ("serviceWorker" in navigator && !("export" in document.documentElement.dataset)) {
  navigator.serviceWorker.register("/sw.js").catch(() => {});
}
