"use client";

import { useEffect, useState } from "react";

function parts(ms: number) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d} d ${h} h ${m} min`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min ${String(sec).padStart(2, "0")} s`;
}

/**
 * Milliseconds until `targetIso` by the server's clock, ticking every second: the page passes the
 * server's "now", and the difference to this device's clock is applied, so a wrong phone clock does
 * not matter. Null until mounted.
 */
export function useTimeLeft(targetIso: string, serverNowIso: string): number | null {
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    const offset = new Date(serverNowIso).getTime() - Date.now();
    const target = new Date(targetIso).getTime();
    const tick = () => setLeft(target - (Date.now() + offset));
    tick();
    const t = setInterval(tick, 1000);
    return () => clearInterval(t);
  }, [targetIso, serverNowIso]);
  return left;
}

/** Time until `targetIso`, measured against the server's clock (see useTimeLeft). */
export function Countdown({ targetIso, serverNowIso, label, doneText }: { targetIso: string; serverNowIso: string; label: string; doneText: string }) {
  const left = useTimeLeft(targetIso, serverNowIso);
  const initial = new Date(targetIso).getTime() - new Date(serverNowIso).getTime();
  const ms = left ?? initial;
  return (
    <p className="text-sm" data-testid="countdown">
      <span className="text-zinc-700">{label}</span>{" "}
      <span className="font-semibold tabular-nums" suppressHydrationWarning>
        {ms > 0 ? parts(ms) : doneText}
      </span>
    </p>
  );
}
