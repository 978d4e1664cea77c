import { z } from "zod";
import { chatHttpAllowed } from "@/lib/chat/webhook";

export const WEBHOOK_URL_MAX = 2000;

/**
 * The team-chat webhook of a bash. Empty clears it; otherwise an https:// URL (plain http only when
 * CHAT_WEBHOOK_ALLOW_HTTP=1, read when parsing so tests and local relays can turn it on).
 */
export const ZChatWebhook = z.object({
  webhookUrl: z
    .string({ error: "Paste the incoming-webhook URL from Slack or Teams, or leave it empty." })
    .trim()
    .max(WEBHOOK_URL_MAX, `That URL is too long: a webhook URL has at most ${WEBHOOK_URL_MAX} characters.`)
    .superRefine((v, ctx) => {
      if (v === "") return;
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        ctx.addIssue({ code: "custom", message: "Paste the whole webhook URL; it starts with https://." });
        return;
      }
      if (/\s/.test(v) || !url.hostname) {
        ctx.addIssue({ code: "custom", message: "Paste the whole webhook URL; it starts with https://." });
      } else if (url.protocol === "http:" && !chatHttpAllowed()) {
        ctx.addIssue({ code: "custom", message: "Use an https:// webhook URL: plain http:// would send the bash's messages unencrypted." });
      } else if (url.protocol !== "https:" && url.protocol !== "http:") {
        ctx.addIssue({ code: "custom", message: "Paste the whole webhook URL; it starts with https://." });
      }
    }),
});
export type TChatWebhook = z.infer<typeof ZChatWebhook>;

export const ZChatPostId = z.string({ error: "Choose a chat message." }).trim().min(1, "Choose a chat message.");
