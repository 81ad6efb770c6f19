// Entry point: wires the controllers a page needs. Every page works without it.

import { BodyMap } from "./map.js";
import { downloadPng, downloadSvg } from "./figure.js";
import { parseMarks, paintMarks } from "./drawing.js";

function fileName(svg) {
  const params = new URLSearchParams(location.search);
  return ["referral-map", svg.dataset.view, params.get("tp"), params.get("region"), svg.dataset.side]
    .filter(Boolean).join("-");
}

function wireDownloads(getSvg) {
  const svgLink = document.querySelector("[data-download-svg]");
  svgLink?.addEventListener("click", (event) => {
    if (!parseMarks(location.hash).size) return;  // the server's file is the same without a drawing
    event.preventDefault();
    downloadSvg(getSvg(), fileName(getSvg()));
  });
  const png = document.getElementById("download-png");
  if (png) {
    png.hidden = false;
    png.addEventListener("click", () => downloadPng(getSvg(), fileName(getSvg())));
  }
}

function startHandout(page) {
  const svg = () => page.querySelector("svg.body-map");
  paintMarks(svg(), parseMarks(location.hash));
  const print = document.getElementById("print-handout");
  print.hidden = false;
  print.addEventListener("click", () => window.print());
  wireDownloads(svg);
}

const mapRoot = document.querySelector("[data-body-map]");
if (mapRoot) {
  const map = new BodyMap(mapRoot);
  map.start();
  wireDownloads(() => map.svg);
}
const handout = document.querySelector("[data-handout-page]");
if (handout) startHandout(handout);
