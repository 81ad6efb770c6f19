// Map state addresses. The server reads the state from the query (/?view=lateral&tp=x). A static
// export (`flask --app webapp export`) stores every state as a page of its own and marks
// <html data-export>: there the same state is /map/view-lateral/tp-x/ (webapp/commands/export.py).
// The pain drawing lives in the fragment (#pain=region:2,...), which only the page reads.

const ORDER = ["view", "side", "tp", "region", "frame", "audience", "both"];
const root = document.documentElement;
const exported = () => "export" in root.dataset;

/** The state arguments of the current address. */
export function currentArgs() {
  if (!exported()) return Object.fromEntries(new URLSearchParams(location.search));
  const match = /^\/map\/(.*)$/.exec(location.pathname);
  const args = {};
  for (const part of (match ? match[1] : "").split("/").filter(Boolean)) {
    const cut = part.indexOf("-");
    args[part.slice(0, cut)] = decodeURIComponent(part.slice(cut + 1));
  }
  return args;
}

/** The address of a map state (`base` is the map's path on the server). */
export function stateHref(base, args) {
  if (!exported()) {
    const query = new URLSearchParams(args).toString();
    return query ? `${base}?${query}` : base;
  }
  const defaults = { view: root.dataset.defaultView, side: root.dataset.defaultSide };
  if (args.tp && args.audience === "client") {  // the client's page of a trigger point is its handout
    return `/handout/${args.side && args.side !== defaults.side ? `side-${args.side}/` : ""}tp-${args.tp}/`;
  }
  const parts = ORDER.filter((k) => args[k] && args[k] !== defaults[k]).map((k) => `${k}-${args[k]}`);
  return parts.length ? `/map/${parts.join("/")}/` : "/";
}

/** Whether an address shows the map (so the page can move there without a reload). */
export function isMapPath(pathname) {
  return exported() ? pathname === "/" || pathname.startsWith("/map/") : pathname === location.pathname;
}

/** The pain drawing in a fragment: region id -> intensity 1..3. */
export function parseMarks(hash) {
  const match = /(?:^#|&)pain=([^&]*)/.exec(hash || "");
  const marks = new Map();
  if (!match) return marks;
  for (const item of decodeURIComponent(match[1]).split(",")) {
    const [region, level = "1"] = item.split(":");
    if (/^[a-z0-9-]+$/.test(region) && ["1", "2", "3"].includes(level)) marks.set(region, Number(level));
  }
  return marks;
}

export function formatMarks(marks) {
  if (!marks.size) return "";
  return "#pain=" + [...marks].map(([r, n]) => (n === 1 ? r : `${r}:${n}`)).join(",");
}

/** A session with a client (picks, drawing, words) kept in this tab's sessionStorage only. */
export const SESSION_KEY = "referral-map.session";

export function hasSession() {
  try {
    return Boolean(sessionStorage.getItem(SESSION_KEY));
  } catch {
    return false;  // storage blocked: no session can have been kept
  }
}
