"use client";

// The live console's two long lists, drawn in the browser from plain data. The console refreshes
// every couple of seconds in a busy bash; with these as client components a refresh sends each
// report and person as a few fields instead of their rendered markup (a fifth of the bytes), and the
// server does not render a hundred feed items and a crowd of people every time.
import Link from "next/link";
import { ReportStatusChip } from "@/components/bashes/status-chip";
import { MISSING_LABEL, PERSON_STATE } from "@/components/live/person-state";
import { ActionButton, type FormAction } from "@/components/ui/action-form";
import { btn } from "@/components/ui/styles";
import type { PersonState } from "@/lib/live/console";

const SEVERITY_LABEL: Record<string, string> = { CRITICAL: "Critical", MAJOR: "Major", MINOR: "Minor", TRIVIAL: "Trivial" };

export type ConsoleFeedItem = {
  id: string;
  number: number;
  title: string;
  status: string;
  reporterName: string;
  featureName: string | null;
  device: string;
  severity: string | null;
  meToos: number;
  attachmentCount: number;
  thumbUrl: string | null;
  missing: string[];
  nudged: boolean;
};

export function ConsoleFeed({ bashId, items, nudge }: { bashId: string; items: ConsoleFeedItem[]; nudge: FormAction }) {
  return (
    <ul className="divide-y divide-zinc-100" aria-label="Report feed">
      {items.map((r) => (
        <li key={r.id} className="flex gap-3 px-4 py-3" data-testid="feed-item">
          {r.thumbUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- our own authorised route
            <img src={r.thumbUrl} alt={`Screenshot for #${r.number}`} className="h-14 w-16 shrink-0 rounded border border-zinc-200 object-cover" />
          ) : (
            <span className="flex h-14 w-16 shrink-0 items-center justify-center rounded border border-dashed border-zinc-300 text-xs text-zinc-600">
              {r.attachmentCount ? "▶ video" : "no file"}
            </span>
          )}
          <div className="min-w-0 flex-1 space-y-1">
            <p className="text-sm">
              <Link href={`/bashes/${bashId}/reports/${r.number}`} className="font-semibold underline-offset-2 hover:underline">
                #{r.number} {r.title}
              </Link>
            </p>
            <p className="text-xs text-zinc-700">
              {[r.reporterName, r.featureName, r.device, r.severity ? SEVERITY_LABEL[r.severity] : null, r.meToos ? `+${r.meToos}` : null].filter(Boolean).join(" · ")}
            </p>
            <div className="flex flex-wrap items-center gap-2">
              <ReportStatusChip status={r.status} />
              {r.missing.map((m) => (
                <span key={m} className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-950">
                  ⚠ {MISSING_LABEL[m]}
                </span>
              ))}
              {r.missing.length ? (
                r.nudged ? (
                  <span className="text-xs text-zinc-600">Details requested</span>
                ) : (
                  <ActionButton action={nudge} input={{ reportId: r.id }} className={`${btn.ghost} min-h-8 py-1 text-xs`} ariaLabel={`Request details for #${r.number}`}>
                    Request details
                  </ActionButton>
                )
              ) : null}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}

export type ConsolePerson = { userId: string; name: string; state: PersonState; idleMinutes: number | null; reports: number; wantsMoreTime: boolean };

export function PeopleList({ people }: { people: ConsolePerson[] }) {
  return (
    <ul className="divide-y divide-zinc-100" aria-label="People">
      {people.map((p) => {
        const s = PERSON_STATE[p.state];
        return (
          <li key={p.userId} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm">
            <span className="min-w-0 flex-1 font-medium">{p.name}</span>
            <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${s.cls}`}>
              <span aria-hidden="true">{s.icon}</span>
              {s.label}
              {p.state === "idle" || p.state === "away" ? ` ${p.idleMinutes} min` : ""}
            </span>
            <span className="w-20 text-right tabular-nums text-zinc-700">
              {p.reports} report{p.reports === 1 ? "" : "s"}
            </span>
            {p.wantsMoreTime ? <span className="text-xs font-medium text-amber-900">wants more time</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
