// How each person's state looks on the live console (a plain module: the page, on the server, and
// the people list, in the browser, both read it).
import type { PersonState } from "@/lib/live/console";

export const PERSON_STATE: Record<PersonState, { label: string; cls: string; icon: string }> = {
  blocked: { label: "Blocked", cls: "bg-red-50 text-red-800 ring-red-300", icon: "▲" },
  active: { label: "Active", cls: "bg-green-50 text-green-800 ring-green-300", icon: "●" },
  idle: { label: "Idle", cls: "bg-amber-50 text-amber-900 ring-amber-300", icon: "◐" },
  away: { label: "Away", cls: "bg-zinc-100 text-zinc-700 ring-zinc-300", icon: "○" },
  "not-joined": { label: "Not here yet", cls: "bg-zinc-50 text-zinc-600 ring-zinc-200", icon: "○" },
};

export const MISSING_LABEL: Record<string, string> = { steps: "No steps", screenshot: "No screenshot", device: "No device", "expected/actual": "No expected/actual" };
