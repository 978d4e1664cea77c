"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/** One activity of the bash, as the events stream sends it (ids only: refetch what you show). */
export type BashEvent = { id: string; type: string; entityType: string; entityId: string; actorId: string | null; at: string };

export type BashEventsOptions = {
  /** The newest activity id the page was rendered with: events after it are sent first. Read once. */
  since?: string | null;
  /** The server could not catch this client up (too far behind): reload what the page shows. */
  onReset?: () => void;
};

/**
 * Live activity of one bash over Server-Sent Events. EventSource reconnects by itself and sends
 * Last-Event-ID, so nothing is missed across a dropped connection. Closed on unmount.
 */
export function useBashEvents(bashId: string, onEvent: (e: BashEvent) => void, opts: BashEventsOptions = {}) {
  const onEventRef = useRef(onEvent);
  const onResetRef = useRef(opts.onReset);
  const sinceRef = useRef(opts.since);
  useEffect(() => {
    onEventRef.current = onEvent;
    onResetRef.current = opts.onReset;
  });

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const since = sinceRef.current;
    const url = `/api/bashes/${encodeURIComponent(bashId)}/events${since ? `?lastEventId=${encodeURIComponent(since)}` : ""}`;
    const source = new EventSource(url);
    source.addEventListener("activity", (m: MessageEvent<string>) => {
      let e: BashEvent;
      try {
        e = JSON.parse(m.data) as BashEvent;
      } catch {
        return;
      }
      onEventRef.current(e);
    });
    source.addEventListener("reset", () => onResetRef.current?.());
    return () => source.close();
  }, [bashId]);
}

/**
 * Drop into a server-rendered page to keep it current: refreshes the route (bursts coalesced) when an
 * activity arrives, optionally only for types starting with one of `types` (e.g. ["report.", "help."]).
 * A refresh comes `delayMs` after the first event of a burst. A quiet bash refreshes at once every
 * time; a busy one (dozens of reports a second) at most `burst` times per `windowMs` (one every 2 s),
 * so each open page costs the server one render every few seconds, not three a second. A page in a
 * background tab does not refresh at all: it refreshes once when it is shown again, if anything came.
 */
export function LiveRefresh({
  bashId,
  types,
  since,
  delayMs = 300,
  burst = 3,
  windowMs = 6000,
}: {
  bashId: string;
  types?: string[];
  since?: string | null;
  delayMs?: number;
  burst?: number;
  windowMs?: number;
}) {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const recent = useRef<number[]>([]);
  /** Something arrived while the tab was hidden. */
  const missed = useRef(false);
  const typesKey = types?.join("\n") ?? "";

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState !== "visible" || !missed.current || timer.current) return;
      missed.current = false;
      router.refresh();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [router]);

  useBashEvents(
    bashId,
    (e) => {
      const prefixes = typesKey ? typesKey.split("\n") : null;
      if (prefixes && !prefixes.some((p) => e.type.startsWith(p))) return;
      if (document.visibilityState === "hidden") {
        missed.current = true; // nobody is looking: refresh when the tab is shown again
        return;
      }
      if (timer.current) return; // one refresh per burst
      const now = Date.now();
      recent.current = recent.current.filter((t) => t > now - windowMs);
      const wait = recent.current.length < burst ? delayMs : Math.max(delayMs, recent.current[0] + windowMs - now);
      timer.current = setTimeout(() => {
        timer.current = null;
        if (document.visibilityState === "hidden") {
          missed.current = true;
          return;
        }
        missed.current = false;
        recent.current.push(Date.now());
        router.refresh();
      }, wait);
    },
    {
      since,
      onReset: () => {
        if (document.visibilityState === "hidden") missed.current = true;
        else router.refresh();
      },
    },
  );
  return null;
}
