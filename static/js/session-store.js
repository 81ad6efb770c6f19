// The session with a client: the trigger points picked (muscle, trigger point, side), the pain
// drawing and the client's words. Kept in this tab's sessionStorage and nowhere else: never in a
// request, never in the address. Ending the session clears every storage this origin has here.

import { SESSION_KEY } from "./state-url.js";

const SIDES = ["left", "right"];
const ID = /^[a-z0-9-]+$/;

/** The session as kept, or null when none is open. Anything malformed is dropped, not trusted. */
export function readSession() {
  let raw = null;
  try {
    raw = JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null");
  } catch {
    raw = null;
  }
  if (!raw || typeof raw !== "object" || raw.ending) return null;
  const picks = (Array.isArray(raw.picks) ? raw.picks : [])
    .filter((p) => p && ID.test(p.tp) && SIDES.includes(p.side)).slice(0, 12);
  const marks = new Map((Array.isArray(raw.marks) ? raw.marks : [])
    .filter((m) => Array.isArray(m) && ID.test(m[0]) && [1, 2, 3].includes(m[1])));
  const words = typeof raw.words === "string" ? raw.words.slice(0, 600) : "";
  return { picks, marks, words, showAll: raw.showAll !== false };
}

export function writeSession(session) {
  const kept = { picks: session.picks, marks: [...session.marks], words: session.words, showAll: session.showAll };
  try {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(kept));
  } catch {
    // storage full or blocked: the session lives in the page until it is left
  }
}

export function newSession(marks = new Map()) {
  return { picks: [], marks, words: "", showAll: true };
}

/** Clear everything this origin keeps in this browser's storages (the next client finds nothing). */
export async function clearStorages() {
  for (const store of [() => sessionStorage, () => localStorage]) {
    try {
      store().clear();
    } catch {
      // blocked storage holds nothing
    }
  }
}

/** While End session steps back through the history to another document, that document must know
 * to finish the job: the only thing kept meanwhile, and removed when done. */
export function markEnding() {
  try {
    sessionStorage.setItem(SESSION_KEY, JSON.stringify({ ending: true }));
  } catch {
    // nothing can be kept: nothing was
  }
}

export function isEnding() {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null")?.ending === true;
  } catch {
    return false;
  }
}
