import type { Metadata } from "next";
import Link from "next/link";
import { ActionButton } from "@/components/ui/action-form";
import { LocalTime } from "@/components/ui/local-time";
import { btn, card } from "@/components/ui/styles";
import { requireActor } from "@/lib/auth";
import { getBashOverview } from "@/lib/bashes/queries";
import { getDb } from "@/lib/db";
import { listOutbox } from "@/lib/mail/outbox";
import { smtpConfigured } from "@/lib/mail/mailer";
import * as A from "../../actions";
import { loadOr404 } from "../../load";

export const metadata: Metadata = { title: "Outbox" };

const STATUS: Record<string, { label: string; cls: string }> = {
  OUTBOX: { label: "To send by hand", cls: "bg-amber-50 text-amber-900 ring-amber-200" },
  FAILED: { label: "Failed", cls: "bg-red-50 text-red-800 ring-red-200" },
  SENT: { label: "Sent", cls: "bg-green-50 text-green-800 ring-green-200" },
};

export default async function OutboxPage({ params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  const actor = await requireActor();
  const messages = await loadOr404(() => listOutbox(getDb(), actor, bashId));
  const { bash } = await loadOr404(() => getBashOverview(getDb(), actor, bashId));
  const smtp = smtpConfigured();
  const markSent = A.markEmailSentAction.bind(null, bashId);
  const resend = A.resendEmailAction.bind(null, bashId);
  return (
    <div className="space-y-5">
      <nav aria-label="Breadcrumb" className="flex flex-wrap gap-x-2 text-sm">
        <Link href={`/bashes/${bashId}/plan`} className="text-accent-700 underline-offset-2 hover:underline">
          Plan: {bash.title}
        </Link>
      </nav>
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Outbox</h1>
        <p className="text-zinc-700">
          {smtp
            ? "Email is set up: messages are sent as soon as they are written. Failed ones can be sent again from here."
            : "Email sending is not set up (SMTP_URL), so each message waits here. Copy it into your own email or chat, then mark it sent."}
        </p>
      </header>
      {messages.length === 0 ? (
        <p className={`${card} p-6 text-center text-zinc-700`}>No messages yet. Invites, reminders and schedule changes appear here.</p>
      ) : (
        <ul className="space-y-3">
          {messages.map((m) => (
            <li key={m.id} className={`${card} space-y-2 p-4`} data-testid="outbox-message">
              <div className="flex flex-wrap items-center gap-2">
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${STATUS[m.status].cls}`}>{STATUS[m.status].label}</span>
                <span className="min-w-0 flex-1 break-all font-medium">
                  To: {m.toName ? `${m.toName} <${m.toEmail}>` : m.toEmail}
                </span>
                <span className="text-sm text-zinc-600">
                  <LocalTime iso={m.createdAt.toISOString()} />
                </span>
              </div>
              <p className="font-medium">{m.subject}</p>
              {m.error ? <p className="text-sm text-red-700">{m.error}</p> : null}
              {m.link ? (
                <p className="text-sm">
                  Link:{" "}
                  <a href={m.link} className="break-all font-mono text-accent-700 underline">
                    {m.link}
                  </a>
                </p>
              ) : null}
              <details>
                <summary className="cursor-pointer text-sm font-medium text-accent-700">Show the message</summary>
                <pre className="mt-2 max-w-full overflow-x-auto whitespace-pre-wrap break-words rounded bg-zinc-50 p-3 font-sans text-sm">{m.text}</pre>
              </details>
              {m.status !== "SENT" ? (
                <div className="flex flex-wrap gap-2">
                  <ActionButton action={markSent} input={{ id: m.id }} className={btn.secondary}>
                    Mark as sent
                  </ActionButton>
                  {smtp ? (
                    <ActionButton action={resend} input={{ id: m.id }} className={btn.secondary} pendingLabel="Sending…">
                      Send again
                    </ActionButton>
                  ) : null}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
