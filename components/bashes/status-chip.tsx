const BASH_STATUS: Record<string, { label: string; cls: string }> = {
  DRAFT: { label: "Draft", cls: "bg-zinc-100 text-zinc-700 ring-zinc-300" },
  SCHEDULED: { label: "Scheduled", cls: "bg-sky-50 text-sky-800 ring-sky-200" },
  LIVE: { label: "Live now", cls: "bg-green-50 text-green-800 ring-green-300" },
  ENDED: { label: "Ended", cls: "bg-amber-50 text-amber-900 ring-amber-200" },
  CLOSED: { label: "Closed", cls: "bg-zinc-100 text-zinc-700 ring-zinc-300" },
};

export function BashStatusChip({ status }: { status: string }) {
  const s = BASH_STATUS[status] ?? BASH_STATUS.DRAFT;
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${s.cls}`}>
      {status === "LIVE" ? <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-green-600" /> : null}
      {s.label}
    </span>
  );
}

export const REPORT_STATUS_LABEL: Record<string, string> = {
  OPEN: "New",
  NEEDS_INFO: "Needs info",
  CONFIRMED: "Confirmed",
  IN_PROGRESS: "In progress",
  DONE: "Done",
  NOT_A_BUG: "Not a bug",
  DUPLICATE: "Duplicate",
};

const REPORT_STATUS_CLS: Record<string, string> = {
  OPEN: "bg-sky-50 text-sky-800 ring-sky-200",
  NEEDS_INFO: "bg-violet-50 text-violet-800 ring-violet-200",
  CONFIRMED: "bg-green-50 text-green-800 ring-green-200",
  IN_PROGRESS: "bg-amber-50 text-amber-900 ring-amber-200",
  DONE: "bg-zinc-100 text-zinc-700 ring-zinc-300",
  NOT_A_BUG: "bg-zinc-100 text-zinc-700 ring-zinc-300",
  DUPLICATE: "bg-zinc-100 text-zinc-700 ring-zinc-300",
};

export function ReportStatusChip({ status }: { status: string }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${REPORT_STATUS_CLS[status] ?? ""}`}>
      {REPORT_STATUS_LABEL[status] ?? status}
    </span>
  );
}

const PRIORITY_CLS: Record<string, string> = {
  P1: "bg-red-600 text-white",
  P2: "bg-orange-500 text-black",
  P3: "bg-yellow-300 text-black",
  P4: "bg-zinc-300 text-black",
};

export function PriorityChip({ priority }: { priority: string | null }) {
  if (!priority) return <span className="text-xs text-zinc-600">—</span>;
  return <span className={`inline-flex rounded px-1.5 py-0.5 text-xs font-bold ${PRIORITY_CLS[priority]}`}>{priority}</span>;
}
