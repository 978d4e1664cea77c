"use server";

import { headers } from "next/headers";
import { after } from "next/server";
import { runPublicAction } from "@/lib/action";
import { FORGOT_SENT_MESSAGE, requestPasswordReset } from "@/lib/account/commands";
import { configuredBaseUrl } from "@/lib/app-url";
import { getDb } from "@/lib/db";

/** The right-most X-Forwarded-For entry is the one our own proxy wrote; the ones left of it can be forged. */
function clientIp(h: Headers): string {
  const hops = (h.get("x-forwarded-for") ?? "").split(",").map((x) => x.trim()).filter(Boolean);
  return hops[hops.length - 1] || h.get("x-real-ip") || "unknown";
}

export async function forgotPasswordAction(input: Record<string, string>) {
  const h = await headers();
  return runPublicAction(async () => {
    const r = await requestPasswordReset(getDb(), input, { ip: clientIp(h), baseUrl: configuredBaseUrl(), defer: (task) => after(task) });
    return { smtp: r.smtp, message: r.smtp ? FORGOT_SENT_MESSAGE : "This Bashboard cannot send email. Ask an admin of this Bashboard for a reset link." };
  });
}
