"use client";

import { useState } from "react";
import { ActionButton, ActionForm, AField, ASelect, ATextarea, type FormAction } from "@/components/ui/action-form";
import { btn, card } from "@/components/ui/styles";

const ROLE_OPTIONS = [
  { value: "PARTICIPANT", label: "Participant" },
  { value: "FACILITATOR", label: "Facilitator" },
  { value: "TRIAGER", label: "Triager" },
  { value: "OBSERVER", label: "Observer (e.g. client representative)" },
];
const ROLE_LABEL: Record<string, string> = { PARTICIPANT: "Participant", FACILITATOR: "Facilitator", TRIAGER: "Triager", OBSERVER: "Observer" };

export type InviteRow = { id: string; role: string; email: string | null; uses: number; maxUses: number | null; expiresAt: string | null; revokedAt: string | null; createdBy: string | null; state: string };

export function Invites({
  createLink,
  inviteByEmail,
  revoke,
  invites,
  smtp,
  outboxHref,
  outboxCount,
}: {
  createLink: FormAction;
  inviteByEmail: FormAction;
  revoke: FormAction;
  invites: InviteRow[];
  smtp: boolean;
  outboxHref: string;
  outboxCount: number;
}) {
  const [link, setLink] = useState<{ url: string; role: string } | null>(null);
  const [copied, setCopied] = useState(false);
  return (
    <div className="grid gap-5 lg:grid-cols-2">
      <div className="space-y-3">
        <h3 className="font-semibold">Invite link</h3>
        <ActionForm
          action={createLink}
          submitLabel="Create invite link"
          pendingLabel="Creating…"
          className="space-y-3"
          ariaLabel="Create invite link"
          onSuccess={(d) => {
            setLink(d as { url: string; role: string });
            setCopied(false);
          }}
        >
          <ASelect label="Role" name="role" options={ROLE_OPTIONS} />
          <div className="grid gap-3 sm:grid-cols-2">
            <AField label="Expires after (days)" name="expiresInDays" type="number" inputMode="numeric" min={1} max={90} defaultValue={14} hint="Empty: never." />
            <AField label="Max uses" name="maxUses" type="number" inputMode="numeric" min={1} max={1000} placeholder="No limit" />
          </div>
        </ActionForm>
        {link ? (
          <div className={`${card} space-y-2 border-accent-600 p-3`}>
            <p className="text-sm font-medium">New {ROLE_LABEL[link.role].toLowerCase()} link — copy it now; it is not shown again.</p>
            <input readOnly value={link.url} aria-label="Invite link" className="w-full rounded border border-zinc-300 bg-zinc-50 px-2 py-2 font-mono text-sm" onFocus={(e) => e.currentTarget.select()} />
            <button
              type="button"
              className={btn.secondary}
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(link.url);
                  setCopied(true);
                } catch {
                  setCopied(false);
                }
              }}
            >
              {copied ? "Copied" : "Copy link"}
            </button>
          </div>
        ) : null}
      </div>
      <div className="space-y-3">
        <h3 className="font-semibold">Invite by email</h3>
        <ActionForm
          action={inviteByEmail}
          submitLabel="Send invites"
          pendingLabel="Sending…"
          className="space-y-3"
          resetOnSuccess
          ariaLabel="Invite by email"
          successMessage={(d) => {
            const r = d as { invited: number; sent: number; failed: number; outbox: number; skipped: string[] };
            const parts = [
              r.sent ? `${r.sent} sent` : null,
              r.outbox ? `${r.outbox} in the outbox to send by hand` : null,
              r.failed ? `${r.failed} failed — see the outbox` : null,
              r.skipped.length ? `${r.skipped.length} already in the bash` : null,
            ].filter(Boolean);
            return `${r.invited} invited: ${parts.join(", ") || "nothing to send"}.`;
          }}
        >
          <ATextarea label="Email addresses" name="emails" rows={3} placeholder={"ana@example.com\nbo@example.com"} hint="One per line or separated by commas. Each person gets their own single-use link." />
          <ASelect label="Role" name="role" options={ROLE_OPTIONS} />
        </ActionForm>
        <p className="text-sm text-zinc-700">
          {smtp ? "Email is set up: invites are sent straight away." : "Email sending is not set up, so invites wait in the "}
          {smtp ? null : (
            <a href={outboxHref} className="font-medium text-accent-700 underline">
              outbox
            </a>
          )}
          {smtp ? null : " with their links, ready to send by hand."}
          {smtp && outboxCount ? (
            <>
              {" "}
              <a href={outboxHref} className="font-medium text-accent-700 underline">
                {outboxCount} messages need attention
              </a>
              .
            </>
          ) : null}
        </p>
      </div>
      {invites.length ? (
        <div className="lg:col-span-2">
          <h3 className="mb-2 font-semibold">Invites ({invites.length})</h3>
          <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 text-sm">
            {invites.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
                <span className="min-w-0 flex-1 basis-48 break-all font-medium">{i.email ?? "Invite link"}</span>
                <span>{ROLE_LABEL[i.role]}</span>
                <span className="tabular-nums text-zinc-700">
                  {i.uses}
                  {i.maxUses !== null ? ` of ${i.maxUses}` : ""} used
                </span>
                <span className={i.state === "Active" ? "text-green-800" : "text-zinc-600"}>{i.state}</span>
                {i.state === "Active" ? (
                  <ActionButton action={revoke} input={{ id: i.id }} className={btn.ghost} confirm="Withdraw this invite? The link stops working." ariaLabel={`Withdraw invite ${i.email ?? "link"}`}>
                    Withdraw
                  </ActionButton>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
