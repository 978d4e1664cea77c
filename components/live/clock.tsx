"use client";

// Client pieces of the bash clock: the "need more time?" last call, presence pings, and a timer that
// refreshes a server-rendered page on its own (idle minutes, the countdown's end).
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { useTimeLeft } from "@/components/bashes/countdown";
import { btn } from "@/components/ui/styles";

type Result = { ok: true } | { ok: false; message: string };

/** Shown from LAST_CALL minutes before the end (server clock): "5 minutes left — need more time?". */
export function LastCall({
  endsAtIso,
  serverNowIso,
  minutes,
  wants,
  action,
}: {
  endsAtIso: string;
  serverNowIso: string;
  minutes: number;
  wants: boolean;
  action: (input: Record<string, unknown>) => Promise<Result | { ok: boolean; message?: string }>;
}) {
  const router = useRouter();
  const left = useTimeLeft(endsAtIso, serverNowIso);
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (left === null || left > minutes * 60_000) return null;
  const over = left <= 0;
  const answer = (value: boolean) =>
    start(async () => {
      setError(null);
      const r = await action({ wants: value });
      if (!r.ok) setError(("message" in r && r.message) || "That did not work; try again.");
      router.refresh();
    });
  return (
    <section aria-label="Last call" role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4">
      <p className="font-semibold text-amber-950">{over ? "Time is up — finish the report you are on." : `${Math.ceil(left / 60_000)} minutes left — need more time?`}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        {wants ? (
          <>
            <span className="text-sm font-medium text-amber-950">✓ You asked for more time. The facilitators see it.</span>
            <button type="button" className={btn.ghost} disabled={pending} onClick={() => answer(false)}>
              I&apos;m done after all
            </button>
          </>
        ) : (
          <button type="button" className={btn.primary} disabled={pending} onClick={() => answer(true)}>
            Yes, I need more time
          </button>
        )}
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** "I'm here" about once a minute while the page is visible; `active` after a key press or tap. */
export function PresencePing({ action }: { action: (input: Record<string, unknown>) => Promise<unknown> }) {
  const active = useRef(false);
  useEffect(() => {
    const mark = () => (active.current = true);
    const ping = () => {
      if (document.visibilityState !== "visible") return;
      const a = active.current;
      active.current = false;
      void action({ active: a }).catch(() => undefined);
    };
    window.addEventListener("keydown", mark);
    window.addEventListener("pointerdown", mark);
    document.addEventListener("visibilitychange", ping);
    ping();
    const t = setInterval(ping, 60_000);
    return () => {
      clearInterval(t);
      window.removeEventListener("keydown", mark);
      window.removeEventListener("pointerdown", mark);
      document.removeEventListener("visibilitychange", ping);
    };
  }, [action]);
  return null;
}

/** Re-render the server page every `seconds` (presence and idle times change without events). */
export function AutoRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, seconds * 1000);
    return () => clearInterval(t);
  }, [router, seconds]);
  return null;
}
