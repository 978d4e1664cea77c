"use client";

// The plan page's team-chat card: the bash's incoming-webhook URL (shown only by its host: the URL is
// a secret), a test message with the chat's answer, and the recent posts with their status.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Section } from "@/components/plan/section";
import { ActionButton, ActionForm, AField, type FormAction } from "@/components/ui/action-form";
import { LocalTime } from "@/components/ui/local-time";
import { btn } from "@/components/ui/styles";

type PostStatus = "PENDING" | "SENT" | "FAILED";
export type ChatPostView = {
  id: string;
  kind: string;
  status: PostStatus;
  attempts: number;
  lastError: string;
  preview: string;
  createdAt: Date | string;
  nextAttemptAt: Date | string;
};
type Outcome = { postId: string; status: PostStatus; error: string };
type OutcomeResult = { ok: true; data: Outcome } | { ok: false; message: string };

const KIND_LABEL: Record<string, string> = {
  "bash.started": "Start",
  "bash.extended": "Extension",
  "bash.ended": "End",
  "report.critical": "Critical report",
  test: "Test",
};

const STATUS: Record<PostStatus, { label: string; cls: string }> = {
  SENT: { label: "Posted", cls: "bg-green-50 text-green-800 ring-green-300" },
  PENDING: { label: "Waiting", cls: "bg-amber-50 text-amber-900 ring-amber-200" },
  FAILED: { label: "Failed", cls: "bg-red-50 text-red-800 ring-red-200" },
};

const iso = (d: Date | string) => new Date(d).toISOString();

export function ChatCard({
  host,
  posts,
  save,
  sendTest,
  retry,
}: {
  /** The saved webhook's host ("hooks.slack.com"), or null when none is set. */
  host: string | null;
  posts: ChatPostView[];
  save: FormAction;
  sendTest: (input: Record<string, string>) => Promise<OutcomeResult>;
  retry: FormAction;
}) {
  // An empty field would clear the webhook: that is what "Remove" is for, so say so instead.
  const saveUrl: FormAction = async (input) => {
    if (!(input.webhookUrl ?? "").trim()) {
      const message = host ? "Paste the new webhook URL. To stop posting, use Remove webhook." : "Paste the incoming-webhook URL from Slack or Teams.";
      return { ok: false, message, fieldErrors: { webhookUrl: message } };
    }
    return save(input);
  };

  return (
    <Section
      id="chat"
      title="Team chat"
      description="Post the start, extensions, end and every critical report to a Slack or Teams channel through an incoming webhook."
    >
      <div className="space-y-4">
        <p className="text-sm text-zinc-700" data-testid="chat-webhook-state">
          {host ? (
            <>
              Posting to <span className="font-medium text-zinc-900">{host}</span>.
            </>
          ) : (
            "No webhook yet: nothing is posted to a chat."
          )}
        </p>
        <ActionForm
          action={saveUrl}
          submitLabel={host ? "Replace webhook" : "Save webhook"}
          successMessage="Saved."
          resetOnSuccess
          className="space-y-3"
          ariaLabel="Team chat webhook"
        >
          <AField
            label="Webhook URL"
            name="webhookUrl"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder={host ? `${host}/••••••••` : "https://hooks.slack.com/services/…"}
            hint={
              host
                ? "Saved; only its host is shown. Paste a new URL to replace it."
                : "Slack: an Incoming Webhook of your app. Teams: the channel's Incoming Webhook. Anyone with the URL can post to the channel, so it is never shown again."
            }
          />
        </ActionForm>
        {host ? (
          <div className="flex flex-wrap items-start gap-3">
            <TestButton sendTest={sendTest} />
            <ActionButton action={save} input={{ webhookUrl: "" }} confirm={`Stop posting to ${host}?`} pendingLabel="Removing…">
              Remove webhook
            </ActionButton>
          </div>
        ) : null}
        {posts.length ? (
          <div>
            <h3 className="mb-2 font-semibold">Recent posts</h3>
            <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 text-sm">
              {posts.map((p) => (
                <li key={p.id} className="space-y-1 px-3 py-2" data-testid="chat-post">
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <span className="font-medium">{KIND_LABEL[p.kind] ?? p.kind}</span>
                    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${STATUS[p.status].cls}`}>
                      {STATUS[p.status].label}
                    </span>
                    <span className="text-zinc-700">
                      <LocalTime iso={iso(p.createdAt)} />
                    </span>
                    {p.status === "FAILED" ? (
                      <span className="ml-auto">
                        <ActionButton action={retry} input={{ postId: p.id }} pendingLabel="Retrying…" ariaLabel={`Retry the ${(KIND_LABEL[p.kind] ?? p.kind).toLowerCase()} message`}>
                          Retry
                        </ActionButton>
                      </span>
                    ) : null}
                  </div>
                  <p className="line-clamp-2 break-words text-zinc-700">{p.preview}</p>
                  {p.status !== "SENT" && p.lastError ? (
                    <p className="break-words text-red-800">
                      {p.lastError}
                      {p.status === "PENDING" ? (
                        <>
                          {" "}
                          Tried {p.attempts} {p.attempts === 1 ? "time" : "times"}; next try <LocalTime iso={iso(p.nextAttemptAt)} />.
                        </>
                      ) : null}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </Section>
  );
}

/** "Send a test message", then what the chat answered. */
function TestButton({ sendTest }: { sendTest: (input: Record<string, string>) => Promise<OutcomeResult> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <button
        type="button"
        className={btn.secondary}
        disabled={pending}
        onClick={() => {
          setResult(null);
          startTransition(async () => {
            let res: OutcomeResult;
            try {
              res = await sendTest({});
            } catch {
              res = { ok: false, message: "Could not reach Bashboard. Check your connection and try again." };
            }
            if (!res.ok) setResult({ ok: false, text: res.message });
            else if (res.data.status === "SENT") setResult({ ok: true, text: "Test message posted. Check the channel." });
            else setResult({ ok: false, text: `The chat did not take the test message: ${res.data.error || "no answer."}` });
            router.refresh();
          });
        }}
      >
        {pending ? "Sending…" : "Send a test message"}
      </button>
      <span aria-live="polite" className="text-sm">
        {result ? (
          result.ok ? (
            <span className="font-medium text-emerald-800">{result.text}</span>
          ) : (
            <span role="alert" className="font-medium text-red-700">
              {result.text}
            </span>
          )
        ) : null}
      </span>
    </span>
  );
}
