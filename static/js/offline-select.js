// A page the service worker wrote from an offline bundle (webapp/web/offline_bundles.py) carries the
// state's own panel and toolbar but not its own figure: it has the figure the state is selected on
// (its view's, or the close-up of the cluster holding the trigger point), and `data-select-*` on
// #map-figure says what to select there. Select it as a click would: the marker and its zones, or
// the region.

/** Select in `figure` what its `data-select-*` names; `map` is the page's BodyMap. */
export async function selectOffline(map, figure) {
  const svg = figure.querySelector("svg.body-map");
  const { selectTp: tp, selectSide: side, selectRegion: region } = figure.dataset;
  if (region) {
    const link = svg.querySelector(`.region[data-region="${CSS.escape(region)}"]`);
    link?.classList.add("selected");
    link?.setAttribute("aria-current", "true");
    return;
  }
  const marker = svg.querySelector(`.trigger-point[data-trigger-point="${CSS.escape(tp)}"][data-side="${CSS.escape(side)}"]`);
  if (!marker) return;
  marker.setAttribute("aria-current", "true");
  const shapes = await map.zoneShapes(figure);  // precached: the zones as the server draws them
  if (map.svg !== svg) return;  // the page moved on meanwhile
  if (shapes) map.painter.adopt(shapes);
  map.selectOptimistically(marker);
}
