"use client";

import { useCallback, useSyncExternalStore } from "react";

function subscribe(onChange: () => void) {
  document.addEventListener("fullscreenchange", onChange);
  return () => document.removeEventListener("fullscreenchange", onChange);
}

/**
 * Shows one element of the page full screen (no header, no side margins): what a projector wants.
 * Renders nothing where the browser cannot do it (iPhone Safari), so it never offers a dead button.
 */
export function PresentButton({ targetId, className }: { targetId: string; className?: string }) {
  const enabled = useSyncExternalStore(
    subscribe,
    () => document.fullscreenEnabled,
    () => false,
  );
  const active = useSyncExternalStore(
    subscribe,
    () => document.fullscreenElement?.id === targetId,
    () => false,
  );
  const toggle = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    else void document.getElementById(targetId)?.requestFullscreen().catch(() => {});
  }, [targetId]);
  if (!enabled) return null;
  return (
    <button type="button" onClick={toggle} className={className}>
      {active ? "Leave full screen" : "Full screen"}
    </button>
  );
}
