import { ActionButton, type FormAction } from "@/components/ui/action-form";
import { describeDevice } from "@/lib/devices/schema";

export const ROLE_LABEL: Record<string, string> = { FACILITATOR: "Facilitator", PARTICIPANT: "Participant", TRIAGER: "Triager", OBSERVER: "Observer" };
export const RSVP_LABEL: Record<string, string> = { GOING: "Going", MAYBE: "Maybe", NOT_GOING: "Not going", PENDING: "No answer" };
const RSVP_CLS: Record<string, string> = {
  GOING: "bg-green-50 text-green-800 ring-green-200",
  MAYBE: "bg-amber-50 text-amber-900 ring-amber-200",
  NOT_GOING: "bg-zinc-100 text-zinc-700 ring-zinc-300",
  PENDING: "bg-white text-zinc-700 ring-zinc-300",
};

type Member = {
  id: string;
  userId: string;
  role: string;
  rsvp: string;
  designation: string;
  accessConfirmedAt: Date | null;
  accessNeeded: string;
  accessResolvedAt: Date | null;
  remindedAt: Date | null;
  isPlaceholder: boolean;
  user: { name: string; email: string };
  devices: { id: string; kind: "WEB" | "MOBILE"; os: string; osVersion: string; browser: string; browserVersion: string; phoneName: string }[];
};

export function RsvpCounts({ counts }: { counts: Record<string, number> }) {
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
      {(["GOING", "MAYBE", "NOT_GOING", "PENDING"] as const).map((k) => (
        <div key={k} className="rounded-md border border-zinc-200 px-3 py-2">
          <dt className="text-xs font-medium text-zinc-700">{RSVP_LABEL[k]}</dt>
          <dd className="text-2xl font-semibold tabular-nums" data-testid={`rsvp-${k}`}>
            {counts[k] ?? 0}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function accessText(m: Member) {
  if (m.accessConfirmedAt) return { text: "Has access", cls: "text-green-800" };
  if (m.accessNeeded && m.accessResolvedAt) return { text: "Access sorted", cls: "text-green-800" };
  if (m.accessNeeded) return { text: `Needs: ${m.accessNeeded}`, cls: "text-red-700" };
  return { text: "Access not confirmed", cls: "text-zinc-600" };
}

export function People({
  members,
  openRequests,
  waitingOn,
  resolve,
  remind,
  setRole,
  meId,
}: {
  members: Member[];
  openRequests: Member[];
  waitingOn: Member[];
  resolve: FormAction;
  remind: FormAction;
  setRole: FormAction;
  meId: string;
}) {
  return (
    <div className="space-y-5">
      {openRequests.length > 0 ? (
        <div className="rounded-md border border-red-200 bg-red-50 p-3">
          <h3 className="font-semibold text-red-900">Open access requests ({openRequests.length})</h3>
          <ul className="mt-2 space-y-2">
            {openRequests.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center justify-between gap-2">
                <span className="min-w-0 break-words">
                  <span className="font-medium">{m.user.name}</span> needs: {m.accessNeeded}
                </span>
                <ActionButton action={resolve} input={{ membershipId: m.id }} ariaLabel={`Mark ${m.user.name}'s request resolved`}>
                  Resolved
                </ActionButton>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-zinc-700">
          {waitingOn.length === 0
            ? "Everyone has answered and confirmed access."
            : `Waiting on ${waitingOn.length}: ${waitingOn.map((m) => m.user.name).join(", ")}.`}
        </p>
        {waitingOn.length > 0 ? (
          <ActionButton action={remind} pendingLabel="Sending…">
            Remind {waitingOn.length === 1 ? "them" : `all ${waitingOn.length}`}
          </ActionButton>
        ) : null}
      </div>

      <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200">
        {members.map((m) => {
          const access = accessText(m);
          return (
            <li key={m.id} className="flex flex-wrap items-start gap-x-4 gap-y-2 px-3 py-3">
              <div className="min-w-0 flex-1 basis-56">
                <p className="font-medium">
                  {m.user.name}
                  {m.designation ? <span className="font-normal text-zinc-600"> · {m.designation}</span> : null}
                </p>
                <p className="break-all text-sm text-zinc-600">{m.user.email}</p>
                {m.devices.length ? (
                  <ul className="mt-1 text-sm text-zinc-700">
                    {m.devices.map((d) => (
                      <li key={d.id}>{describeDevice(d)}</li>
                    ))}
                  </ul>
                ) : (
                  <p className="mt-1 text-sm text-zinc-600">No devices yet</p>
                )}
              </div>
              <div className="flex basis-40 flex-col gap-1 text-sm">
                <span className={`inline-flex w-fit rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${RSVP_CLS[m.rsvp]}`}>{RSVP_LABEL[m.rsvp]}</span>
                {m.rsvp !== "NOT_GOING" ? <span className={`break-words ${access.cls}`}>{access.text}</span> : null}
                {m.remindedAt ? <span className="text-zinc-600">Reminded</span> : null}
              </div>
              <div className="flex items-center gap-2">
                <RoleSelect member={m} setRole={setRole} disabled={m.userId === meId} />
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function RoleSelect({ member, setRole, disabled }: { member: Member; setRole: FormAction; disabled: boolean }) {
  if (disabled) return <span className="text-sm font-medium text-zinc-700">{ROLE_LABEL[member.role]} (you)</span>;
  const others = Object.keys(ROLE_LABEL).filter((r) => r !== member.role);
  return (
    <details className="relative">
      <summary className="inline-flex min-h-11 cursor-pointer list-none items-center rounded-md border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-50">
        {ROLE_LABEL[member.role]} <span aria-hidden="true">&nbsp;▾</span>
        <span className="sr-only"> — change {member.user.name}&apos;s role</span>
      </summary>
      <div className="absolute right-0 z-10 mt-1 flex w-48 flex-col gap-1 rounded-md border border-zinc-200 bg-white p-2 shadow-lg">
        {others.map((r) => (
          <ActionButton key={r} action={setRole} input={{ membershipId: member.id, role: r }} className="min-h-11 w-full rounded px-2 text-left text-sm hover:bg-zinc-100">
            Make {ROLE_LABEL[r].toLowerCase()}
          </ActionButton>
        ))}
      </div>
    </details>
  );
}
