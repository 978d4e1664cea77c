// The email notifications a person may turn off on their account page, by the `kind` the sending code
// passes to queueEmails (lib/mail/mailer.ts). Only these kinds are ever filtered: anything else — a
// password reset link, an invitation, a test email, or a kind added later and not listed here — always goes.
// In-app notifications (the bell) are always on.

export const OPTIONAL_EMAIL_KINDS = [
  { kind: "reminder", label: "Reminders to answer an invite or confirm access", hint: "Sent when a facilitator reminds people before a bash." },
  { kind: "bash.rescheduled", label: "A bash I'm in is rescheduled", hint: "Includes an updated calendar invite." },
  { kind: "report.question", label: "Questions about my bug reports", hint: "A triager asks for more information." },
  { kind: "report.answer", label: "Answers to my questions", hint: "The reporter answered a question I asked." },
] as const;

export type OptionalEmailKind = (typeof OPTIONAL_EMAIL_KINDS)[number]["kind"];

const KINDS: ReadonlySet<string> = new Set(OPTIONAL_EMAIL_KINDS.map((k) => k.kind));

export function isOptionalEmailKind(kind: string): kind is OptionalEmailKind {
  return KINDS.has(kind);
}

/** User.emailPrefs stores only what was turned off: { "report.question": false }. Missing = on. */
export function emailKindEnabled(prefs: unknown, kind: string): boolean {
  if (!isOptionalEmailKind(kind)) return true;
  if (!prefs || typeof prefs !== "object" || Array.isArray(prefs)) return true;
  return (prefs as Record<string, unknown>)[kind] !== false;
}
