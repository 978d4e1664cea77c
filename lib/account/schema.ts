import { z } from "zod";
import { OPTIONAL_EMAIL_KINDS } from "@/lib/account/notification-kinds";
import { ZEmail, ZPassword } from "@/lib/users/schema";

/** How many devices one person can keep on their profile. */
export const MAX_SAVED_DEVICES = 10;

export const ZProfile = z.object({
  name: z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(100, "Keep the name under 100 characters."),
  designation: z.string().trim().max(100, "Keep the designation under 100 characters.").default(""),
});

export const ZChangePassword = z
  .object({
    currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(200, "That password is too long."),
    newPassword: ZPassword,
    confirmPassword: z.string({ error: "Type the new password again." }).min(1, "Type the new password again."),
  })
  .superRefine((v, ctx) => {
    if (v.confirmPassword !== v.newPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two new passwords do not match. Type them again." });
    } else if (v.newPassword === v.currentPassword) {
      ctx.addIssue({ code: "custom", path: ["newPassword"], message: "Choose a new password that differs from the current one." });
    }
  });

export const ZDeviceRef = z.object({ deviceId: z.string({ error: "Missing device id." }).min(1, "Missing device id.").max(100, "That device id is not valid.") });

const on = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true" || v === "1");

/** Email on/off per optional kind. A missing kind is off (an unticked checkbox sends nothing). */
export const ZEmailPrefs = z.object(Object.fromEntries(OPTIONAL_EMAIL_KINDS.map((k) => [k.kind, on])) as Record<(typeof OPTIONAL_EMAIL_KINDS)[number]["kind"], typeof on>);

export const ZForgotPassword = z.object({ email: ZEmail });

export const ZResetPassword = z
  .object({
    token: z.string({ error: "This link is incomplete." }).min(20, "This link is incomplete.").max(200, "This link is not valid."),
    password: ZPassword,
    confirm: z.string({ error: "Type the new password again." }).min(1, "Type the new password again."),
  })
  .superRefine((v, ctx) => {
    if (v.confirm !== v.password) ctx.addIssue({ code: "custom", path: ["confirm"], message: "The two passwords do not match. Type them again." });
  });

type DeviceFields = { kind: string; os: string; osVersion: string; browser: string; browserVersion: string; phoneName: string };

const norm = (s: string) => s.trim().toLowerCase();

/** The same device, ignoring case and spacing: adding it twice would only clutter the list. */
export function sameDevice(a: DeviceFields, b: DeviceFields): boolean {
  return (
    a.kind === b.kind &&
    norm(a.os) === norm(b.os) &&
    norm(a.osVersion) === norm(b.osVersion) &&
    norm(a.browser) === norm(b.browser) &&
    norm(a.browserVersion) === norm(b.browserVersion) &&
    norm(a.phoneName) === norm(b.phoneName)
  );
}

/** The fields a device copy carries over (saved profile device ⇄ a bash's device). */
export function deviceFields(d: DeviceFields & { kind: "WEB" | "MOBILE" }) {
  return { kind: d.kind, os: d.os, osVersion: d.osVersion, browser: d.browser, browserVersion: d.browserVersion, phoneName: d.phoneName };
}
