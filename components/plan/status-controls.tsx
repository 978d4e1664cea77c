import { ActionButton, type FormAction } from "@/components/ui/action-form";
import { btn } from "@/components/ui/styles";

const MOVES: Record<string, { to: string; label: string; primary?: boolean; confirm?: string }[]> = {
  DRAFT: [{ to: "SCHEDULED", label: "Schedule", primary: true }],
  SCHEDULED: [
    { to: "LIVE", label: "Start the bash", primary: true, confirm: "Start the bash now? The countdown starts for everyone." },
    { to: "DRAFT", label: "Back to draft" },
  ],
  LIVE: [{ to: "ENDED", label: "End the bash", confirm: "End the bash for everyone? Reporting stops." }],
  ENDED: [
    { to: "CLOSED", label: "Close", primary: true },
    { to: "LIVE", label: "Reopen" },
  ],
  CLOSED: [{ to: "ENDED", label: "Reopen triage" }],
};

export function StatusControls({ status, action }: { status: string; action: FormAction }) {
  return (
    <div className="flex flex-wrap gap-2">
      {(MOVES[status] ?? []).map((m) => (
        <ActionButton key={m.to} action={action} input={{ status: m.to }} className={m.primary ? btn.primary : btn.secondary} confirm={m.confirm}>
          {m.label}
        </ActionButton>
      ))}
    </div>
  );
}
