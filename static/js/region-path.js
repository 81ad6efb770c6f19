// Region hit areas as path data, for the scripts that paint zones or marks from them.

/** The x of every point of compact path data (M absolute; c, l relative; z) mirrored about x = axis2 / 2. */
function mirrorPathData(d, axis2) {
  let command = "";
  let index = 0;
  return d.replace(/[MmCcLlZz]|-?(?:\d+\.?\d*|\.\d+)/g, (token) => {
    if (/[A-Za-z]/.test(token)) {
      [command, index] = [token, 0];
      return token;
    }
    const value = Number(token);
    const isX = index++ % 2 === 0;
    const out = !isX ? value : command === "M" ? axis2 - value : -value;
    return ` ${Math.round(out * 10) / 10}`;
  });
}

/** A region's path data in figure units: its own path, or its twin's mirrored (a `<use>`, see
 * `_region_path` in webapp/drawing/render.py). */
export function regionPathData(region) {
  const shape = region?.firstElementChild;
  if (!shape) return "";
  if (shape.localName !== "use") return shape.getAttribute("d") || "";
  const twin = shape.ownerSVGElement?.querySelector(`[id="${shape.getAttribute("href").slice(1)}"]`);
  const axis2 = Number(/matrix\(-1 0 0 1 ([\d.]+) 0\)/.exec(shape.getAttribute("transform") || "")?.[1]);
  return twin && axis2 ? mirrorPathData(twin.getAttribute("d") || "", axis2) : "";
}

/** Draw each mirrored region as a path of its own, from the same data as its `<use>`: the figure
 * then has no transform per region, so a hover's repaint has far fewer paint chunks to layerize.
 * The page sends `<use>`s (a third fewer bytes); this runs at idle or before a figure joins the page. */
export function flattenMirroredRegions(svg) {
  for (const use of svg.querySelectorAll(".region > use")) {
    const path = use.ownerDocument.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", regionPathData(use.parentNode));
    use.replaceWith(path);
  }
}
