"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** A time in the viewer's own time zone, with the zone named. Server render shows UTC. */
export function LocalTime({ iso, withTime = true }: { iso: string; withTime?: boolean }) {
  const text = useSyncExternalStore(
    subscribe,
    () => format(iso, withTime, undefined),
    () => format(iso, withTime, "UTC"),
  );
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {text}
    </time>
  );
}

function format(iso: string, withTime: boolean, timeZone: string | undefined) {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    ...(withTime ? { hour: "2-digit", minute: "2-digit", timeZoneName: "short" } : {}),
  }).format(new Date(iso));
}
