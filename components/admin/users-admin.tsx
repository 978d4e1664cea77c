"use client";

// The interactive parts of /admin/users: inviting someone, one-time password links (shown once, with a
// copy button), and the per-person actions. The list itself is rendered on the server.
import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { ACheckbox, ActionButton, ActionForm, AField, type FormAction } from "@/components/ui/action-form";
import { LocalTime } from "@/components/ui/local-time";
import { btn, card } from "@/components/ui/styles";

export type LinkView = { name: string; email: string; link: string | null; expiresAt: string; emailStatus: string | null; emailError: string };

type LinkResult = { ok: true; data: LinkView } | { ok: false; message: string; fieldErrors?: Record<string, string> };
export type LinkAction = (input: Record<string, string>) => Promise<LinkResult>;

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={btn.secondary}
      aria-label={copied ? `${label} copied` : `Copy ${label.toLowerCase()}`}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
        } catch {
          setCopied(false);
        }
      }}
    >
      {copied ? "Copied" : "Copy link"}
    </button>
  );
}

/** A freshly made link: shown once (copy it now), or where it was emailed. */
export function LinkPanel({ view, kind, onClose }: { view: LinkView; kind: "invite" | "reset"; onClose?: () => void }) {
  const id = useId();
  const label = `${kind === "invite" ? "Invite link" : "Reset link"} for ${view.name}`;
  const emailed = view.emailStatus === "SENT";
  return (
    <div className={`${card} space-y-2 border-accent-600 bg-accent-50/40 p-3`}>
      {emailed ? (
        <p className="text-sm font-medium text-emerald-800">Emailed the link to {view.email}.</p>
      ) : view.emailStatus === "FAILED" || view.emailStatus === "OUTBOX" ? (
        <p className="text-sm font-medium text-red-700">
          The email to {view.email} was not sent{view.emailError ? `: ${view.emailError}` : "."} Pass the link on yourself.
        </p>
      ) : null}
      {view.link ? (
        <>
          <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
            {label}
          </label>
          <p className="text-sm text-zinc-700">
            Copy it now; it is not shown again. It works once, until <LocalTime iso={view.expiresAt} />.
          </p>
          <div className="flex flex-col gap-2 sm:flex-row">
            <input
              id={id}
              readOnly
              value={view.link}
              className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-2 font-mono text-sm"
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton text={view.link} label={label} />
          </div>
        </>
      ) : null}
      {onClose ? (
        <button type="button" className="text-sm font-medium text-accent-700 underline" onClick={onClose}>
          Done
        </button>
      ) : null}
    </div>
  );
}

export function InviteUserForm({ action, smtp }: { action: LinkAction; smtp: boolean }) {
  const [view, setView] = useState<LinkView | null>(null);
  return (
    <div className="space-y-3">
      <ActionForm
        action={action}
        submitLabel="Invite"
        pendingLabel="Inviting…"
        resetOnSuccess
        ariaLabel="Invite a user"
        className="space-y-3"
        onSuccess={(d) => setView(d as LinkView)}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          <AField label="Name" name="name" autoComplete="off" required />
          <AField label="Email" name="email" type="email" autoComplete="off" required />
        </div>
        <ACheckbox label="Make them an admin" name="isAdmin" hint="Admins manage users and settings for the whole install." />
        <p className="text-sm text-zinc-600">
          {smtp ? "They get an email with a link to choose their password (valid for a week)." : "Email is not set up: you get a one-time link (valid for a week) to pass on yourself."}
        </p>
      </ActionForm>
      {view ? <LinkPanel view={view} kind="invite" onClose={() => setView(null)} /> : null}
    </div>
  );
}

/** "Generate reset link" (or a fresh invite link for someone who never set a password). */
export function PasswordLinkButton({ action, userId, name, invited, smtp }: { action: LinkAction; userId: string; name: string; invited: boolean; smtp: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [view, setView] = useState<LinkView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sendEmail, setSendEmail] = useState(false);
  const checkboxId = useId();
  const buttonLabel = invited ? "New invite link" : "Generate reset link";
  return (
    <div className="w-full space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          className={btn.secondary}
          disabled={pending}
          aria-label={`${buttonLabel} for ${name}`}
          onClick={() => {
            setError(null);
            startTransition(async () => {
              let res: LinkResult;
              try {
                res = await action({ userId, sendEmail: sendEmail ? "on" : "" });
              } catch {
                res = { ok: false, message: "Could not reach Bashboard. Check your connection and try again." };
              }
              if (!res.ok) {
                setError(res.message);
                return;
              }
              setView(res.data);
              router.refresh();
            });
          }}
        >
          {pending ? "Generating…" : buttonLabel}
        </button>
        {smtp ? (
          <span className="inline-flex items-center gap-2">
            <input id={checkboxId} type="checkbox" className="size-5 accent-accent-600" checked={sendEmail} onChange={(e) => setSendEmail(e.target.checked)} />
            <label htmlFor={checkboxId} className="text-sm text-zinc-800">
              Email it to them too
            </label>
          </span>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
      {view ? <LinkPanel view={view} kind={invited ? "invite" : "reset"} onClose={() => setView(null)} /> : null}
    </div>
  );
}

export type UserActionsProps = {
  user: { id: string; name: string; isAdmin: boolean; status: "active" | "invited" | "deactivated" };
  isSelf: boolean;
  smtp: boolean;
  passwordLink: LinkAction;
  setAdmin: FormAction;
  deactivate: FormAction;
  reactivate: FormAction;
};

export function UserActions({ user, isSelf, smtp, passwordLink, setAdmin, deactivate, reactivate }: UserActionsProps) {
  if (user.status === "deactivated") {
    return (
      <div className="flex flex-wrap gap-2">
        <ActionButton action={reactivate} input={{ userId: user.id }} ariaLabel={`Reactivate ${user.name}`} pendingLabel="Reactivating…">
          Reactivate
        </ActionButton>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <PasswordLinkButton action={passwordLink} userId={user.id} name={user.name} invited={user.status === "invited"} smtp={smtp} />
      <div className="flex flex-wrap gap-2">
        {user.isAdmin ? (
          <ActionButton
            action={setAdmin}
            input={{ userId: user.id, isAdmin: "false" }}
            ariaLabel={`Remove admin from ${user.name}`}
            confirm={isSelf ? "Remove your own admin rights? You will lose access to this page." : `Remove admin rights from ${user.name}?`}
            pendingLabel="Saving…"
          >
            Remove admin
          </ActionButton>
        ) : (
          <ActionButton action={setAdmin} input={{ userId: user.id, isAdmin: "true" }} ariaLabel={`Make ${user.name} an admin`} confirm={`Make ${user.name} an admin of this Bashboard?`} pendingLabel="Saving…">
            Make admin
          </ActionButton>
        )}
        {isSelf ? null : (
          <ActionButton
            action={deactivate}
            input={{ userId: user.id }}
            ariaLabel={`Deactivate ${user.name}`}
            confirm={`Deactivate ${user.name}? They can no longer sign in and their API tokens stop working. Their reports keep their name.`}
            className={`${btn.secondary} border-red-300 text-red-800 hover:bg-red-50`}
            pendingLabel="Deactivating…"
          >
            Deactivate
          </ActionButton>
        )}
      </div>
    </div>
  );
}
