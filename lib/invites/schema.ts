import { z } from "zod";
import { ZEmail, ZPassword } from "@/lib/users/schema";

export const INVITE_ROLES = ["PARTICIPANT", "FACILITATOR", "TRIAGER", "OBSERVER"] as const;
const role = z.enum(INVITE_ROLES, { error: "Choose a role: participant, facilitator, triager or observer." });

const optionalInt = (min: number, max: number, msg: string) =>
  z.preprocess((v) => (v === "" || v === undefined || v === null ? undefined : v), z.coerce.number({ error: msg }).int(msg).min(min, msg).max(max, msg).optional());

export const ZCreateInviteLink = z.object({
  role: role.default("PARTICIPANT"),
  expiresInDays: optionalInt(1, 90, "Choose an expiry between 1 and 90 days, or leave it empty for no expiry."),
  maxUses: optionalInt(1, 1000, "Allow between 1 and 1000 uses, or leave it empty for no limit."),
});

export const MAX_EMAILS_PER_BATCH = 200;

/** "ana@x.com, Bo <bo@y.com>; cy@z.com" or one per line → unique, lower-cased addresses. */
export function splitEmailList(text: string): { emails: string[]; invalid: string[] } {
  const parts = text
    .split(/[\n,;]+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => p.match(/<([^>]+)>/)?.[1]?.trim() ?? p);
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const p of parts) {
    const r = ZEmail.safeParse(p);
    if (!r.success) invalid.push(p);
    else if (!emails.includes(r.data)) emails.push(r.data);
  }
  return { emails, invalid };
}

export const ZInviteByEmail = z
  .object({ emails: z.string({ error: "Enter at least one email address." }).max(50_000, "That list is too long."), role: role.default("PARTICIPANT") })
  .transform((v, ctx) => {
    const { emails, invalid } = splitEmailList(v.emails);
    if (invalid.length) {
      ctx.addIssue({ code: "custom", path: ["emails"], message: `These are not email addresses: ${invalid.slice(0, 5).join(", ")}${invalid.length > 5 ? ", …" : ""}. Fix them and send again.` });
      return z.NEVER;
    }
    if (emails.length === 0) {
      ctx.addIssue({ code: "custom", path: ["emails"], message: "Enter at least one email address, one per line or separated by commas." });
      return z.NEVER;
    }
    if (emails.length > MAX_EMAILS_PER_BATCH) {
      ctx.addIssue({ code: "custom", path: ["emails"], message: `Invite at most ${MAX_EMAILS_PER_BATCH} people at a time.` });
      return z.NEVER;
    }
    return { emails, role: v.role };
  });

export const ZToken = z.string().trim().min(20, "That invite link is incomplete.").max(200, "That invite link is not valid.");

export const ZAcceptAsNewUser = z.object({
  token: ZToken,
  name: z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(100, "Keep the name under 100 characters."),
  email: ZEmail,
  password: ZPassword,
});
