// Saving the figure as it is on screen (pain drawing included) as an SVG or PNG file.

/** The figure as a standalone SVG document, its links and interaction hooks left out. */
export function standaloneSvg(svg) {
  const copy = svg.cloneNode(true);
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  const box = svg.viewBox.baseVal;
  copy.setAttribute("width", String(Math.round(box.width * 2)));
  copy.setAttribute("height", String(Math.round(box.height * 2)));
  copy.querySelectorAll("[tabindex]").forEach((el) => el.removeAttribute("tabindex"));
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadSvg(svg, name) {
  save(new Blob([standaloneSvg(svg)], { type: "image/svg+xml" }), `${name}.svg`);
}

/** Render the SVG at print resolution on a white canvas and save it as PNG. */
export async function downloadPng(svg, name, scale = 3) {
  const box = svg.viewBox.baseVal;
  const url = URL.createObjectURL(new Blob([standaloneSvg(svg)], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round((box.width / box.height) * 1200 * (scale / 3));
    canvas.height = Math.round(1200 * (scale / 3));
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    save(blob, `${name}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}
