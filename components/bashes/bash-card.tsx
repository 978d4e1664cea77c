import Link from "next/link";
import { BashStatusChip } from "@/components/bashes/status-chip";
import { LocalTime } from "@/components/ui/local-time";

const ROLE_LABEL: Record<string, string> = {
  FACILITATOR: "Facilitator",
  PARTICIPANT: "Participant",
  TRIAGER: "Triager",
  OBSERVER: "Observer",
};

export type BashCardData = {
  id: string;
  title: string;
  product: string;
  release: string;
  status: string;
  scheduledStart: string | null;
  durationMinutes: number;
  role: string;
  reportCount: number;
  memberCount: number;
};

export function BashCard({ bash, prominent = false }: { bash: BashCardData; prominent?: boolean }) {
  const subtitle = [bash.product, bash.release].filter(Boolean).join(" · ");
  return (
    <li>
      <Link
        href={`/bashes/${bash.id}`}
        className={`block rounded-lg border bg-white p-4 shadow-sm transition hover:border-accent-600 ${prominent ? "border-green-300 ring-1 ring-green-200" : "border-zinc-200"}`}
      >
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <h3 className="truncate font-semibold text-zinc-900">{bash.title}</h3>
            {subtitle ? <p className="truncate text-sm text-zinc-700">{subtitle}</p> : null}
          </div>
          <BashStatusChip status={bash.status} />
        </div>
        <dl className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-700">
          <div>
            <dt className="sr-only">When</dt>
            <dd>{bash.scheduledStart ? <LocalTime iso={bash.scheduledStart} /> : "Not scheduled yet"}</dd>
          </div>
          <div>
            <dt className="sr-only">Duration</dt>
            <dd>{bash.durationMinutes} min</dd>
          </div>
          <div>
            <dt className="sr-only">Reports</dt>
            <dd>
              {bash.reportCount} report{bash.reportCount === 1 ? "" : "s"}
            </dd>
          </div>
          <div>
            <dt className="sr-only">People</dt>
            <dd>
              {bash.memberCount} {bash.memberCount === 1 ? "person" : "people"}
            </dd>
          </div>
          <div>
            <dt className="sr-only">Your role</dt>
            <dd className="font-medium text-zinc-800">{ROLE_LABEL[bash.role] ?? bash.role}</dd>
          </div>
        </dl>
      </Link>
    </li>
  );
}
